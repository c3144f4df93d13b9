import Foundation
import Testing
import GlassboxTestSupport

/// The report and notebook of a deep rpart tree from R's pmml (Tests/Fixtures/reference/trees/rpmml-rpartdeep.pmml),
/// whose import keeps surrogate splits: the report has its TreeSHAP section, and the notebook re-scores the trees
/// (surrogates included) in plain Python, re-checks baseline and audit, and says which PMML check it skips and why.
@Suite("deep rpart PMML notebook executed with nbclient", .serialized)
struct TreeNotebookSurrogateTests {
    static var python: String? { NotebookPython.interpreter }
    let helpers = TreeNotebookExecutionTests()

    /// The seeded reference rows (missing values included) with an outcome `voted`.
    static func data() -> String {
        let lines = TreeReferenceRows.csv(seed: 29, count: 2_000).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.enumerated().map { i, line in
            line.isEmpty ? "" : line + (i == 0 ? ",voted" : (i * 7_919 % 5 < 2 ? ",1" : ",0"))
        }.joined(separator: "\n")
    }

    @Test("surrogate splits: the notebook's plain-Python re-scoring agrees; the PMML evaluator check is skipped, saying why",
          .enabled(if: python != nil, "no Python with nbclient, nbformat and ipykernel (GLASSBOX_PYTHON, .venv, /tmp/pyvenv)"),
          .timeLimit(.minutes(8)))
    func deepRpartNotebook() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        _ = try dir.write("rows.csv", Self.data())
        try helpers.importCopy("pmml", fixture: "reference/trees/rpmml-rpartdeep.pmml", as: "vendor.pmml", outcome: "voted", in: dir)
        let report = try GlassboxProcess.run(["report", "model.json", "--data", "rows.csv", "--group", "party", "--repeats", "1",
                                              "--bootstrap", "50", "--format", "markdown", "--out", "report.md"], in: dir.url)
        #expect(report.status == 0, "\(report.stderr)")
        // TreeSHAP follows surrogate splits (TreeSHAPSurrogateTests): the report has its SHAP section, no note.
        #expect(!report.stderr.contains("SHAP"), "\(report.stderr)")
        let markdown = try String(contentsOf: dir.url.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(markdown.contains("SHAP (exact TreeSHAP, margin scale)"))
        #expect(markdown.contains("surrogate splits are read in order within each coalition") && markdown.contains("Glassbox's rule"))
        let run = try helpers.reportAndExecute(data: "rows.csv", ["--group", "party", "--repeats", "1", "--bootstrap", "50"], in: dir)
        #expect(run.status == 0, "\(run.output)")
        for line in ["agrees with the model file's trees re-scored in plain Python (1e-9)",
                     "vendor.pmml: original pmml model file, SHA-256 verified (recorded at import)",
                     "skipped: the PMML evaluator re-check of the scores: no PMML evaluator (jpmml_evaluator or pypmml) was available",
                     "skipped: the maker's SHAP values: a PMML document holds none",
                     "group rates and counts agree with fairlearn's MetricFrame to 1e-12"] {
            #expect(run.output.contains(line), "missing '\(line)' in:\n\(run.output)")
        }
    }
}
