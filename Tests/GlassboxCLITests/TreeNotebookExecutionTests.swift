import Foundation
import GlassboxCore
import Testing
import GlassboxTestSupport

/// `glassbox report --format ipynb` on imported tree ensembles, executed with nbclient (``NotebookPython``): an
/// XGBoost and a LightGBM model, with the original model file beside the imported one (every check runs and
/// holds: the original's SHA-256, the maker's scores and SHAP values, the group audit) and without it (the
/// notebook says which checks it skipped and still runs).
@Suite("tree-ensemble notebooks executed with nbclient", .serialized)
struct TreeNotebookExecutionTests {
    static var python: String? { NotebookPython.interpreter }

    /// Copies `fixture` (a path under Tests/Fixtures) into `dir` as `name` and imports it there as `model.json`,
    /// so the original sits beside the model file as `glassbox import` users keep it.
    func importCopy(_ format: String, fixture: String, as name: String, outcome: String, in dir: Scratch) throws {
        try FileManager.default.copyItem(at: Repository.fixture(fixture), to: dir.url.appendingPathComponent(name))
        let imported = try GlassboxProcess.run(["import", format, name, "--outcome", outcome, "--out", "model.json"], in: dir.url)
        #expect(imported.status == 0, "\(imported.stderr)")
    }

    /// Writes the notebook of `arguments` (after `report model.json --data DATA`) to report.ipynb and executes it.
    func reportAndExecute(data: String, _ arguments: [String], in dir: Scratch) throws -> (status: Int32, output: String) {
        let report = try GlassboxProcess.run(["report", "model.json", "--data", data] + arguments + ["--format", "ipynb", "--out", "report.ipynb"],
                                             in: dir.url)
        #expect(report.status == 0, "\(report.stderr)")
        return try NotebookPython.execute(Self.python!, notebook: dir.path("report.ipynb"), in: dir.url)
    }

