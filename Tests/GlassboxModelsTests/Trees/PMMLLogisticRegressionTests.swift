import Foundation
import GlassboxCore
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

    /// `glassbox import pmml` of the same document: a tree ensemble of no trees whose linear terms and base
    /// margin are the regression's, scored by `TreeEnsemble.margin` and the batch scorer within 1e-12 of
    /// `predict_proba` on the 50,000 rows; contacts and past (passed through, no imputer) have no missing rule.
    @Test func importedAsLinearEnsembleMatchesPredictProba() throws {
        let ensemble = try PMMLReferenceTests.check("logit")
        #expect(ensemble.trees.isEmpty && ensemble.link == .logistic)
        #expect(ensemble.linearTerms?.terms.count == 4 + 12 + 3)
        #expect(try PMMLReferenceTests.load("logit").featuresWithoutMissingRule == ["contacts", "past"])
        let file = TreeEnsembleModelFile(ensemble: ensemble, source: .init(format: .pmml, makerVersion: nil, objective: nil, fileName: "m", sha256: ""),
                                         manifest: Provenance(commandLine: [], data: nil, blas: "test"))
        let decoded = try JSONDecoder().decode(TreeEnsembleModelFile.self, from: Data(try file.encoded()))
        #expect(decoded == file)
    }

    /// Linear terms that do not fit the features are malformed model files, named.
    @Test func invalidLinearTermsAreRefused() throws {
        var ensemble = TreeEnsemble(features: [TreeFeature(name: "x"), TreeFeature(name: "g", kind: .categorical(levels: ["a", "b"]))],
                                    trees: [], baseMargin: 0, link: .logistic, comparison: .float64)
        #expect(throws: ModelError.invalidModelFile("the ensemble has no trees")) { try ensemble.validate() }
        let cases: [([TreeEnsembleLinearTerms.Term], [Double?], String)] = [
            ([.init(feature: 2, code: nil, coefficient: 1)], [nil, nil], "linear term: term 0 reads feature 2, but the model has 2 features"),
            ([.init(feature: 0, code: nil, coefficient: .nan)], [nil, nil], "linear term: term 0 has a coefficient that is not a finite number"),
            ([.init(feature: 0, code: 1, coefficient: 1)], [nil, nil], "linear term: term 0 on feature 'x' does not match the feature's kind"),
            ([.init(feature: 1, code: nil, coefficient: 1)], [nil, nil], "linear term: term 0 on feature 'g' does not match the feature's kind"),
            ([], [nil], "linear term: 1 missing-value replacements for 2 features"),
            ([], [.infinity, nil], "linear term: the replacement of feature 0 is not a finite number"),
        ]
        for (terms, replacements, message) in cases {
            ensemble.linearTerms = TreeEnsembleLinearTerms(terms: terms, replacements: replacements)
            #expect(throws: ModelError.invalidModelFile(message)) { try ensemble.validate() }
        }
    }
}
