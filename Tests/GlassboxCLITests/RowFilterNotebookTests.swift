import Foundation
import Testing
import GlassboxTestSupport

/// The exported notebook re-applies `--derive` and `--where` (recorded in the manifest) with pandas before
/// its checks, so statsmodels, scikit-learn and fairlearn see the rows and columns Glassbox used.
@Suite("notebook re-applies --where and --derive", .serialized)
struct RowFilterNotebookTests {
    @Test("report with --derive and --where: every check of the executed notebook holds",
          .enabled(if: NotebookExecutionTests.python != nil, "no Python with nbclient, nbformat and ipykernel (GLASSBOX_PYTHON, .venv, /tmp/pyvenv)"),
          .timeLimit(.minutes(5)))
    func notebookReappliesFilters() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        _ = try dir.write("d.csv", NotebookExecutionTests.csv)
        let prepare = ["--derive", "positive = x > 0", "--derive", "zone = region", "--derive", "scaled = abs(z - 2) / 2",
                       "--where", "zone not in (\"east\") or is_missing(x)", "--where", "not (z > 3.5 and positive == 1)"]
        var r = try GlassboxProcess.run(["train", "logistic", "--data", "d.csv", "--formula", "y ~ x + scaled + C(g) + positive", "--out", "m.json"] + prepare,
                                        in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["report", "m.json", "--data", "d.csv", "--group", "zone", "--repeats", "2", "--bootstrap", "0",
                                     "--format", "ipynb", "--out", "r.ipynb"] + prepare, in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        let kept = try #require(r.stderr.split(separator: "\n").first { $0.contains("rows kept by --where") })
        let count = try #require(kept.split(separator: " ").dropFirst().first)
        let script = try dir.write("run_notebook.py", NotebookExecutionTests.runner)
        let run = try NotebookPython.run(NotebookExecutionTests.python!, [script, dir.path("r.ipynb"), dir.path("")], in: dir.url)
        #expect(run.status == 0, "\(run.output)")
        for line in ["\(count) of 600 rows kept by the filters", "6 coefficients and standard errors (nonrobust) agree with statsmodels", "on \(count) rows agrees with scikit-learn",
                     "group rates and counts agree with fairlearn's MetricFrame"] {
            #expect(run.output.contains(line), "missing '\(line)' in:\n\(run.output)")
        }
    }
}
