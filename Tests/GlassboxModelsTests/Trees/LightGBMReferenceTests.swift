import Foundation
import GlassboxTestSupport
import Testing
@testable import GlassboxModels

/// LightGBM's own `predict` on 50,000 seeded rows plus one row per split threshold
/// (`Tests/Fixtures/reference/trees/lightgbm-*`, written by `Tests/Reference/make_lightgbm_reference.py`).
@Suite struct LightGBMReferenceTests {
    static let directory = Repository.fixture("reference/trees")

    static func meta() throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("lightgbm-reference.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func load(_ name: String) throws -> TreeEnsemble {
        let meta = try meta(), models = try #require(meta["models"] as? [String: [String: Any]])
        let file = try #require(models[name]?["model"] as? String)
        return try LightGBMModel.importEnsemble(bytes: Array(try Data(contentsOf: directory.appendingPathComponent(file))), fileName: file).ensemble
    }

    /// The rows in the order of the stored predictions: model columns (categorical codes -1 → NaN, as
    /// LightGBM's pandas conversion makes them).
    static func check(_ name: String) throws {
        let meta = try meta(), models = try #require(meta["models"] as? [String: [String: Any]])
        let model = try #require(models[name])
        let ensemble = try load(name)
        #expect(ensemble.features.map(\.name) == TreeReferenceRows.columns)
        let base = TreeReferenceRows.rows(seed: UInt64(try #require(meta["testSeed"] as? Int)),
                                          count: try #require(meta["testRows"] as? Int))
        let splits = try #require(model["thresholdRows"] as? [[Any]])
        let rows = (base + TreeReferenceRows.thresholdRows(base: base, splits: splits)).map { row in
            row.map { $0 < 0 ? Double.nan : $0 }
        }
        let expected = try TreeReferenceRows.float64s(directory.appendingPathComponent(try #require(model["predictions"] as? String)))
        try #require(expected.count == rows.count)
        var maxDiff = 0.0, worst = 0
        for (i, row) in rows.enumerated() {
            let diff = abs(ensemble.score(margin: ensemble.margin(row)) - expected[i])
            if !(diff <= maxDiff) { maxDiff = diff; worst = i }
        }
        print("LightGBM \(name): \(rows.count) rows (\(splits.count) at thresholds), max |Glassbox − LightGBM| = \(maxDiff) at row \(worst)")
        #expect(maxDiff <= 1e-12)
        // The batch scorer `glassbox score` uses agrees as closely.
        let matrixRows = rows
        let batch = TreeEnsembleScorer(ensemble).scores(TreeFeatureMatrix(rows: matrixRows.count, columns: ensemble.features.count,
                                                                           values: matrixRows.flatMap { $0 }))
        let batchDiff = zip(batch, expected).map { abs($0 - $1) }.max() ?? .nan
        print("  batch scorer: max diff \(batchDiff)")
        #expect(batchDiff <= 1e-12)
    }

    @Test func boostedModelWithPandasCategoricalsMatchesPredict() throws {
        try Self.check("gbdt")
        let ensemble = try Self.load("gbdt")
        #expect(ensemble.features[3].kind == .categorical(levels: (0..<12).map { String(format: "C%02d", $0) }))
        #expect(ensemble.features[4].kind == .categorical(levels: ["DEM", "REP", "IND"]))
        #expect(ensemble.combination == .sum && ensemble.trees.count == 40)
    }

    @Test func randomForestWithZeroAsMissingMatchesPredict() throws {
        try Self.check("rf")
        let ensemble = try Self.load("rf")
        #expect(ensemble.combination == .average)
        #expect(ensemble.features[3].kind == .categorical(levels: []))
        #expect(ensemble.trees.contains { $0.nodes.contains { $0.missing == .zeroOrNaN } })
    }
}

/// Edge cases of LightGBM's decisions on `lightgbm-rf.txt` (contacts has missing type Zero there). LightGBM
/// 4.7's `predict` on the row age 40, income 50, county 3, party 1, past 0.5 gives the same probability for
/// contacts 0, 1e-35 and 1.0000000180025095e-35, and another one for 1.00000002e-35.
@Suite struct LightGBMDecisionEdgeTests {
    /// LightGBM's zero band for missing type Zero ends at the float `1e-35f` widened to double, so
    /// 1.0000000180025095e-35 is still zero (the bug: the band ended at the double 1e-35).
    @Test func zeroBandEndsAtTheFloatThreshold() throws {
        let ensemble = try LightGBMReferenceTests.load("rf")
        func score(_ contacts: Double) -> Double { ensemble.score(margin: ensemble.margin([40, 50, contacts, 3, 1, 0.5])) }
        #expect(score(1.0000000180025095e-35) == score(0))
        #expect(score(1.00000002e-35) != score(0))
        #expect(score(1e-35) == score(0))
    }
}

/// LightGBM's `predict` on `lightgbm-rf.txt` (codes as numbers) for category codes that are not whole numbers
/// (`rfFractionalCodes` in lightgbm-reference.json): LightGBM truncates toward zero (2.7 → 2, −0.5 → 0,
/// −1.5 → no category), ``TreeEnsemble/CategoryCodes/truncated``.
@Suite struct LightGBMFractionalCodeTests {
    @Test func fractionalCodesTruncateTowardZero() throws {
        let meta = try LightGBMReferenceTests.meta()
        let fractional = try #require(meta["rfFractionalCodes"] as? [String: Any])
        let rows = try #require(fractional["rows"] as? [[String]]).map { $0.map { Double($0)! } }
        let expected = try #require(fractional["predictions"] as? [String]).map { Double($0)! }
        try #require(rows.count == expected.count && rows.count >= 100)
        let ensemble = try LightGBMReferenceTests.load("rf")
        #expect(ensemble.categoryCodes == .truncated)
        let batch = TreeEnsembleScorer(ensemble).scores(TreeFeatureMatrix(rows: rows.count, columns: rows[0].count, values: rows.flatMap { $0 }))
        var wholeNumbers = ensemble
        wholeNumbers.categoryCodes = nil
        var differs = 0
        for (i, row) in rows.enumerated() {
            #expect(abs(ensemble.score(margin: ensemble.margin(row)) - expected[i]) <= 1e-12, "row \(i): \(row)")
            #expect(abs(batch[i] - expected[i]) <= 1e-12, "row \(i)")
            if abs(wholeNumbers.score(margin: wholeNumbers.margin(row)) - expected[i]) > 1e-12 { differs += 1 }
        }
        // Reading only whole numbers as codes (the rule before) scores many of these rows differently.
        #expect(differs > 10)
    }

    /// Each maker's rule on the same values. XGBoost reads a `Float` and calls negatives and values from 2²⁴ on
    /// invalid: xgboost 3.2's `predict` on a one-split categorical model (set {0, 2, 5}, trained on codes)
    /// sent 0.5 and 5.9 with codes 0 and 5, 2.9999999999 with 3, −0.5, −0.2 and 16777217 with the others.
    @Test func codeRulesPerMaker() {
        let cases: [(Double, whole: Int32?, lightGBM: Int32?, xgboost: Int32?)] = [
            (2, 2, 2, 2), (2.7, nil, 2, 2), (-0.5, nil, 0, nil), (-1.5, nil, nil, nil), (0.5, nil, 0, 0),
            (2.9999999999, nil, 2, 3), (16_777_217, 16_777_217, 16_777_217, nil), (3e9, nil, nil, nil),
        ]
        for (v, whole, lightGBM, xgboost) in cases {
            #expect(TreeNode.categoryCode(v, .wholeNumbers) == whole, "\(v)")
            #expect(TreeNode.categoryCode(v, .truncated) == lightGBM, "\(v)")
            #expect(TreeNode.categoryCode(v, .float32Truncated) == xgboost, "\(v)")
        }
    }
}
