import Foundation
import GlassboxTestSupport
import Testing
@testable import GlassboxModels

/// A binomial-logit `GeneralRegressionModel` written by R's `pmml` package for `glm(voted ~ ..., family =
/// binomial)` (`rpmml-glm.pmml`, written with R's `predict(type = "response")` by
/// `Tests/Reference/make_r_pmml_reference.py` and `.R`): imported as linear terms and scored within 1e-12 of R
/// on 50,000 rows; a row missing an input has no prediction (NaN; R's NA), as the document has no
/// missing-value replacement.
@Suite struct PMMLGeneralRegressionTests {
    @Test func glmMatchesRPredict() throws {
        let directory = PMMLReferenceTests.directory
        let bytes = Array(try Data(contentsOf: directory.appendingPathComponent("rpmml-glm.pmml")))
        let ensemble = try PMMLModel.importEnsemble(bytes: bytes, fileName: "rpmml-glm.pmml").ensemble
        #expect(ensemble.trees.isEmpty && ensemble.linearTerms?.terms.count == 4 + 11 + 2)
        let meta = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("rpmml-reference.json"))) as? [String: Any])
        let rows = TreeReferenceRows.rows(seed: UInt64(try #require(meta["testSeed"] as? Int)), count: try #require(meta["testRows"] as? Int))
        let expected = try TreeReferenceRows.float64s(directory.appendingPathComponent("rpmml-glm.predictions.f64"))
        try #require(expected.count == rows.count && rows.count >= 50_000)
        let matrix = rows.map { PMMLReferenceTests.featureRow($0, ensemble: ensemble) }
        let batch = TreeEnsembleScorer(ensemble).scores(TreeFeatureMatrix(rows: matrix.count, columns: ensemble.features.count, values: matrix.flatMap { $0 }))
        var maxDiff = 0.0, unscored = 0
        for i in rows.indices {
            let single = ensemble.score(margin: ensemble.margin(matrix[i]))
            if expected[i].isNaN {
                unscored += 1
                #expect(single.isNaN && batch[i].isNaN, "row \(i)")
            } else {
                maxDiff = max(maxDiff, abs(single - expected[i]), abs(batch[i] - expected[i]))
            }
        }
        print("R pmml glm: \(rows.count) rows (\(unscored) without a prediction), max |Glassbox − R| = \(maxDiff)")
        #expect(maxDiff <= 1e-12)
        #expect(unscored > 5_000)
    }

    @Test func unsupportedConstructsAreNamed() throws {
        let text = try String(contentsOf: PMMLReferenceTests.directory.appendingPathComponent("rpmml-glm.pmml"), encoding: .utf8)
        let cases: [(String, String)] = [
            (text.replacingOccurrences(of: #"linkFunction="logit""#, with: #"linkFunction="probit""#), "linkFunction=\"probit\""),
            (text.replacingOccurrences(of: #"<PPCell value="1" predictorName="age" parameterName="p1"/>"#,
                                       with: #"<PPCell value="2" predictorName="age" parameterName="p1"/>"#), "covariate 'age' to the power 2"),
            (text.replacingOccurrences(of: #"<PPCell value="1" predictorName="income" parameterName="p2"/>"#,
                                       with: #"<PPCell value="1" predictorName="income" parameterName="p1"/>"#), "an interaction (parameter 'p1' has 2 PPCells)"),
            (text.replacingOccurrences(of: #"predictorName="county" parameterName="p5""#, with: #"predictorName="county" parameterName="p99""#),
             "a PPCell names no parameter of the ParameterList"),
        ]
        for (document, message) in cases {
            do {
                _ = try PMMLModel.importEnsemble(bytes: Array(document.utf8), fileName: "glm.pmml")
                Issue.record("accepted: \(message)")
            } catch {
                #expect("\(error)".contains(message), "\(error)")
            }
        }
    }
}
