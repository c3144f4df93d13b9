import Foundation
import GlassboxTestSupport
import Testing
@testable import GlassboxModels

/// Documents written by R's `pmml` package for an `rpart` classification tree (surrogate splits,
/// `defaultChild`) and a 20-tree `randomForest` (`majorityVote`), with R's own `predict` probabilities
/// on 50,000 seeded rows (missing values included) plus one row per numeric split point the document states
/// exactly (`Tests/Fixtures/reference/trees/rpmml-*`, written by `Tests/Reference/make_r_pmml_reference.py`
/// and `.R`). Glassbox's import scores every row R scores within 1e-12 (the forest's vote shares exactly);
/// randomForest refuses incomplete rows (NA), so there only complete rows are compared. The `glm` document is
/// tested in ``PMMLGeneralRegressionTests``.
@Suite struct PMMLRPackageReferenceTests {
    static let directory = PMMLReferenceTests.directory

    static func meta() throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("rpmml-reference.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    struct Comparison {
        var ensemble: TreeEnsemble
        var rows: [[Double]]
        /// Glassbox's score of each row (single-row and batch scorer agree; checked).
        var scores: [Double]
        var expected: [Double]
        var maxDiff = 0.0
        var thresholdRows = 0
    }

    /// Imports `rpmml-<name>.pmml` and scores the reference rows (base plus threshold rows) with both scorers.
    static func compare(_ name: String) throws -> Comparison {
        let meta = try meta(), models = try #require(meta["models"] as? [String: [String: Any]])
        let model = try #require(models[name])
        let file = try #require(model["model"] as? String)
        let bytes = Array(try Data(contentsOf: directory.appendingPathComponent(file)))
        let ensemble = try PMMLModel.importEnsemble(bytes: bytes, fileName: file).ensemble
        let base = TreeReferenceRows.rows(seed: UInt64(try #require(meta["testSeed"] as? Int)),
                                          count: try #require(meta["testRows"] as? Int))
        let splits = try #require(model["thresholdRows"] as? [[Any]])
        let rows = base + TreeReferenceRows.thresholdRows(base: base, splits: splits)
        let expected = try TreeReferenceRows.float64s(directory.appendingPathComponent(try #require(model["predictions"] as? String)))
        try #require(expected.count == rows.count && base.count >= 50_000)
        let matrix = rows.map { PMMLReferenceTests.featureRow($0, ensemble: ensemble) }
        let batch = TreeEnsembleScorer(ensemble).scores(TreeFeatureMatrix(rows: matrix.count, columns: ensemble.features.count,
                                                                           values: matrix.flatMap { $0 }))
        var result = Comparison(ensemble: ensemble, rows: rows, scores: batch, expected: expected, thresholdRows: splits.count)
        for i in rows.indices {
            let single = ensemble.score(margin: ensemble.margin(matrix[i]))
            #expect(single.isNaN == batch[i].isNaN && (single.isNaN || abs(single - batch[i]) <= 1e-15), "row \(i)")
            if !expected[i].isNaN && !batch[i].isNaN { result.maxDiff = max(result.maxDiff, abs(batch[i] - expected[i])) }
        }
        return result
    }

    static func isComplete(_ row: [Double]) -> Bool { row.allSatisfy { !$0.isNaN && $0 >= 0 } }

    /// rpart scores every row (surrogates, then the majority direction) and so does the document (surrogate
    /// `CompoundPredicate`s, then `defaultChild`). Where the two could differ (a path that takes a
    /// `defaultChild`, see Tests/Reference/README.md) the reference script also walks the document by the
    /// PMML rules; Glassbox equals that walk on every row, and R on every row where the walk does.
    @Test func rpartTreeWithSurrogatesMatchesRPredict() throws {
        let c = try Self.compareTree("rpart")
        // Shallow enough to copy subtrees under each surrogate: single-feature splits, which TreeSHAP reads.
        #expect(!c.ensemble.hasSurrogateSplits)
    }

    /// The tree without `maxdepth` (63 nodes): copies under each surrogate would exceed 16 nodes per `Node`, so
    /// the import keeps the surrogate predicates as surrogate splits. 260 rows take a `defaultChild` pmml wrote
    /// below the root that is not rpart's majority direction (Tests/Reference/README.md): there Glassbox follows
    /// the document, as the PMML rules and any PMML evaluator do; on every other row it equals R's `predict`.
    @Test func deepRpartTreeKeepsSurrogateSplitsAndMatchesRPredict() throws {
        let c = try Self.compareTree("rpartdeep")
        #expect(c.ensemble.hasSurrogateSplits)
        // No copies: the document's 63 Nodes, plus at most a second test and a "no true child" leaf per split
        // (children that do not complement each other, returnLastPrediction); each of R's 21 splits with
        // surrogates is one node with surrogate splits.
        let nodes = c.ensemble.trees[0].nodes
        #expect(nodes.count <= 63 + 2 * 31 && nodes.filter { $0.surrogates != nil }.count >= 21)
    }

    /// Compares the rpart document `name` with R and with the stored walk of the document by the PMML rules.
    static func compareTree(_ name: String) throws -> Comparison {
        let c = try Self.compare(name)
        #expect(c.ensemble.trees.count == 1 && c.ensemble.link == .identity)
        let model = try #require((try Self.meta()["models"] as? [String: [String: Any]])?[name])
        let document = try TreeReferenceRows.float64s(Self.directory.appendingPathComponent(try #require(model["document"] as? String)))
        try #require(document.count == c.rows.count)
        let incomplete = c.rows.indices.filter { !Self.isComplete(c.rows[$0]) }.count
        var documentDiff = 0.0, differsFromR = 0
        for i in c.rows.indices {
            #expect(!c.expected[i].isNaN && !c.scores[i].isNaN, "row \(i)")
            documentDiff = max(documentDiff, abs(c.scores[i] - document[i]))
            if abs(document[i] - c.expected[i]) > 1e-12 {
                differsFromR += 1
                #expect(!Self.isComplete(c.rows[i]), "complete row \(i): the document and R disagree")
            } else {
                #expect(abs(c.scores[i] - c.expected[i]) <= 1e-12, "row \(i)")
            }
        }
        print("R pmml \(name): \(c.rows.count) rows (\(incomplete) with a missing input, \(c.thresholdRows) at split points), max |Glassbox − R| = \(c.maxDiff), max |Glassbox − document walk| = \(documentDiff), \(differsFromR) rows where the document differs from R")
        #expect(documentDiff <= 1e-12)
        #expect(differsFromR == model["documentDiffersFromR"] as? Int)
        #expect(incomplete > 5_000 && c.thresholdRows > 0)
        return c
    }

    @Test func randomForestVotesMatchRPredict() throws {
        let c = try Self.compare("rf")
        #expect(c.ensemble.trees.count == 20 && c.ensemble.combination == .average)
        // R's pmml writes randomForest's factors without Values: the levels are those the splits name.
        let county = try #require(c.ensemble.features.first { $0.name == "county" })
        #expect(county.kind == .categorical(levels: TreeReferenceRows.countyLevels))
        // R scores only complete rows; a vote share k/20 is exact on both sides.
        var compared = 0
        for i in c.rows.indices {
            #expect(c.expected[i].isNaN == !Self.isComplete(c.rows[i]), "row \(i)")
            if !c.expected[i].isNaN {
                compared += 1
                #expect(c.scores[i] == c.expected[i], "row \(i)")
            }
        }
        print("R pmml randomForest: \(compared) complete rows (\(c.thresholdRows) at split points), max |Glassbox − R| = \(c.maxDiff)")
        #expect(compared > 35_000 && c.thresholdRows > 0)
    }

    /// Two `isIn` children complement each other only when their sets split all of the field's levels; with one
    /// level left out a present value can reach no child, which `returnNullPrediction` cannot score.
    @Test func isInChildrenThatLeaveALevelOutAreRefused() throws {
        let text = try String(contentsOf: Self.directory.appendingPathComponent("rpmml-rf.pmml"), encoding: .utf8)
        let full = "&quot;C01&quot;   &quot;C06&quot;   &quot;C07&quot;   &quot;C09&quot;</Array>"
        try #require(text.contains(full))
        let document = text.replacingOccurrences(of: full, with: "&quot;C01&quot;   &quot;C06&quot;   &quot;C07&quot;</Array>")
        #expect(throws: ModelError.unsupportedModel(
            "rf.pmml: PMML: a Node whose children may all be false with noTrueChildStrategy=\"returnNullPrediction\"")) {
            _ = try PMMLModel.importEnsemble(bytes: Array(document.utf8), fileName: "rf.pmml")
        }
    }
}
