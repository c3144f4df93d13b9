import Foundation
import GlassboxCore
@testable import GlassboxExplain
@testable import GlassboxModels
import GlassboxSimulation
import GlassboxTabular
import GlassboxTestSupport
import Testing

/// Permutation importance's path-interval pass (``TreePathPermutation``) against brute force: every permuted
/// margin equals, bit for bit, the grid sum of the permuted row's leaves over all trees, on XGBoost, LightGBM
/// and PMML fixtures (categorical splits, missing values, LightGBM's zero band, values exactly at, and one
/// float or double beside, every threshold), whatever the chunking (so whatever the thread count).
@Suite("Tree permutation importance by path intervals")
struct TreePathPermutationTests {
    static func model(_ format: TreeModelFormat, _ path: String) throws -> TreeEnsembleModelFile {
        let bytes = try [UInt8](Data(contentsOf: Repository.fixture(path)))
        return try TreeEnsembleModelFile.importing(format, bytes: bytes, fileName: URL(fileURLWithPath: path).lastPathComponent,
                                                   manifest: Provenance(commandLine: ["test"], data: nil, blas: ""))
    }

    static let fixtures: [(TreeModelFormat, String)] = [
        (.xgboost, "reference/xgboost-turnout/turnout.json"),
        (.xgboost, "reference/xgboost/logistic-categorical.json"),
        (.xgboost, "reference/xgboost/reg-logistic.ubj"),
        (.xgboost, "reference/xgboost/logitraw.json"),
        (.lightgbm, "reference/trees/lightgbm-gbdt.txt"),
        (.lightgbm, "reference/trees/lightgbm-rf.txt"),
        (.pmml, "reference/trees/pmml-gbm.pmml"),
        (.pmml, "reference/trees/pmml-rf.pmml"),
    ]

    /// Rows whose values come from per-feature pools holding every threshold of the feature, the neighbouring
    /// doubles and floats, NaN, ±0, LightGBM's zero band edges, category codes (and non-whole or negative
    /// values), so that permuted values land exactly on, and just beside, every split.
    static func edgeMatrix(_ ensemble: TreeEnsemble, rows n: Int, seed: UInt64) -> TreeFeatureMatrix {
        let p = ensemble.features.count
        var pools = [[Double]](repeating: [.nan, 0, -0.0, 1e-35, -1.0000000180025095e-35, 1.00000002e-35, 1, 2, 2.5, -1, 7, 1e6],
                               count: p)
        for tree in ensemble.trees {
            for node in tree.nodes where !node.isLeaf {
                let j = Int(node.feature)
                if node.rule == .categoryIn {
                    pools[j] += node.categories.map(Double.init) + node.categories.map { Double($0) + 0.5 }
                } else {
                    let t = node.threshold, f = Float(t)
                    pools[j] += [t, t.nextUp, t.nextDown, Double(f), Double(f.nextUp), Double(f.nextDown)]
                }
            }
        }
        return draw(pools: pools, rows: n, seed: seed)
    }

    /// `n` rows whose feature j values are drawn from `pools[j]`.
    static func draw(pools: [[Double]], rows n: Int, seed: UInt64) -> TreeFeatureMatrix {
        let p = pools.count
        var generator = SeededGenerator(seed: seed)
        var values = [Double]()
        values.reserveCapacity(n * p)
        for _ in 0..<n {
            for j in 0..<p { values.append(pools[j][generator.nextInt(below: pools[j].count)]) }
        }
        return TreeFeatureMatrix(rows: n, columns: p, values: values)
    }

    static func shuffle(seed: UInt64) -> @Sendable (Int, Int, UnsafeMutableBufferPointer<Double>) -> Void {
        { f, r, column in
            var generator = SeededGenerator(seed: seed, stream: UInt64(f * 10 + r))
            generator.shuffle(column)
        }
    }

