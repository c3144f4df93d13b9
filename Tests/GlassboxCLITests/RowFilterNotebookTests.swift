import Foundation
import Testing
import GlassboxCore
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

    /// A column name and a level that carry Python reach the notebook only as escaped literals: the cell parses,
    /// the notebook runs its checks, and nothing it says is executed.
    @Test("hostile column names and levels in --where/--derive stay data in the notebook",
          .enabled(if: NotebookExecutionTests.python != nil, "no Python with nbclient, nbformat and ipykernel (GLASSBOX_PYTHON, .venv, /tmp/pyvenv)"),
          .timeLimit(.minutes(5)))
    func hostileTextStaysData() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let injected = NotebookInjectionTests.injected
        let column = "evil\"); \(injected) #\\ \u{202E}'", level = "x'); \(injected) #\"\\"
        func csvField(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        var csv = "y,x,\(csvField(column))\n"
        var rng = SeededGenerator(seed: 5)
        for i in 0..<300 {
            let x = (rng.nextNormal() * 1000).rounded() / 1000, hostile = i % 3 == 0
            let y = rng.nextUniform() < 1 / (1 + exp(-(0.8 * x + (hostile ? 0.7 : -0.2)))) ? 1 : 0
            csv += "\(y),\(x),\(csvField(hostile ? level : "plain"))\n"
        }
        _ = try dir.write("d.csv", csv)
        let prepare = ["--derive", "flag = Q(\(quoted(column))) == \(quoted(level))",
                       "--where", "x > -5 or Q(\(quoted(column))) in (\(quoted(level)), \"plain\")"]
        var r = try GlassboxProcess.run(["train", "logistic", "--data", "d.csv", "--formula", "y ~ x + flag", "--out", "m.json"] + prepare, in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["report", "m.json", "--data", "d.csv", "--repeats", "2", "--format", "ipynb", "--out", "r.ipynb"] + prepare,
                                    in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        let parsed = try NotebookInjectionTests.parseCells("r.ipynb", in: dir)
        #expect(parsed.status == 0, "\(parsed.output)")
        let run = try NotebookInjectionTests.execute("r.ipynb", in: dir)
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("300 of 300 rows kept by the filters") && run.output.contains("3 coefficients and standard errors"), "\(run.output)")
        #expect(!FileManager.default.fileExists(atPath: dir.path("PWNED")))
    }
}
