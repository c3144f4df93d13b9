import Foundation
import Testing
@testable import GlassboxModels

/// Surrogate predicates kept as surrogate splits (``TreeNode/surrogates``), the form the import takes for trees
/// too deep to copy subtrees under each surrogate: routing of missing values, the all-unknown case falling to
/// `missingValueStrategy`, and agreement with the copied form on every pattern of missing values (rows are
/// `[x, f, g]`, `g` a level code of a, b, "c d", NaN missing).
@Suite struct PMMLSurrogateSplitTests {
    typealias D = PMMLTestDocuments

    /// `x <= 1`, else (x missing) `g == b`, else `f > 3`; the second child holds the part-by-part complement.
    static let first = #"<CompoundPredicate booleanOperator="surrogate"><SimplePredicate field="x" operator="lessOrEqual" value="1"/><SimplePredicate field="g" operator="equal" value="b"/><SimplePredicate field="f" operator="greaterThan" value="3"/></CompoundPredicate>"#
    static let second = #"<CompoundPredicate booleanOperator="surrogate"><SimplePredicate field="x" operator="greaterThan" value="1"/><SimplePredicate field="g" operator="notEqual" value="b"/><SimplePredicate field="f" operator="lessOrEqual" value="3"/></CompoundPredicate>"#

    static func document(strategy: String, defaultChild: String? = nil, noTrueChild: String = "returnLastPrediction",
                         first: String = first, second: String = second, schema: String = D.schema) -> String {
        D.stump(attributes: #"missingValueStrategy="\#(strategy)" noTrueChildStrategy="\#(noTrueChild)""#, schema: schema,
                predicate: first, other: second)
            .replacingOccurrences(of: #"<Node score="0"><True/>"#,
                                  with: "<Node score=\"0\"\(defaultChild.map { " defaultChild=\"\($0)\"" } ?? "")><True/>")
    }

    static func ensembles(_ model: String) throws -> (kept: TreeEnsemble, copied: TreeEnsemble) {
        let bytes = Array(D.document(model).utf8)
        return (try PMMLModel.read(bytes, keepingSurrogates: true).model.ensemble, try PMMLModel.read(bytes).model.ensemble)
    }

    static func score(_ e: TreeEnsemble, _ row: [Double]) -> Double { e.score(margin: e.margin(row)) }

    /// Every row of present and missing values around the splits.
    static let rows: [[Double]] = {
        var rows: [[Double]] = []
        for x in [Double.nan, 0.5, 1, 1.5] { for f in [Double.nan, 2, 3, 4] { for g in [Double.nan, 0, 1, 2] { rows.append([x, f, g]) } } }
        return rows
    }()

    @Test func surrogateSplitRoutesMissingValuesToTheFirstPresentSurrogate() throws {
        let (e, _) = try Self.ensembles(Self.document(strategy: "defaultChild", defaultChild: "R"))
        let root = e.trees[0].nodes[0]
        #expect(e.trees[0].nodes.count == 3 && e.hasSurrogateSplits)
        #expect(root.surrogates?.map(\.feature) == [2, 1])
        #expect(Self.score(e, [1, 9, 0]) == 0.2 && Self.score(e, [2, 0, 1]) == 0.7)   // x decides
        #expect(Self.score(e, [.nan, 9, 1]) == 0.2 && Self.score(e, [.nan, 0, 0]) == 0.7)   // g decides, f ignored
        #expect(Self.score(e, [.nan, 4, .nan]) == 0.2 && Self.score(e, [.nan, 3, .nan]) == 0.7)   // f decides
        // The batch scorer takes the same sides.
        let matrix = TreeFeatureMatrix(rows: Self.rows.count, columns: 3, values: Self.rows.flatMap { $0 })
        #expect(TreeEnsembleScorer(e).scores(matrix) == Self.rows.map { Self.score(e, $0) })
    }

    @Test func allUnknownSurrogatesFollowTheMissingValueStrategy() throws {
        let allMissing: [Double] = [.nan, .nan, .nan]
        for (defaultChild, expected) in [("L", 0.2), ("R", 0.7)] {
            let e = try Self.ensembles(Self.document(strategy: "defaultChild", defaultChild: defaultChild)).kept
            #expect(Self.score(e, allMissing) == expected, "defaultChild \(defaultChild)")
        }
        // lastPrediction: the owner's score (a test "x, g and f all missing" before the split).
        let last = try Self.ensembles(Self.document(strategy: "lastPrediction")).kept
        #expect(Self.score(last, allMissing) == 0.5 && Self.score(last, [.nan, 4, .nan]) == 0.2)
        // nullPrediction: no prediction, and the fields are named as having no missing-value rule.
        let null = try PMMLModel.read(Array(D.document(Self.document(strategy: "nullPrediction")).utf8), keepingSurrogates: true)
        #expect(Self.score(null.model.ensemble, allMissing).isNaN && Self.score(null.model.ensemble, [.nan, .nan, 1]) == 0.2)
        #expect(null.featuresWithoutMissingRule == ["x", "f", "g"])
        // none: unknown is false for both children; returnLastPrediction gives the owner's score, returnNullPrediction none.
        let none = try Self.ensembles(Self.document(strategy: "none")).kept
        #expect(Self.score(none, allMissing) == 0.5)
        let noneNull = try Self.ensembles(Self.document(strategy: "none", noTrueChild: "returnNullPrediction")).kept
        #expect(Self.score(noneNull, allMissing).isNaN && Self.score(noneNull, [.nan, .nan, 0]) == 0.7)
        // A trailing True decides: the predicate is never unknown.
        let decided = try Self.ensembles(Self.document(strategy: "nullPrediction",
            first: Self.first.replacingOccurrences(of: "</CompoundPredicate>", with: "<True/></CompoundPredicate>"),
            second: Self.second.replacingOccurrences(of: "</CompoundPredicate>", with: "<False/></CompoundPredicate>"))).kept
        #expect(Self.score(decided, allMissing) == 0.2)
    }

    /// Kept surrogate splits and copies under each surrogate score every row alike, for every strategy.
    @Test func keptSurrogatesScoreAsCopiedSubtrees() throws {
        let replaced = D.schema.replacingOccurrences(of: #"<MiningField name="g"/>"#, with: #"<MiningField name="g" missingValueReplacement="c d"/>"#)
        let documents = [
            Self.document(strategy: "defaultChild", defaultChild: "L"), Self.document(strategy: "defaultChild", defaultChild: "R"),
            Self.document(strategy: "defaultChild"), Self.document(strategy: "lastPrediction"), Self.document(strategy: "nullPrediction"),
            Self.document(strategy: "none"), Self.document(strategy: "none", noTrueChild: "returnNullPrediction"),
            Self.document(strategy: "defaultChild", defaultChild: "L", schema: replaced),
            Self.document(strategy: "nullPrediction", schema: replaced),
        ]
        for (k, document) in documents.enumerated() {
            let (kept, copied) = try Self.ensembles(document)
            #expect(kept.hasSurrogateSplits && !copied.hasSurrogateSplits, "document \(k)")
            for row in Self.rows {
                let (a, b) = (Self.score(kept, row), Self.score(copied, row))
                #expect(a == b || (a.isNaN && b.isNaN), "document \(k) row \(row): \(a) kept, \(b) copied")
            }
        }
    }

    @Test func malformedSurrogateSplitsAreRefused() throws {
        var e = try Self.ensembles(Self.document(strategy: "defaultChild", defaultChild: "L")).kept
        e.trees[0].nodes[0].surrogates?[0].feature = 7
        #expect(throws: ModelError.invalidModelFile("tree 0 node 0 has surrogate 0 on feature 7, but the model has 3 features")) { try e.validate() }
        e.trees[0].nodes[0].surrogates = []
        #expect(throws: ModelError.invalidModelFile("tree 0 node 0 has 0 surrogate splits (1 to 64)")) { try e.validate() }
        e.trees[0].nodes[0].surrogates = [TreeNode.Surrogate(feature: 0, rule: .lessThan, threshold: .nan, ruleGoesLeft: true)]
        #expect(throws: ModelError.invalidModelFile("tree 0 node 0 surrogate 0 has a threshold that is not a number")) { try e.validate() }
        e.trees[0].nodes[0].surrogates = [TreeNode.Surrogate(feature: 0, rule: .lessThan, threshold: 1, ruleGoesLeft: true)]
        e.comparison = .float32
        #expect(throws: ModelError.invalidModelFile("tree 0 node 0 has surrogate splits, which need float64 comparisons")) { try e.validate() }
        // An isMissing test among a kept surrogate's parts has no surrogate-split form.
        let missingTest = Self.first.replacingOccurrences(of: #"operator="equal" value="b""#, with: #"operator="isMissing""#)
        #expect(throws: ModelError.unsupportedModel("PMML: an isMissing or isNotMissing test inside a surrogate CompoundPredicate")) {
            _ = try PMMLModel.read(Array(D.document(Self.document(strategy: "defaultChild", defaultChild: "L", first: missingTest)).utf8),
                                   keepingSurrogates: true)
        }
    }
}