    /// The naive oracle: every row with column `j` replaced by its repeat-`r` shuffle, walked through every tree.
    static func naivePermutedMargins(_ pass: TreePathPermutation, _ matrix: TreeFeatureMatrix, feature j: Int, repeat r: Int,
                                     shuffle: (Int, Int, UnsafeMutableBufferPointer<Double>) -> Void) -> [Double] {
        var column = (0..<matrix.rows).map { matrix.values[$0 * matrix.columns + j] }
        column.withUnsafeMutableBufferPointer { shuffle(j, r, $0) }
        return pass.compiled.leafSums(matrix, trees: Array(0..<pass.compiled.treeCount), values: pass.values, feature: j, replacement: column)
            .map { pass.base + $0 }
    }

    @Test("every permuted margin equals the grid sum of the permuted row's leaves, on every fixture",
          arguments: fixtures.indices)
    func permutedMarginsEqualBruteForce(fixture: Int) throws {
        let (format, path) = Self.fixtures[fixture]
        let model = try Self.model(format, path)
        let scorer = TreeModelScorer(model: model)
        let matrix = Self.edgeMatrix(model.ensemble, rows: 1_500, seed: UInt64(fixture + 1))
        let pass = try #require(TreePathPermutation(scorer, matrix: matrix, chunkRows: 100))
        let group = Array(0..<matrix.columns), repeats = 2
        let run = pass.run(group: group, repeats: repeats, shuffle: Self.shuffle(seed: 9))
        let compiled = scorer.compiled
        let allTrees = Array(0..<compiled.treeCount)
        let base = pass.base
        #expect(run.margins == compiled.leafSums(matrix, trees: allTrees, values: pass.values).map { base + $0 })
        let p = matrix.columns
        var changedRows = 0
        for (g, j) in group.enumerated() {
            for r in 0..<repeats {
                var column = (0..<matrix.rows).map { matrix.values[$0 * p + j] }
                column.withUnsafeMutableBufferPointer { Self.shuffle(seed: 9)(j, r, $0) }
                let expected = compiled.leafSums(matrix, trees: allTrees, values: pass.values, feature: j, replacement: column).map { base + $0 }
                let permuted = run.permuted.slot(g * repeats + r)
                #expect(permuted == expected, "\(path) feature \(j) repeat \(r)")
                changedRows += zip(permuted, run.margins).filter { $0 != $1 }.count
                // An independent walk (the ensemble's own double arithmetic, TreeNode.goesLeft): equal to grid rounding.
                for i in stride(from: 0, to: matrix.rows, by: 7) {
                    var row = Array(matrix.values[i * p..<(i + 1) * p])
                    row[j] = column[i]
                    let margin = model.ensemble.margin(row)
                    if !margin.isNaN { #expect(abs(permuted[i] - margin) < 1e-9, "\(path) feature \(j) row \(i)") }
                }
            }
        }
        #expect(changedRows > 0)
    }

    @Test("the pass gives the same bytes whatever the chunk size (hence the thread count) and feature grouping")
    func chunkingDoesNotChangeBytes() throws {
        let model = try Self.model(.lightgbm, "reference/trees/lightgbm-gbdt.txt")
        let scorer = TreeModelScorer(model: model)
        let matrix = Self.edgeMatrix(model.ensemble, rows: 1_000, seed: 4)
        let whole = try #require(TreePathPermutation(scorer, matrix: matrix, chunkRows: matrix.rows))
        let single = whole.run(group: Array(0..<matrix.columns), repeats: 2, shuffle: Self.shuffle(seed: 3))
        for chunkRows in [1, 33, 256] {
            let pass = try #require(TreePathPermutation(scorer, matrix: matrix, chunkRows: chunkRows))
            for group in [[0, 1, 2, 3, 4, 5], [3], [5, 1]] {
                let run = pass.run(group: group, repeats: 2, shuffle: Self.shuffle(seed: 3))
                #expect(run.margins.map(\.bitPattern) == single.margins.map(\.bitPattern))
                for (g, j) in group.enumerated() {
                    for r in 0..<2 {
                        #expect(run.permuted.slot(g * 2 + r).map(\.bitPattern) == single.permuted.slot(j * 2 + r).map(\.bitPattern))
                    }
                }
            }
        }
    }

    @Test("the float32 inline walk (XGBoost numeric trees) gives the general pass's bytes, whatever the chunk size and grouping")
    func float32WalkEqualsGeneralPass() throws {
        let model = try Self.model(.xgboost, "reference/xgboost/logitraw.json")
        let scorer = TreeModelScorer(model: model)
        let matrix = Self.edgeMatrix(model.ensemble, rows: 1_200, seed: 8)
        let general = try #require(TreePathPermutation(scorer, matrix: matrix, chunkRows: 256, generalWalk: true))
        #expect(!general.walksFloat32)
        let p = matrix.columns, repeats = 3
        let expected = general.run(group: Array(0..<p), repeats: repeats, shuffle: Self.shuffle(seed: 21))
        for chunkRows in [1, 7, 64, matrix.rows] {
            let pass = try #require(TreePathPermutation(scorer, matrix: matrix, chunkRows: chunkRows))
            #expect(pass.walksFloat32)
            for group in [Array(0..<p), [p - 1, 0], [1]] {
                let run = pass.run(group: group, repeats: repeats, shuffle: Self.shuffle(seed: 21))
                #expect(run.margins.map(\.bitPattern) == expected.margins.map(\.bitPattern))
                for (g, j) in group.enumerated() {
                    for r in 0..<repeats {
                        #expect(run.permuted.slot(g * repeats + r).map(\.bitPattern) == expected.permuted.slot(j * repeats + r).map(\.bitPattern),
                                "chunk \(chunkRows) feature \(j) repeat \(r)")
                    }
                }
            }
        }
    }

