import Foundation
import Testing
@testable import GlassboxModels

/// What the PMML importer makes of each construct, on hand-written documents (rows are `[x, f, g]`, `g` a
/// level code, NaN missing).
@Suite struct PMMLSemanticsTests {
    typealias D = PMMLTestDocuments

    static func read(_ model: String, dictionary: String = D.dictionary) throws -> (model: ImportedTreeModel, featuresWithoutMissingRule: [String]) {
        try PMMLModel.read(Array(D.document(model, dictionary: dictionary).utf8))
    }

    static func score(_ ensemble: TreeEnsemble, _ row: [Double]) -> Double { ensemble.score(margin: ensemble.margin(row)) }

    @Test func stumpScoresTheLeafProbability() throws {
        let e = try Self.read(D.stump()).model.ensemble
        #expect(e.features.map(\.name) == ["x", "f", "g"])
        #expect(e.features[2].kind == .categorical(levels: ["a", "b", "c d"]))
        #expect(Self.score(e, [1, 0, 0]) == 0.2)
        #expect(Self.score(e, [1.5, 0, 0]) == 0.7)
        // missingValueStrategy none: the predicate is unknown, so false; the True child takes the row.
        #expect(Self.score(e, [.nan, 0, 0]) == 0.7)
        // Covers: the leaves' recordCount (none written here: 0), internal nodes the sum of their children.
        let counted = try Self.read(D.stump().replacingOccurrences(of: #"<Node id="L""#, with: #"<Node id="L" recordCount="30""#)
            .replacingOccurrences(of: #"<Node id="R""#, with: #"<Node id="R" recordCount="12""#)).model.ensemble
        #expect(counted.trees[0].nodes.map(\.cover) == [42, 30, 12])
    }

    @Test func missingValueStrategies() throws {
        let defaultChild = try Self.read(D.stump(attributes: #"missingValueStrategy="defaultChild""#)
            .replacingOccurrences(of: #"<Node score="0"><True/>"#, with: #"<Node score="0" defaultChild="L"><True/>"#)).model.ensemble
        #expect(Self.score(defaultChild, [.nan, 0, 0]) == 0.2)
        let last = try Self.read(D.stump(attributes: #"missingValueStrategy="lastPrediction""#)).model.ensemble
        #expect(Self.score(last, [.nan, 0, 0]) == 0.5)
        #expect(Self.score(last, [1, 0, 0]) == 0.2 && Self.score(last, [3, 0, 0]) == 0.7)
        let null = try Self.read(D.stump(attributes: #"missingValueStrategy="nullPrediction""#))
        #expect(null.featuresWithoutMissingRule == ["x"])
        let replaced = try Self.read(D.stump(schema: D.schema.replacingOccurrences(
            of: #"<MiningField name="x"/>"#, with: #"<MiningField name="x" missingValueReplacement="0.5"/>"#))).model.ensemble
        #expect(Self.score(replaced, [.nan, 0, 0]) == 0.2)
    }

    @Test func operatorsAndSets() throws {
        let greater = try Self.read(D.stump(predicate: #"<SimplePredicate field="x" operator="greaterOrEqual" value="1"/>"#)).model.ensemble
        #expect(Self.score(greater, [1, 0, 0]) == 0.2 && Self.score(greater, [0.5, 0, 0]) == 0.7)
        let set = try Self.read(D.stump(predicate: #"<SimpleSetPredicate field="g" booleanOperator="isIn"><Array type="string">a "c d"</Array></SimpleSetPredicate>"#)).model.ensemble
        #expect(Self.score(set, [0, 0, 0]) == 0.2 && Self.score(set, [0, 0, 2]) == 0.2 && Self.score(set, [0, 0, 1]) == 0.7)
        let notEqual = try Self.read(D.stump(predicate: #"<SimplePredicate field="g" operator="notEqual" value="b"/>"#)).model.ensemble
        #expect(Self.score(notEqual, [0, 0, 1]) == 0.7 && Self.score(notEqual, [0, 0, 0]) == 0.2)
        let missing = try Self.read(D.stump(predicate: #"<SimplePredicate field="g" operator="isMissing"/>"#)).model.ensemble
        #expect(Self.score(missing, [0, 0, .nan]) == 0.2 && Self.score(missing, [0, 0, 1]) == 0.7)
        let present = try Self.read(D.stump(predicate: #"<SimplePredicate field="g" operator="isNotMissing"/>"#)).model.ensemble
        #expect(Self.score(present, [0, 0, .nan]) == 0.7 && Self.score(present, [0, 0, 1]) == 0.2)
        let replaced = try Self.read(D.stump(schema: D.schema.replacingOccurrences(
            of: #"<MiningField name="g"/>"#, with: #"<MiningField name="g" missingValueReplacement="b"/>"#),
            predicate: #"<SimplePredicate field="g" operator="isNotMissing"/>"#)).model.ensemble
        #expect(Self.score(replaced, [0, 0, .nan]) == 0.2)
    }

    @Test func oneHotIndicatorBecomesACategorySplit() throws {
        let model = D.stump(predicate: #"<SimplePredicate field="g=b" operator="lessOrEqual" value="0.5"/>"#)
            .replacingOccurrences(of: "</MiningSchema>", with: """
                </MiningSchema><LocalTransformations><DerivedField name="g=b" optype="continuous" dataType="double">\
                <NormDiscrete field="g" value="b"/></DerivedField></LocalTransformations>
                """)
        let e = try Self.read(model).model.ensemble
        #expect(Self.score(e, [0, 0, 1]) == 0.7 && Self.score(e, [0, 0, 0]) == 0.2 && Self.score(e, [0, 0, 2]) == 0.2)
    }

    /// `dataType="float"` fields compare `Float(x)` with the float threshold, as a PMML evaluator does.
    @Test func floatFieldsCompareAsFloat32() throws {
        let e = try Self.read(D.stump(predicate: #"<SimplePredicate field="f" operator="lessOrEqual" value="0.1"/>"#)).model.ensemble
        let t = Float(0.1)
        #expect(Self.score(e, [0, Double(t), 0]) == 0.2)
        #expect(Self.score(e, [0, 0.1, 0]) == 0.2)  // 0.1 > Float(0.1) as doubles, but Float(0.1) <= Float(0.1)
        #expect(Self.score(e, [0, Double(t.nextUp), 0]) == 0.7)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let threshold = Float(bitPattern: UInt32.random(in: 0..<0x7F80_0000, using: &generator)) * (Bool.random() ? 1 : -1)
            for rule in [TreeNode.SplitRule.lessOrEqual, .lessThan] {
                let (converted, cut) = PMMLPredicate.floatRule(rule, threshold)
                for x in [Double(threshold), Double(threshold.nextUp), Double(threshold.nextDown),
                          (Double(threshold) + Double(threshold.nextUp)) / 2, (Double(threshold) + Double(threshold.nextDown)) / 2,
                          Double(threshold).nextUp, Double(threshold).nextDown] {
                    let expected = rule == .lessOrEqual ? Float(x) <= threshold : Float(x) < threshold
                    let got = converted == .lessOrEqual ? x <= cut : x < cut
                    #expect(expected == got, "\(rule) \(threshold) at \(x)")
                }
            }
        }
    }

    @Test func segmentations() throws {
        func forest(_ method: String, weights: [Double] = [1, 1, 1]) -> String {
            let trees = [0.5, 2.0, 3.0].enumerated().map { k, cut in
                """
                <Segment weight="\(weights[k])"><True/>\(D.stump(predicate: "<SimplePredicate field=\"x\" operator=\"lessOrEqual\" value=\"\(cut)\"/>"))</Segment>
                """
            }.joined()
            return """
                <MiningModel functionName="classification">\(D.schema)<Segmentation multipleModelMethod="\(method)">\(trees)</Segmentation></MiningModel>
                """
        }
        let average = try Self.read(forest("average")).model.ensemble
        #expect(abs(Self.score(average, [1, 0, 0]) - (0.7 + 0.2 + 0.2) / 3) < 1e-15)
        let weighted = try Self.read(forest("weightedAverage", weights: [2, 1, 1])).model.ensemble
        #expect(abs(Self.score(weighted, [1, 0, 0]) - (2 * 0.7 + 0.2 + 0.2) / 4) < 1e-15)
        let vote = try Self.read(forest("majorityVote")).model.ensemble
        #expect(abs(Self.score(vote, [1, 0, 0]) - 1.0 / 3) < 1e-15)  // one tree says class 1
        let weightedVote = try Self.read(forest("weightedMajorityVote", weights: [2, 1, 1])).model.ensemble
        #expect(abs(Self.score(weightedVote, [1, 0, 0]) - 0.5) < 1e-15)
    }
}

extension PMMLSemanticsTests {
    /// sklearn2pmml's compact gradient boosting: regression trees whose nodes fall back on their own score
    /// when no child holds (`returnLastPrediction`), summed, rescaled by `Targets`, then a logit
    /// `RegressionModel` on the sum.
    @Test func modelChainWithLastPredictionTrees() throws {
        let tree = """
            <TreeModel functionName="regression" missingValueStrategy="nullPrediction" noTrueChildStrategy="returnLastPrediction">\
            <MiningSchema><MiningField name="x"/><MiningField name="g"/></MiningSchema>
              <Node score="1.5"><True/>
                <Node score="0.25"><SimplePredicate field="x" operator="lessOrEqual" value="2"/>
                  <Node score="-1"><SimplePredicate field="g" operator="equal" value="a"/></Node>
                </Node>
                <Node score="0.5"><SimplePredicate field="x" operator="lessOrEqual" value="4"/></Node>
              </Node>
            </TreeModel>
            """
        let model = """
            <MiningModel functionName="classification">\(D.schema)<Segmentation multipleModelMethod="modelChain">
              <Segment id="1"><True/><MiningModel functionName="regression">\
            <MiningSchema><MiningField name="x"/><MiningField name="g"/></MiningSchema>
                <Output><OutputField name="decisionFunction(1)" optype="continuous" dataType="double" isFinalResult="false"/></Output>
                <Targets><Target rescaleConstant="-0.5" rescaleFactor="0.1"/></Targets>
                <Segmentation multipleModelMethod="sum"><Segment id="1"><True/>\(tree)</Segment><Segment id="2"><True/>\(tree)</Segment></Segmentation>
              </MiningModel></Segment>
              <Segment id="2"><True/><RegressionModel functionName="classification" normalizationMethod="logit">\
            <MiningSchema><MiningField name="y" usageType="target"/><MiningField name="decisionFunction(1)"/></MiningSchema>
                <RegressionTable intercept="0.0" targetCategory="1"><NumericPredictor name="decisionFunction(1)" coefficient="1.0"/></RegressionTable>
                <RegressionTable intercept="0.0" targetCategory="0"/>
              </RegressionModel></Segment>
            </Segmentation></MiningModel>
            """
        let read = try Self.read(model)
        let e = read.model.ensemble
        #expect(e.link == .logistic && e.trees.count == 2)
        func expected(_ leaf: Double) -> Double { 1 / (1 + exp(-(-0.5 + 0.1 * (2 * leaf)))) }
        for (row, leaf) in [([1.0, 0, 0], -1.0), ([1, 0, 1], 0.25), ([3, 0, 1], 0.5), ([5, 0, 1], 1.5)] {
            #expect(abs(Self.score(e, row) - expected(leaf)) < 1e-15, "\(row)")
        }
        #expect(read.featuresWithoutMissingRule == ["x", "g"])
        #expect(read.model.makerVersion == "hand 1" && read.model.objective == "classification")
    }
}

extension PMMLSemanticsTests {
    /// rpart's surrogate splits as R's pmml writes them: `x <= 1`, else (x missing) `f > 3`, else the default
    /// child; the second child holds the complementary surrogate.
    @Test func surrogatePredicates() throws {
        let first = #"<CompoundPredicate booleanOperator="surrogate"><SimplePredicate field="x" operator="lessOrEqual" value="1"/><SimplePredicate field="g" operator="equal" value="b"/></CompoundPredicate>"#
        let second = #"<CompoundPredicate booleanOperator="surrogate"><SimplePredicate field="x" operator="greaterThan" value="1"/><SimplePredicate field="g" operator="notEqual" value="b"/></CompoundPredicate>"#
        for (defaultChild, allMissing) in [("L", 0.2), ("R", 0.7)] {
            let model = D.stump(attributes: #"missingValueStrategy="defaultChild""#, predicate: first, other: second)
                .replacingOccurrences(of: #"<Node score="0"><True/>"#, with: "<Node score=\"0\" defaultChild=\"\(defaultChild)\"><True/>")
            let e = try Self.read(model).model.ensemble
            #expect(Self.score(e, [1, 0, 0]) == 0.2 && Self.score(e, [2, 0, 1]) == 0.7)  // x decides
            #expect(Self.score(e, [.nan, 0, 1]) == 0.2 && Self.score(e, [.nan, 0, 0]) == 0.7)  // g decides
            #expect(Self.score(e, [.nan, 0, .nan]) == allMissing)  // the default child
        }
        // Strategy none: an unknown surrogate is false, and the complementary last child has no true predicate.
        let none = try Self.read(D.stump(predicate: first, other: second))
        #expect(Self.score(none.model.ensemble, [.nan, 0, 1]) == 0.2)
        #expect(none.featuresWithoutMissingRule == ["x", "g"])
    }
}