    @Test("XGBoost turnout model: the original's SHA-256, XGBoost's predict and pred_contribs, and the audit re-check; without the original the notebook says what it skipped",
          .enabled(if: python != nil, "no Python with nbclient, nbformat and ipykernel (GLASSBOX_PYTHON, .venv, /tmp/pyvenv)"),
          .timeLimit(.minutes(8)))
    func xgboost() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let simulate = try GlassboxProcess.run(["simulate", "--rows", "3000", "--seed", "12", "--out", "voters.csv"], in: dir.url)
        #expect(simulate.status == 0, "\(simulate.stderr)")
        try importCopy("xgboost", fixture: "reference/xgboost-turnout/turnout.json", as: "vendor-turnout.json", outcome: "voted_2024", in: dir)
        let run = try reportAndExecute(data: "voters.csv", ["--group", "race", "--top", "0.5", "--repeats", "1", "--bootstrap", "50", "--seed", "3"], in: dir)
        #expect(run.status == 0, "\(run.output)")
        for line in ["vendor-turnout.json: original xgboost model file, SHA-256 verified (recorded at import)",
                     "3000 scores agree with xgboost's predict within 1e-06",
                     "8 mean |SHAP| values and", "agree with xgboost's pred_contribs within 1e-06",
                     "agrees with the model file's trees re-scored in plain Python (1e-9)",
                     "group rates and counts agree with fairlearn's MetricFrame to 1e-12"] {
            #expect(run.output.contains(line), "missing '\(line)' in:\n\(run.output)")
        }
        #expect(run.output.range(of: #"the SHAP dependence of [0-9]+ levels and [1-9][0-9]* numeric value bins agree with xgboost's pred_contribs"#, options: .regularExpression) != nil,
                "the numeric dependence bins are re-checked:\n\(run.output)")
        #expect(!run.output.contains("skipped:"), "\(run.output)")

        // Without the xgboost package (hidden from the kernel: sys.modules["xgboost"] = None makes find_spec None),
        // the notebook says which checks it skipped and runs the rest.
        try FileManager.default.createDirectory(atPath: dir.path("hide-xgboost"), withIntermediateDirectories: true)
        _ = try dir.write("hide-xgboost/sitecustomize.py", "import sys\nsys.modules[\"xgboost\"] = None\n")
        let noPackage = try NotebookPython.run(Self.python!, [dir.path("run_notebook.py"), dir.path("report.ipynb"), dir.url.path], in: dir.url,
                                               environment: ["PYTHONPATH": dir.path("hide-xgboost")])
        #expect(noPackage.status == 0, "\(noPackage.output)")
        #expect(noPackage.output.contains("skipped: the Python package xgboost is not installed: the maker's scores, SHAP values and SHAP dependence bins are not re-checked (pip install xgboost)"),
                "\(noPackage.output)")
        #expect(!noPackage.output.contains("xgboost's predict") && !noPackage.output.contains("numeric value bins"), "\(noPackage.output)")

        try FileManager.default.removeItem(atPath: dir.path("vendor-turnout.json"))
        let without = try NotebookPython.execute(Self.python!, notebook: dir.path("report.ipynb"), in: dir.url)
        #expect(without.status == 0, "\(without.output)")
        #expect(without.output.contains("skipped: the original model file 'vendor-turnout.json' is not at vendor-turnout.json: its SHA-256 and the maker's scores and SHAP values are not re-checked"),
                "\(without.output)")
        #expect(!without.output.contains("xgboost's predict"), "\(without.output)")
        #expect(without.output.contains("group rates and counts agree with fairlearn's MetricFrame"), "\(without.output)")
    }

    /// The tree reference rows (missing values, 12 counties, 3 parties) with a 0/1 outcome `y` and a group `region`.
    static let lightGBMData: String = {
        var rng = SeededGenerator(seed: 17)
        let lines = TreeReferenceRows.csv(seed: 5, count: 2000).split(separator: "\n").map(String.init)
        var out = lines[0] + ",y,region\n"
        for line in lines.dropFirst() {
            let y = rng.nextUniform() < 0.4 ? 1 : 0
            out += line + ",\(y),\(["north", "south", "east"][rng.nextInt(below: 3)])\n"
        }
        return out
    }()

    @Test("LightGBM model with categorical splits and missing values: LightGBM's predict (1e-12) and pred_contrib (1e-9), the categorical SHAP dependence and the audit",
          .enabled(if: python != nil, "no Python with nbclient, nbformat and ipykernel (GLASSBOX_PYTHON, .venv, /tmp/pyvenv)"),
          .timeLimit(.minutes(8)))
    func lightGBM() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        _ = try dir.write("rows.csv", Self.lightGBMData)
        try importCopy("lightgbm", fixture: "reference/trees/lightgbm-gbdt.txt", as: "vendor.txt", outcome: "y", in: dir)
        let run = try reportAndExecute(data: "rows.csv", ["--group", "region", "--repeats", "1", "--bootstrap", "50"], in: dir)
        #expect(run.status == 0, "\(run.output)")
        for line in ["vendor.txt: original lightgbm model file, SHA-256 verified (recorded at import)",
                     "2000 scores agree with lightgbm's predict within 1e-12",
                     "6 mean |SHAP| values and", "agree with lightgbm's pred_contrib within 1e-09",
                     "disparity ratios agree with fairlearn's MetricFrame to 1e-12"] {
            #expect(run.output.contains(line), "missing '\(line)' in:\n\(run.output)")
        }
        #expect(run.output.range(of: #"the SHAP dependence of [0-9]+ levels and [1-9][0-9]* numeric value bins agree with lightgbm's pred_contrib"#, options: .regularExpression) != nil,
                "the numeric dependence bins are re-checked:\n\(run.output)")
        #expect(!run.output.contains("skipped:"), "\(run.output)")
    }

    @Test("a doctored original file name (quotes, Python, a path) is data: the notebook runs, names it in its skip message and executes nothing",
          .enabled(if: python != nil, "no Python with nbclient, nbformat and ipykernel (GLASSBOX_PYTHON, .venv, /tmp/pyvenv)"),
          .timeLimit(.minutes(8)))
    func doctoredOriginalName() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        _ = try dir.write("rows.csv", Self.lightGBMData)
        try importCopy("lightgbm", fixture: "reference/trees/lightgbm-gbdt.txt", as: "vendor.txt", outcome: "y", in: dir)
        let url = dir.url.appendingPathComponent("model.json")
        var model = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var source = try #require(model["source"] as? [String: Any])
        for (name, expected) in [("v\"');__import__('os').system('touch PWNED')#\n.txt", "is not at v"), ("../vendor.txt", "is not beside the model file")] {
            source["fileName"] = name
            model["source"] = source
            try JSONSerialization.data(withJSONObject: model).write(to: url)
            try? FileManager.default.removeItem(atPath: dir.path("report.ipynb"))
            let run = try reportAndExecute(data: "rows.csv", ["--repeats", "1"], in: dir)
            #expect(run.status == 0, "\(run.output)")
            #expect(run.output.contains("skipped: the original model file ") && run.output.contains(expected), "\(run.output)")
            #expect(!dir.exists("PWNED"))
        }
    }
}
