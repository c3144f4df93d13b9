import Foundation
import Testing
@testable import GlassboxModels

@Suite struct TreeEnsembleTests {
    /// One stump on `x`: left leaf −1, right leaf +1.
    static func stump(_ rule: TreeNode.SplitRule, threshold: Double, missing: TreeNode.MissingPolicy = .nan,
                      missingGoesLeft: Bool = true, precision: TreeEnsemble.ComparisonPrecision) -> TreeEnsemble {
        let root = TreeNode(feature: 0, rule: rule, threshold: threshold, left: 1, right: 2,
                            missingGoesLeft: missingGoesLeft, missing: missing)
        return TreeEnsemble(features: [TreeFeature(name: "x")],
                            trees: [DecisionTree(nodes: [root, .leaf(value: -1), .leaf(value: 1)])],
                            baseMargin: 0.5, link: .identity, comparison: precision)
    }

    @Test func valueAtThresholdFollowsTheMakersRule() throws {
        #expect(Self.stump(.lessThan, threshold: 2, precision: .float64).margin([2]) == 1.5)
        #expect(Self.stump(.lessOrEqual, threshold: 2, precision: .float64).margin([2]) == -0.5)
        // XGBoost rounds both sides to Float: 0.1 (double) and Float(0.1) compare equal, so not less.
        let t = Double(Float(0.1))
        #expect(Self.stump(.lessThan, threshold: t, precision: .float64).margin([0.1]) == -0.5)
        #expect(Self.stump(.lessThan, threshold: t, precision: .float32).margin([0.1]) == 1.5)
    }

    @Test func missingPolicies() throws {
        #expect(Self.stump(.lessOrEqual, threshold: -1, missingGoesLeft: false, precision: .float64).margin([.nan]) == 1.5)
        // LightGBM None: NaN is read as 0 and compared.
        #expect(Self.stump(.lessOrEqual, threshold: 0, missing: .nanAsZero, missingGoesLeft: false, precision: .float64).margin([.nan]) == -0.5)
        // LightGBM Zero: 0 and NaN go the default way.
        #expect(Self.stump(.lessOrEqual, threshold: 5, missing: .zeroOrNaN, missingGoesLeft: false, precision: .float64).margin([0]) == 1.5)
        #expect(Self.stump(.lessOrEqual, threshold: 5, missing: .zeroOrNaN, missingGoesLeft: false, precision: .float64).margin([1]) == -0.5)
    }

    @Test func categoricalSplitSendsListedCodesLeft() throws {
        var e = Self.stump(.categoryIn, threshold: 0, precision: .float64)
        e.features[0].kind = .categorical(levels: ["a", "b", "c"])
        e.trees[0].nodes[0].categories = [0, 2]
        #expect(e.margin([2]) == -0.5)
        #expect(e.margin([1]) == 1.5)
        #expect(e.margin([-1]) == 1.5)
        #expect(e.margin([2.5]) == 1.5)
        try e.validate()
    }

    @Test func validationRefusesCyclesAndBadIndices() throws {
        var cyclic = Self.stump(.lessThan, threshold: 1, precision: .float64)
        cyclic.trees[0].nodes[0].left = 0
        #expect(throws: ModelError.self) { try cyclic.validate() }
        var outOfRange = Self.stump(.lessThan, threshold: 1, precision: .float64)
        outOfRange.trees[0].nodes[0].feature = 7
        #expect(throws: ModelError.self) { try outOfRange.validate() }
        var nanThreshold = Self.stump(.lessThan, threshold: .nan, precision: .float64)
        #expect(throws: ModelError.self) { try nanThreshold.validate() }
        nanThreshold.trees[0].nodes[0].threshold = 1
        try nanThreshold.validate()
        var categoricalOnNumeric = Self.stump(.categoryIn, threshold: 0, precision: .float64)
        categoricalOnNumeric.trees[0].nodes[0].categories = [1]
        #expect(throws: ModelError.self) { try categoricalOnNumeric.validate() }
    }
}
