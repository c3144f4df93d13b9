import GlassboxCore
@testable import GlassboxExplain
@testable import GlassboxModels
import GlassboxTabular
import Testing

/// Brute-force oracle for tree permutation importance by AUC: every permuted row is re-scored by all trees on the
/// grid (``TreePathPermutation``'s leaf values), with the permutation drawn from the same seeded stream as
/// ``PermutationImportance``. Missing values move with the permuted column.
enum TreePermutationRescoreOracle {
    /// Expects `fast`'s baseline and every repeat's importance to equal the re-score's within 1e-12.
    static func expectMatches(_ fast: PermutationImportanceResult, model: TreeEnsembleModelFile, table: Table,
                              seed: UInt64, repeats: Int) throws {
        let scorer = TreeModelScorer(model: model)
        let matrix = try scorer.featureMatrix(table)
        let pass = try #require(TreePathPermutation(scorer, matrix: matrix))
        let data = try ExplainData.forModel(model, table: table, weights: nil, withOutcome: true)
        let y = try #require(data.outcome)
        let allTrees = Array(0..<scorer.compiled.treeCount)
        let margins = scorer.compiled.leafSums(matrix, trees: allTrees, values: pass.values).map { pass.base + $0 }
        let baseline = try #require(BinaryMetricsShim.auc(margins, y))
        #expect(abs(fast.baseline - baseline) <= 1e-12)
        let p = matrix.columns
        for importance in fast.permutationImportance {
            let j = try #require(model.ensemble.features.firstIndex { $0.name == importance.feature })
            for r in 0..<repeats {
                var generator = SeededGenerator(seed: seed, stream: PermutationImportance.stream(feature: j, repeat: r, repeats: repeats, metric: .auc))
                let permutation = generator.permutation(count: matrix.rows)
                let column = permutation.map { matrix.values[$0 * p + j] }
                let permuted = scorer.compiled.leafSums(matrix, trees: allTrees, values: pass.values, feature: j, replacement: column)
                    .map { pass.base + $0 }
                let value = try #require(BinaryMetricsShim.auc(permuted, y))
                #expect(abs(importance.values[r] - (baseline - value)) <= 1e-12, "\(importance.feature) repeat \(r)")
            }
        }
    }
}
