import Foundation
import GlassboxCore
@testable import GlassboxExplain
@testable import GlassboxModels
import GlassboxTestSupport
import Testing

/// The leaf-set pass (``TreeLeafSets``, XGBoost's numeric trees of at most 64 leaves) against the path pass, the
/// general pass and a naive re-score of every permuted row, bit for bit: values exactly at thresholds and one
/// float or double beside, float32 ties of distinct doubles, NaN in both directions, ±0, ±∞ thresholds, the
/// same threshold on several nodes of a tree, `≤` rules, and the fallbacks (more than 64 leaves, the budget).
@Suite("Tree permutation importance by leaf sets")
struct TreeLeafSetTests {
    /// Thresholds the synthetic trees draw from: duplicates, ±0, ±∞, and 0.1 next to its float (a float32 tie).
    static let thresholdPool: [Double] = [-.infinity, -1, -0.0, 0, 0.5, 0.5, 1, 0.1, Double(Float(0.1)), 2.5, .infinity]

    /// A random numeric tree over `p` features: leaves below `depth` with probability ½ (all at `depth` when `full`),
    /// NaN sent either way, some `≤` rules, leaf values that repeat and include −0.
    static func randomTree(features p: Int, depth: Int, full: Bool, generator: inout SeededGenerator) -> DecisionTree {
        var nodes: [TreeNode] = []
        func grow(_ level: Int) -> Int32 {
            let index = nodes.count
            if level == depth || (!full && level > 0 && generator.nextInt(below: 2) == 0) {
                let values: [Double] = [-0.0, 0.25, -0.5, 0.75, 1.125, -2]
                nodes.append(.leaf(value: values[generator.nextInt(below: values.count)]))
                return Int32(index)
            }
            var threshold = thresholdPool[generator.nextInt(below: thresholdPool.count)]
            let lessOrEqual = threshold.isFinite && generator.nextInt(below: 4) == 0
            if lessOrEqual { threshold = threshold.nextDown }
            nodes.append(TreeNode(feature: Int32(generator.nextInt(below: p)), rule: lessOrEqual ? .lessOrEqual : .lessThan,
                                  threshold: threshold, left: -1, right: -1, missingGoesLeft: generator.nextInt(below: 2) == 0))
            let left = grow(level + 1)
            let right = grow(level + 1)
            nodes[index].left = left
            nodes[index].right = right
            return Int32(index)
        }
        _ = grow(0)
        return DecisionTree(nodes: nodes)
    }

    static func synthetic(trees: Int, features p: Int, depth: Int, full: Bool, seed: UInt64) -> TreeEnsembleModelFile {
        var generator = SeededGenerator(seed: seed)
        let list = (0..<trees).map { _ in randomTree(features: p, depth: depth, full: full, generator: &generator) }
        let ensemble = TreeEnsemble(features: (0..<p).map { TreeFeature(name: "x\($0)") }, trees: list, baseMargin: 0.5,
                                    link: .logistic, comparison: .float32)
        return TreeEnsembleModelFile(ensemble: ensemble,
                                     source: .init(format: .xgboost, makerVersion: nil, objective: nil, fileName: "synthetic", sha256: ""),
                                     manifest: Provenance(commandLine: ["test"], data: nil, blas: ""))
    }

    /// Rows drawn from every threshold, its float and double neighbours, NaN, ±0 and ±∞.
    static func matrix(_ ensemble: TreeEnsemble, rows: Int, seed: UInt64) -> TreeFeatureMatrix {
        var pools = [[Double]](repeating: [.nan, 0, -0.0, .infinity, -.infinity, 0.1, 3], count: ensemble.features.count)
        for tree in ensemble.trees {
            for node in tree.nodes where !node.isLeaf {
                let t = node.threshold, f = Float(t)
                pools[Int(node.feature)] += [t, t.nextUp, t.nextDown, Double(f), Double(f.nextUp), Double(f.nextDown)]
            }
        }
        return TreePathPermutationTests.draw(pools: pools, rows: rows, seed: seed)
    }

