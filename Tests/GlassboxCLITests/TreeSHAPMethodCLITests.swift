import Foundation
import Testing
import GlassboxTestSupport

/// `explain --shap` on a LightGBM model imported with `glassbox import lightgbm`, both TreeSHAP methods,
/// against the stored makers' values (Tests/Fixtures/reference/treeshap/lightgbm-numeric-cli.*, written by
/// Tests/Reference/make_treeshap_reference.py): path-dependent equal to LightGBM's `pred_contrib` (1e-9);
/// interventional with `--background 100` (every row of the 77-row data) equal to the exact definition over
/// LightGBM's own margins (1e-9) and to shap's `TreeExplainer(model, data, feature_perturbation="interventional")`
/// within its float32 internals (1e-7), with the same expected value (1e-12).
@Suite("TreeSHAP methods through the CLI on a LightGBM model", .serialized)
struct TreeSHAPMethodCLITests {
    struct Cases: Decodable {
        var margin: [Double]
        var contributions: [[Double]]
        var interventionalExpectedValue: Double
        var interventional: [[Double]]
        var shapExpectedValue: Double
        var shapInterventional: [[Double]]
    }

    static let directory = Repository.fixture("reference/treeshap")

    /// Runs `explain --shap` listing every row; returns the `shap` object and each listed row's values by row number.
    static func explain(_ scratch: Scratch, _ options: [String]) throws -> (shap: [String: Any], values: [Int: [Double]]) {
        let result = try GlassboxProcess.run(["explain", scratch.path("m.json"), "--data", Self.directory.appendingPathComponent("lightgbm-numeric-cli.csv").path,
                                              "--no-importance", "--shap", "--shap-rows", "100", "--format", "json"] + options)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let shap = try #require(report["shap"] as? [String: Any])
        let rows = try #require(shap["rows"] as? [Int]), values = try #require(shap["values"] as? [[Double]])
        #expect(Set(rows) == Set(0..<rows.count) && rows.count > 50)
        #expect(shap["columns"] as? [String] == ["age", "income", "turnout_history", "distance", "contacts", "region"])
        return (shap, Dictionary(uniqueKeysWithValues: zip(rows, values)))
    }

    static func maxDiff(_ values: [Int: [Double]], _ reference: [[Double]], columns: Int = 6) -> Double {
        reference.indices.reduce(0.0) { worst, r in
            (0..<columns).reduce(worst) { max($0, abs(values[r]![$1] - reference[r][$1])) }
        }
    }

    @Test func pathDependentAndInterventionalMatchTheMakers() throws {
        let cases = try JSONDecoder().decode(Cases.self, from: Data(contentsOf: Self.directory.appendingPathComponent("lightgbm-numeric-cli.json")))
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let imported = try GlassboxProcess.run(["import", "lightgbm", Self.directory.appendingPathComponent("lightgbm-numeric-model.txt").path,
                                                "--out", scratch.path("m.json")])
        #expect(imported.status == 0, "\(imported.stderr)")

        let path = try Self.explain(scratch, [])
        #expect(path.shap["method"] as? String == "treePathDependent")
        #expect(path.shap["backgroundRows"] == nil)
        let pathDiff = Self.maxDiff(path.values, cases.contributions)
        let bias = abs(try #require(path.shap["expectedValue"] as? Double) - cases.contributions[0][6])
        print("CLI path-dependent TreeSHAP vs LightGBM pred_contrib: max diff \(pathDiff), expected value \(bias)")
        #expect(pathDiff < 1e-9 && bias < 1e-9)

        let interventional = try Self.explain(scratch, ["--shap-method", "interventional", "--background", "100", "--seed", "7"])
        #expect(interventional.shap["method"] as? String == "treeInterventional")
        #expect(interventional.shap["backgroundRows"] as? Int == cases.margin.count)
        #expect(interventional.values.count == cases.margin.count)
        #expect(interventional.shap["backgroundSeed"] as? Int == 7)
        let expected = try #require(interventional.shap["expectedValue"] as? Double)
        let exactDiff = Self.maxDiff(interventional.values, cases.interventional)
        let shapDiff = Self.maxDiff(interventional.values, cases.shapInterventional)
        print("CLI interventional TreeSHAP vs exact: \(exactDiff); vs shap TreeExplainer: \(shapDiff)")
        #expect(exactDiff < 1e-9)
        #expect(shapDiff < 1e-7)
        #expect(abs(expected - cases.interventionalExpectedValue) < 1e-12)
        #expect(abs(expected - cases.shapExpectedValue) < 1e-12)
        for r in cases.margin.indices {
            #expect(abs(expected + interventional.values[r]!.reduce(0, +) - cases.margin[r]) < 1e-9, "row \(r)")
        }

        // The report opens with the inspection: shape and importance by split count, gain and cover.
        let report = try GlassboxProcess.run(["report", scratch.path("m.json"), "--data", Self.directory.appendingPathComponent("lightgbm-numeric-cli.csv").path,
                                              "--format", "markdown", "--out", scratch.path("r.md")])
        #expect(report.status == 0, "\(report.stderr)")
        let text = try String(contentsOfFile: scratch.path("r.md"), encoding: .utf8)
        for part in ["# Report on the imported model lightgbm-numeric-model.txt", "## Model: tree ensemble imported from lightgbm-numeric-model.txt",
                     "| Trees | 40 |", "Importance by split count (weight), gain and cover", "| Feature | Kind | Splits | Total gain | Mean gain | Total cover | Mean cover |"] {
            #expect(text.contains(part), "\(part)\n\(text)")
        }

        // A smaller background is a seeded sample: the same seed gives the same values.
        let a = try Self.explain(scratch, ["--shap-method", "interventional", "--background", "30", "--seed", "3"])
        let b = try Self.explain(scratch, ["--shap-method", "interventional", "--background", "30", "--seed", "3"])
        #expect(a.shap["backgroundRows"] as? Int == 30)
        #expect(a.values == b.values)
    }
}
