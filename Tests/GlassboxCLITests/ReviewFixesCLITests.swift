import Foundation
import Testing
import GlassboxTestSupport

/// Regression tests of review findings: terminal escaping of what an imported file names, and options refused
/// where they would silently do nothing.
@Suite("import and explain: escaping and refused options")
struct ReviewFixesCLITests {
    @Test("import prints a maker version holding an escape character escaped, never the raw control character")
    func importEscapesTheMakerVersion() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let original = try String(contentsOf: Repository.fixture("reference/trees/lightgbm-gbdt.txt"), encoding: .utf8)
        _ = try dir.write("doctored.txt", original.replacingOccurrences(of: "version=v4\n", with: "version=v4\u{1B}[2J\u{1B}]8;;x\u{07}\n"))
        let result = try GlassboxProcess.run(["import", "lightgbm", "doctored.txt", "--out", "model.json"], in: dir.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("\u{1B}") && !result.stdout.contains("\u{07}"), "\(result.stdout)")
        #expect(result.stdout.contains("(lightgbm v4\\u{1B}[2J\\u{1B}]8;;x\\u{7})"), "\(result.stdout)")
    }

    @Test("explain --shap --shap-method on a logistic model is refused (64) naming the option, with no output")
    func shapMethodOnALogisticModelIsRefused() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        // The data are simulated here: notebooks-export/simulated-voters.csv is a local, git-ignored copy.
        let simulated = try GlassboxProcess.run(["simulate", "--rows", "2000", "--out", dir.path("voters.csv"), "--quiet"])
        #expect(simulated.status == 0, "\(simulated.stderr)")
        for method in ["path-dependent", "interventional"] {
            let result = try GlassboxProcess.run(["explain", Repository.url("models/turnout-simulated.json").path,
                                                  "--data", dir.path("voters.csv"),
                                                  "--no-importance", "--shap", "--shap-method", method, "--out", dir.path("e.md")])
            #expect(result.status == 64, "\(method): \(result.stderr)")
            #expect(result.stderr.contains("--shap-method does not apply here: it sets the TreeSHAP of a tree-ensemble model"), "\(method): \(result.stderr)")
            #expect(!dir.exists("e.md"))
        }
    }
}
