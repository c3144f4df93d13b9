import Foundation
import GlassboxTestSupport
import Testing
@testable import GlassboxModels

/// scikit-learn's `predict_proba` for a `LogisticRegression` pipeline (median and most-frequent imputation,
/// one-hot county and party) exported by sklearn2pmml as a logit `RegressionModel`, on 50,000 seeded rows with
/// missing values (`pmml-logit.*`, written by `Tests/Reference/make_pmml_reference.py`).
@Suite struct PMMLLogisticRegressionTests {
    @Test func logitRegressionMatchesPredictProba() throws {
        let directory = PMMLReferenceTests.directory
        let model = try PMMLLogisticRegression.read(Array(try Data(contentsOf: directory.appendingPathComponent("pmml-logit.pmml"))))
        let meta = try PMMLReferenceTests.meta()
        let rows = TreeReferenceRows.rows(seed: UInt64(try #require(meta["testSeed"] as? Int)), count: try #require(meta["testRows"] as? Int))
        let expected = try TreeReferenceRows.float64s(directory.appendingPathComponent("pmml-logit.predictions.f64"))
        try #require(expected.count == rows.count && rows.count >= 50_000)
        #expect(model.terms.count == 4 + 12 + 3)
        let ensembleShape = TreeEnsemble(features: model.features, trees: [], baseMargin: 0, link: .logistic, comparison: .float64)
        var maxDiff = 0.0, missing = 0
        for (i, row) in rows.enumerated() {
            if row.contains(where: \.isNaN) || row[3] < 0 || row[4] < 0 { missing += 1 }
            let diff = abs(model.score(PMMLReferenceTests.featureRow(row, ensemble: ensembleShape)) - expected[i])
            maxDiff = max(maxDiff, diff)
        }
        print("PMML logit: \(rows.count) rows (\(missing) with a missing value), max |Glassbox − scikit-learn| = \(maxDiff)")
        #expect(maxDiff <= 1e-12)
        #expect(missing > 5_000)
        // contacts has no replacement: a row missing it has no prediction.
        var row = PMMLReferenceTests.featureRow(rows[0], ensemble: ensembleShape)
        row[model.features.firstIndex { $0.name == "contacts" }!] = .nan
        #expect(model.margin(row).isNaN)
    }
}
