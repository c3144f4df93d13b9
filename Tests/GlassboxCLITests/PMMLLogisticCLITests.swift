import Foundation
import Testing
import GlassboxTestSupport

/// A PMML logistic regression (sklearn2pmml's export of a `LogisticRegression` pipeline, `pmml-logit.pmml`)
/// through `import`, `score`, `explain` and `report`: imported as a `treeEnsemble` file with linear terms, scored
/// as scikit-learn's `predict_proba`, explained with interventional SHAP (path-dependent TreeSHAP is refused
/// naming `--shap-method interventional`, as the model records no training distribution).
@Suite("PMML logistic regression through the CLI", .serialized)
struct PMMLLogisticCLITests {
    @Test func importAndScoreMatchPredictProba() throws {
        let out = try ImportLightGBMAndPMMLTests.check("pmml", "pmml-logit.pmml", predictions: "pmml-logit.predictions.f64")
        #expect(out.contains("a logistic regression of 19 terms, 6 features (pmml SkLearn2PMML package 0.133.1)"), "\(out)")
    }

    @Test func explainAndReportWithInterventionalSHAP() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let fixture = ImportLightGBMAndPMMLTests.fixtures.appendingPathComponent("pmml-logit.pmml").path
        let imported = try GlassboxProcess.run(["import", "pmml", fixture, "--out", scratch.path("m.json")])
        #expect(imported.status == 0, "\(imported.stderr)")
        try TreeReferenceRows.csv(seed: 29, count: 400).write(toFile: scratch.path("d.csv"), atomically: true, encoding: .utf8)
        let refused = try GlassboxProcess.run(["explain", scratch.path("m.json"), "--data", scratch.path("d.csv"), "--no-importance", "--shap"])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("this model's linear terms (a PMML regression) have none; use --shap-method interventional against a background sample"), "\(refused.stderr)")

        let explain = try GlassboxProcess.run(["explain", scratch.path("m.json"), "--data", scratch.path("d.csv"), "--no-importance", "--shap",
                                               "--shap-method", "interventional", "--background", "50", "--seed", "4", "--shap-rows", "20", "--format", "json"])
        #expect(explain.status == 0, "\(explain.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(explain.stdout.utf8)) as? [String: Any])
        let shap = try #require(report["shap"] as? [String: Any])
        #expect(shap["method"] as? String == "treeInterventional")
        #expect(shap["backgroundRows"] as? Int == 50)
        #expect(shap["backgroundSeed"] as? Int == 4)
        // Additivity: φ₀ + Σ φ is each listed row's log-odds, which score gives as a probability.
        let scored = try GlassboxProcess.run(["score", scratch.path("m.json"), "--data", scratch.path("d.csv"), "--out", scratch.path("s.csv")])
        #expect(scored.status == 0, "\(scored.stderr)")
        let scores = try String(contentsOfFile: scratch.path("s.csv"), encoding: .utf8).split(separator: "\n").dropFirst().map { Double($0)! }
        let rows = try #require(shap["rows"] as? [Int]), values = try #require(shap["values"] as? [[Double]])
        let expected = try #require(shap["expectedValue"] as? Double)
        #expect(rows.count == 20)
        for (k, row) in rows.enumerated() {
            let margin = expected + values[k].reduce(0, +)
            #expect(abs(1 / (1 + exp(-margin)) - scores[row]) <= 1e-12, "row \(row)")
        }

        let markdown = try GlassboxProcess.run(["report", scratch.path("m.json"), "--data", scratch.path("d.csv"), "--shap-method", "interventional",
                                                "--format", "markdown", "--out", scratch.path("r.md")])
        #expect(markdown.status == 0, "\(markdown.stderr)")
        let text = try String(contentsOfFile: scratch.path("r.md"), encoding: .utf8)
        #expect(text.contains("(interventional TreeSHAP, as shap's"), "\(text)")
        #expect(text.contains("computes it, against 100 background rows drawn from the data with seed 1)"), "\(text)")
        // The report opens with the model's inspection: its coefficients, as `inspect` lists them.
        #expect(text.contains("## Model: logistic regression imported from pmml-logit.pmml"), "\(text)")
        #expect(text.contains("Coefficients of the imported logistic regression"), "\(text)")
        let inspect = try GlassboxProcess.run(["inspect", scratch.path("m.json")])
        #expect(inspect.status == 0, "\(inspect.stderr)")
        #expect(inspect.stdout.contains("Linear terms (log-odds):\n  age  "), "\(inspect.stdout)")
    }

    @Test func treeSHAPOptionsAreRefusedWhereTheyDoNotApply() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        try TreeReferenceRows.csv(seed: 29, count: 50).write(toFile: scratch.path("d.csv"), atomically: true, encoding: .utf8)
        let fixture = ImportLightGBMAndPMMLTests.fixtures.appendingPathComponent("pmml-logit.pmml").path
        _ = try GlassboxProcess.run(["import", "pmml", fixture, "--out", scratch.path("m.json")])
        let cases: [([String], String)] = [
            (["--background", "10"], "--background does not apply here: it sets interventional TreeSHAP; it needs --shap-method interventional"),
            (["--shap-method", "interventional"], "--shap-method does not apply here: it needs --shap"),
            (["--shap", "--shap-method", "interventional", "--background", "0"], "--background must be at least 1, got 0"),
        ]
        for (options, message) in cases {
            let result = try GlassboxProcess.run(["explain", scratch.path("m.json"), "--data", scratch.path("d.csv"), "--no-importance"] + options)
            #expect(result.status == 64, "\(options)")
            #expect(result.stderr.contains(message), "\(options): \(result.stderr)")
        }
    }
}