    /// Runs the pass with each walk and checks every margin and permuted margin, bit for bit, against the general
    /// pass and a naive re-score of the permuted rows over all trees.
    static func expectSameBytes(_ scorer: TreeModelScorer, _ matrix: TreeFeatureMatrix, expectedWalk: TreePathPermutation.Walk,
                                repeats: Int, leafSetBudget: Int = TreeLeafSets.defaultBudget) throws {
        let p = matrix.columns, shuffle = TreePathPermutationTests.shuffle(seed: 77)
        let general = try #require(TreePathPermutation(scorer, matrix: matrix, chunkRows: 50, walk: .general))
        #expect(general.walk == .general)
        let expected = general.run(group: Array(0..<p), repeats: repeats, shuffle: shuffle)
        let compiled = scorer.compiled, allTrees = Array(0..<compiled.treeCount)
        #expect(expected.margins == compiled.leafSums(matrix, trees: allTrees, values: general.values).map { general.base + $0 })
        for j in 0..<p {
            for r in 0..<repeats {
                let naive = TreePathPermutationTests.naivePermutedMargins(general, matrix, feature: j, repeat: r, shuffle: shuffle)
                #expect(expected.permuted.slot(j * repeats + r).map(\.bitPattern) == naive.map(\.bitPattern), "naive feature \(j) repeat \(r)")
            }
        }
        for walk in [TreePathPermutation.Walk.leafSets, .float32Paths] {
            for chunkRows in [1, 64, matrix.rows] {
                let pass = try #require(TreePathPermutation(scorer, matrix: matrix, chunkRows: chunkRows, walk: walk,
                                                            leafSetBudget: leafSetBudget))
                #expect(pass.walk == (walk == .leafSets ? expectedWalk : .float32Paths))
                for group in [Array(0..<p), [p - 1], [p - 1, 0]] {
                    let run = pass.run(group: group, repeats: repeats, shuffle: shuffle)
                    #expect(run.margins.map(\.bitPattern) == expected.margins.map(\.bitPattern))
                    for (g, j) in group.enumerated() {
                        for r in 0..<repeats {
                            #expect(run.permuted.slot(g * repeats + r).map(\.bitPattern) == expected.permuted.slot(j * repeats + r).map(\.bitPattern),
                                    "\(walk) chunk \(chunkRows) feature \(j) repeat \(r)")
                        }
                    }
                }
            }
        }
    }

    @Test("the lowest bit of a row's leaf set is the leaf the walk reaches, with the row's own values and with one feature replaced")
    func leafSetEqualsWalk() throws {
        let models = [try TreePathPermutationTests.model(.xgboost, "reference/xgboost/logitraw.json"),
                      Self.synthetic(trees: 20, features: 3, depth: 6, full: false, seed: 5),
                      Self.synthetic(trees: 4, features: 5, depth: 6, full: true, seed: 6)]
        for (index, model) in models.enumerated() {
            let compiled = TreeModelScorer(model: model).compiled
            #expect(!compiled.hasGeneralNodes)
            var failures = 0
            defer { #expect(failures == 0, "model \(index)") }
            let p = model.ensemble.features.count
            let matrix = Self.matrix(model.ensemble, rows: 300, seed: 2)
            // Each compiled node's own index as its value: the tables then name the compiled leaf.
            let tables = try #require(TreeLeafSets.build(compiled, features: p, values: compiled.flatNodes.indices.map(Double.init)))
            for t in 0..<compiled.treeCount {
                let root = compiled.treeRoots[t], first = Int(tables.treeFeatureStart[t])
                let k = Int(tables.treeFeatureStart[t + 1]) - first
                for i in 0..<matrix.rows {
                    let row = Array(matrix.values[i * p..<(i + 1) * p])
                    let ranks = (0..<p).map { tables.rank(feature: $0, value: Float(row[$0])) }
                    let masks = (0..<k).map { tables.mask(tree: t, position: $0, rank: ranks[Int(tables.treeFeatures[first + $0])]) }
                    let all = masks.reduce(~UInt64(0), &)
                    let leaf = row.withUnsafeBufferPointer { compiled.leaf(from: root, row: $0.baseAddress!, feature: -1, value: 0) }
                    if Int(tables.leafValues[t * 64 + all.trailingZeroBitCount]) != leaf {
                        failures += 1
                        if failures < 4 { Issue.record("model \(index) tree \(t) row \(i) \(row) leaf \(leaf)") }
                    }
                    for q in 0..<k {
                        let j = Int(tables.treeFeatures[first + q])
                        let free = masks.indices.filter { $0 != q }.reduce(~UInt64(0)) { $0 & masks[$1] }
                        for other in stride(from: i % 5, to: matrix.rows, by: 37) {
                            let v = matrix.values[other * p + j]
                            let moved = (free & tables.mask(tree: t, position: q, rank: tables.rank(feature: j, value: Float(v)))).trailingZeroBitCount
                            let walked = row.withUnsafeBufferPointer { compiled.leaf(from: root, row: $0.baseAddress!, feature: j, value: v) }
                            if Int(tables.leafValues[t * 64 + moved]) != walked { failures += 1 }
                        }
                    }
                }
            }
        }
    }

    @Test("XGBoost numeric trees: the leaf-set pass gives the path pass's, the general pass's and a naive re-score's bytes (NaN, thresholds, float ties)")
    func fixturesGiveSameBytes() throws {
        // The one XGBoost fixture without categorical splits (the others take the general pass).
        do {
            let model = try TreePathPermutationTests.model(.xgboost, "reference/xgboost/logitraw.json")
            let scorer = TreeModelScorer(model: model)
            try Self.expectSameBytes(scorer, TreePathPermutationTests.edgeMatrix(model.ensemble, rows: 700, seed: 3),
                                     expectedWalk: .leafSets, repeats: 5)
            try Self.expectSameBytes(scorer, TreePathPermutationThresholdTests.thresholdMatrix(model.ensemble, rows: 700, seed: 4),
                                     expectedWalk: .leafSets, repeats: 1)
        }
    }

    @Test("random trees with ±∞ and repeated thresholds, −0 leaves, NaN sent both ways on one feature, ≤ rules: the same bytes")
    func syntheticTreesGiveSameBytes() throws {
        for seed in UInt64(1)...4 {
            let model = Self.synthetic(trees: 12, features: 3, depth: 6, full: seed == 1, seed: seed)
            let scorer = TreeModelScorer(model: model)
            try Self.expectSameBytes(scorer, Self.matrix(model.ensemble, rows: 400, seed: seed), expectedWalk: .leafSets,
                                     repeats: seed == 2 ? 1 : 3)
        }
    }

    @Test("a tree with more than 64 leaves, or tables over the budget, falls back to the path pass with the same bytes; other makers keep the general pass")
    func fallbacks() throws {
        let deep = Self.synthetic(trees: 3, features: 4, depth: 7, full: true, seed: 9)
        let scorer = TreeModelScorer(model: deep)
        let matrix = Self.matrix(deep.ensemble, rows: 300, seed: 1)
        #expect(TreeLeafSets.build(scorer.compiled, features: 4, values: scorer.compiled.flatNodes.map { _ in 0 }) == nil)
        let pass = try #require(TreePathPermutation(scorer, matrix: matrix))
        #expect(pass.walk == .float32Paths)
        try Self.expectSameBytes(scorer, matrix, expectedWalk: .float32Paths, repeats: 2)
        let model = try TreePathPermutationTests.model(.xgboost, "reference/xgboost/logitraw.json")
        let small = TreeModelScorer(model: model)
        try Self.expectSameBytes(small, TreePathPermutationTests.edgeMatrix(model.ensemble, rows: 300, seed: 6),
                                 expectedWalk: .float32Paths, repeats: 2, leafSetBudget: 1_000)
        for (format, path) in [(TreeModelFormat.xgboost, "reference/xgboost/logistic-categorical.json"),
                               (.lightgbm, "reference/trees/lightgbm-gbdt.txt")] {
            let model = try TreePathPermutationTests.model(format, path)
            let matrix = TreePathPermutationTests.edgeMatrix(model.ensemble, rows: 10, seed: 1)
            #expect(try #require(TreePathPermutation(TreeModelScorer(model: model), matrix: matrix)).walk == .general)
        }
    }

    @Test("more trees than the budget's tables can hold are refused before any table is built, even trees without splits")
    func treeCountOverBudget() {
        let stumps = Self.synthetic(trees: 70, features: 2, depth: 0, full: true, seed: 4)
        let compiled = TreeModelScorer(model: stumps).compiled
        let values = compiled.flatNodes.map { _ in 0.0 }
        // 70 trees need at least 70 × 64 × 16 = 71,680 bytes of leaf tables.
        #expect(TreeLeafSets.build(compiled, features: 2, values: values, budget: 71_679) == nil)
        #expect(TreeLeafSets.build(compiled, features: 2, values: values, budget: 71_680 + 1_000) != nil)
    }
}
