import Foundation
import Testing
@testable import GlassboxModels

/// The batch scorer walks every tree as ``TreeEnsemble/margin(_:)`` does, for every rule, missing policy,
/// precision and combination: margins equal to the reference evaluation (exactly for double sums; to float32
/// rounding of the sum for XGBoost arithmetic), on rows at, just below and just above every threshold, NaN, 0.
@Suite struct TreeEnsembleScorerTests {
    /// A depth-2 tree on features 0 and 1 with `rule` and `missing` at every split.
    static func tree(_ rule: TreeNode.SplitRule, _ missing: TreeNode.MissingPolicy, thresholds: (Double, Double, Double), values: [Double]) -> DecisionTree {
        DecisionTree(nodes: [
            TreeNode(feature: 0, rule: rule, threshold: thresholds.0, left: 1, right: 2, missingGoesLeft: true, missing: missing),
            TreeNode(feature: 1, rule: rule, threshold: thresholds.1, left: 3, right: 4, missingGoesLeft: false, missing: missing),
            TreeNode(feature: 1, rule: rule, threshold: thresholds.2, left: 5, right: 6, missingGoesLeft: true, missing: missing),
            .leaf(value: values[0]), .leaf(value: values[1]), .leaf(value: values[2]), .leaf(value: values[3]),
        ])
    }

    static func rows() -> [[Double]] {
        let special: [Double] = [0, 0.1, Double(Float(0.1)), 0.1.nextUp, 1, 1.0.nextDown, -2, .nan, 1e-36, -0.0, .infinity]
        return special.flatMap { a in special.map { b in [a, b] } }
    }

    @Test(arguments: [TreeEnsemble.ComparisonPrecision.float32, .float64])
    func batchEqualsReferenceWalk(_ precision: TreeEnsemble.ComparisonPrecision) throws {
        for rule in [TreeNode.SplitRule.lessThan, .lessOrEqual] {
            for missing in [TreeNode.MissingPolicy.nan, .nanAsZero, .zeroOrNaN] {
                for combination in [TreeEnsemble.Combination.sum, .average] {
                    let trees = [Self.tree(rule, missing, thresholds: (0.1, 1, -2), values: [0.25, -0.5, 1.5, 0.125]),
                                 Self.tree(rule, missing, thresholds: (Double(Float(0.1)), 0, .infinity), values: [-1, 2, 0.5, 3])]
                    let e = TreeEnsemble(features: [TreeFeature(name: "a"), TreeFeature(name: "b")], trees: trees,
                                         treeWeights: combination == .average ? [1, 3] : nil, baseMargin: 0.3,
                                         combination: combination, link: .logistic, comparison: precision)
                    try e.validate()
                    let rows = Self.rows()
                    let matrix = TreeFeatureMatrix(rows: rows.count, columns: 2, values: rows.flatMap { $0 })
                    let batch = TreeEnsembleScorer(e).margins(matrix)
                    for (i, row) in rows.enumerated() {
                        let reference = e.margin(row)
                        let tolerance = precision == .float32 && combination == .sum ? 1e-6 : 0
                        #expect(abs(batch[i] - reference) <= tolerance, "\(rule) \(missing) \(combination) \(row): \(batch[i]) vs \(reference)")
                    }
                }
            }
        }
    }

    @Test func categoricalSplitsAndManyRows() throws {
        var e = TreeEnsembleTests.stump(.categoryIn, threshold: 0, precision: .float32)
        e.features[0].kind = .categorical(levels: ["a", "b", "c"])
        e.trees[0].nodes[0].categories = [0, 2]
        let codes: [Double] = (0..<1000).map { [0, 1, 2, .nan, -1][$0 % 5] }
        let batch = TreeEnsembleScorer(e).margins(TreeFeatureMatrix(rows: codes.count, columns: 1, values: codes))
        for (i, x) in codes.enumerated() { #expect(batch[i] == e.margin([x])) }
    }
}
