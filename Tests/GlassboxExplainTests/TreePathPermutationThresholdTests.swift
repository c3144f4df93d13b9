import Foundation
import GlassboxCore
@testable import GlassboxExplain
@testable import GlassboxModels
import GlassboxTestSupport
import Testing

/// The float32 path pass (XGBoost's numeric trees) against the general pass and a naive re-score of every
/// permuted row over all trees, on complete rows whose values often tie with a threshold, over five repeats.
@Suite("Tree permutation importance on complete rows at thresholds")
struct TreePathPermutationThresholdTests {
    /// Complete rows (no missing value) drawn from per-feature pools of every threshold of the feature and the
    /// floats and doubles beside it, so that many permuted values tie with a threshold.
    static func thresholdMatrix(_ ensemble: TreeEnsemble, rows n: Int, seed: UInt64) -> TreeFeatureMatrix {
        let p = ensemble.features.count
        var pools = [[Double]](repeating: [0, 1, -1], count: p)
        for tree in ensemble.trees {
            for node in tree.nodes where !node.isLeaf {
                let t = node.threshold, f = Float(t)
                pools[Int(node.feature)] += [t, t, t.nextUp, t.nextDown, Double(f), Double(f.nextUp), Double(f.nextDown)]
            }
        }
        return TreePathPermutationTests.draw(pools: pools, rows: n, seed: seed)
    }

    @Test("the float32 pass gives, bit for bit, the general pass's and a naive re-score's margins")
    func float32PassEqualsNaiveRescore() throws {
        // XGBoost numeric trees (the fixtures with categorical splits take the general pass).
        let model = try TreePathPermutationTests.model(.xgboost, "reference/xgboost/logitraw.json")
        let scorer = TreeModelScorer(model: model)
        let matrix = Self.thresholdMatrix(model.ensemble, rows: 1_100, seed: 17)
        let p = matrix.columns, repeats = 5
        let shuffle = TreePathPermutationTests.shuffle(seed: 31)
        let general = try #require(TreePathPermutation(scorer, matrix: matrix, chunkRows: 256, generalWalk: true))
        let expected = general.run(group: Array(0..<p), repeats: repeats, shuffle: shuffle)
        for chunkRows in [1, 5, 64, matrix.rows] {
            let pass = try #require(TreePathPermutation(scorer, matrix: matrix, chunkRows: chunkRows))
            #expect(pass.walksFloat32)
            for group in [Array(0..<p), [p - 1, 0]] {
                let run = pass.run(group: group, repeats: repeats, shuffle: shuffle)
                #expect(run.margins.map(\.bitPattern) == expected.margins.map(\.bitPattern))
                for (g, j) in group.enumerated() {
                    for r in 0..<repeats {
                        let bits = run.permuted.slot(g * repeats + r).map(\.bitPattern)
                        #expect(bits == expected.permuted.slot(j * repeats + r).map(\.bitPattern), "chunk \(chunkRows) feature \(j) repeat \(r)")
                    }
                }
            }
        }
        // Naive: every permuted row walked through every tree.
        var changed = 0
        for j in 0..<p {
            for r in 0..<repeats {
                let naive = TreePathPermutationTests.naivePermutedMargins(general, matrix, feature: j, repeat: r, shuffle: shuffle)
                let permuted = expected.permuted.slot(j * repeats + r)
                #expect(permuted.map(\.bitPattern) == naive.map(\.bitPattern), "feature \(j) repeat \(r)")
                changed += zip(permuted, expected.margins).filter { $0 != $1 }.count
            }
        }
        #expect(changed > 0)
    }
}