    @Test("permutation importance over all rows equals the per-feature plans' (TreeFeaturePermutation) margins, permutation for permutation")
    func equalsFeaturePlans() throws {
        let model = try TreeModelExplainerTests.model()
        let scorer = TreeModelScorer(model: model)
        let matrix = try scorer.featureMatrix(TreeModelExplainerTests.table)
        let (margins, plans) = try #require(TreeFeaturePermutation.plans(scorer, matrix: matrix))
        let pass = try #require(TreePathPermutation(scorer, matrix: matrix, chunkRows: 64))
        let repeats = 3, seed: UInt64 = 11
        let run = pass.run(group: Array(0..<matrix.columns), repeats: repeats) { f, r, column in
            var generator = SeededGenerator(seed: seed, stream: PermutationImportance.stream(feature: f, repeat: r, repeats: repeats, metric: .auc))
            generator.shuffle(column)
        }
        #expect(run.margins == margins)
        for plan in plans {
            for r in 0..<repeats {
                var generator = SeededGenerator(seed: seed, stream: PermutationImportance.stream(feature: plan.feature, repeat: r, repeats: repeats, metric: .auc))
                let old = plan.permuted(margins: margins, rows: nil, permutation: generator.permutation(count: matrix.rows))
                #expect(run.permuted.slot(plan.feature * repeats + r) == old)
            }
        }
    }

    @Test("importances from the path pass are the whole ensemble's re-score's, to 1e-12 for AUC on the grid")
    func importanceMatchesFullRescore() throws {
        let model = try TreeModelExplainerTests.model()
        let options = ExplanationOptions(metric: .auc, repeats: 2, seed: 5)
        let fast = try PermutationImportanceResult.compute(model: model, table: TreeModelExplainerTests.table, options: options)
        // Full re-score on the grid: every permuted row's margin from all trees.
        try TreePermutationRescoreOracle.expectMatches(fast, model: model, table: TreeModelExplainerTests.table, seed: 5, repeats: 2)
    }
}

/// A plain AUC (Mann–Whitney with ties ½, O(n log n)) for the tests above.
enum BinaryMetricsShim {
    static func auc(_ scores: [Double], _ y: [Double]) -> Double? {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSum = 0.0, positives = 0.0, k = 0
        while k < order.count {
            var end = k
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[k]] { end += 1 }
            let rank = Double(k + end) / 2 + 1
            for m in k...end where y[order[m]] == 1 { rankSum += rank; positives += 1 }
            k = end + 1
        }
        let negatives = Double(scores.count) - positives
        guard positives > 0, negatives > 0 else { return nil }
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives)
    }
}
