import Foundation
import GlassboxCore
import Testing
import GlassboxTestSupport

/// `glassbox report --format ipynb`, executed end to end with nbclient in a Python virtual environment:
/// every assertion in the notebook must hold, and every check must print its summary line.
///
/// The Python is `GLASSBOX_PYTHON`, else `.venv/bin/python` at the repository root (made by
/// `scripts/install-python-venv.sh` from requirements-dev.txt), else `/tmp/pyvenv/bin/python`; the first
/// of them that imports nbclient, nbformat and ipykernel. The kernel is ipykernel's native `python3`
/// spec with every kernel directory ignored, so it runs that same interpreter (`sys.executable`) even
/// where a user-level Jupyter install names another "python3"; Jupyter's runtime, data and config
/// directories point into the scratch folder.
@Suite("notebook execution with nbclient", .serialized)
struct NotebookExecutionTests {
    static var python: String? { NotebookPython.interpreter }

    /// The nbclient runner (``NotebookPython/runner``).
    static let runner = NotebookPython.runner

    /// Executes a copy of `notebook` with a code cell running `tamper` inserted before the checks (after the report cell),
    /// to show that an assertion bites when the embedded report is changed.
    func executeTampered(_ notebook: String, with tamper: String, in dir: Scratch) throws -> (status: Int32, output: String) {
        var nb = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path(notebook)))) as? [String: Any])
        var cells = try #require(nb["cells"] as? [[String: Any]])
        // Right after the cell that loads the embedded report (the checks follow it).
        let report = try #require(cells.firstIndex { cell in
            let source = (cell["source"] as? [String])?.joined() ?? (cell["source"] as? String) ?? ""
            return source.contains("REPORT = json.loads(")
        })
        cells.insert(["cell_type": "code", "id": "tamper", "metadata": [String: Any](), "execution_count": NSNull(), "outputs": [Any](), "source": tamper], at: report + 1)
        nb["cells"] = cells
        try JSONSerialization.data(withJSONObject: nb).write(to: URL(fileURLWithPath: dir.path("t.ipynb")))
        return try execute("t.ipynb", in: dir)
    }

    func execute(_ notebook: String, in dir: Scratch) throws -> (status: Int32, output: String) {
        let script = try dir.write("run_notebook.py", Self.runner)
        return try NotebookPython.run(Self.python!, [script, dir.path(notebook), dir.path("")], in: dir.url)
    }

    /// 600 rows: outcome y of x, z and g; an audit attribute region; household clusters; and a
    /// randomised contact with a persuasion score and a vote outcome for the uplift evaluation.
    static let csv: String = {
        var rng = SeededGenerator(seed: 11)
        var out = "y,x,z,g,region,household,contacted,persuasion,voted\n"
        for _ in 0..<600 {
            let x = (rng.nextNormal() * 1000).rounded() / 1000, z = (rng.nextUniform() * 400).rounded() / 100
            let g = ["a", "b", "c"][Int(rng.nextUniform() * 3)]
            let u = rng.nextUniform(), region = u < 0.5 ? "north" : (u < 0.8 ? "south" : "east")
            let eta = -0.3 + 0.9 * x - 0.4 * z + (g == "b" ? 0.6 : 0) + (region == "south" ? 0.3 : 0)
            let y = rng.nextUniform() < 1 / (1 + exp(-eta)) ? 1 : 0
            let contacted = rng.nextUniform() < 0.5 ? 1 : 0
            let persuasion = ((0.1 * x + 0.05 * rng.nextNormal()) * 10_000).rounded() / 10_000
            let voted = rng.nextUniform() < 0.4 + (contacted == 1 ? max(-0.2, min(0.2, 0.1 * x)) : 0) ? 1 : 0
            out += "\(y),\(x),\(z),\(g),\(region),\(Int(rng.nextUniform() * 40)),\(contacted),\(persuasion),\(voted)\n"
        }
        return out
    }()

    /// The notebook's JSON: nbformat 4.5, cell ids, pre-rendered SVG chart outputs.
    func checkStructure(_ dir: Scratch, _ name: String, charts: Int) throws {
        let nb = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path(name)))) as? [String: Any])
        #expect(nb["nbformat"] as? Int == 4 && nb["nbformat_minor"] as? Int == 5)
        let cells = try #require(nb["cells"] as? [[String: Any]])
        #expect(cells.allSatisfy { $0["id"] is String && $0["metadata"] is [String: Any] })
        let svgOutputs = cells.compactMap { ($0["outputs"] as? [[String: Any]])?.first?["data"] as? [String: Any] }.filter { $0["image/svg+xml"] != nil }
        #expect(svgOutputs.count >= charts)
    }

    @Test("model, explanation and audit: every check of the executed notebook holds (HC1 errors, PD, permutation importance, fairlearn, bootstrap)",
          .enabled(if: python != nil, "no Python with nbclient, nbformat and ipykernel (GLASSBOX_PYTHON, .venv, /tmp/pyvenv)"),
          .timeLimit(.minutes(5)))
    func modelExplanationAudit() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        _ = try dir.write("d.csv", Self.csv)
        var r = try GlassboxProcess.run(["train", "logistic", "--data", "d.csv", "--formula", "y ~ x + z + C(g) + x:z", "--robust", "hc1", "--out", "m.json"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["report", "m.json", "--data", "d.csv", "--group", "region", "--pd", "x,g", "--repeats", "5", "--bootstrap", "400",
                                     "--protected", "region", "--seed", "3", "--format", "ipynb", "--out", "r.ipynb"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        try checkStructure(dir, "r.ipynb", charts: 7)
        let run = try execute("r.ipynb", in: dir)
        #expect(run.status == 0, "\(run.output)")
        for line in ["d.csv: 600 rows, SHA-256 verified", "m.json: model file, SHA-256 verified",
                     "6 coefficients and standard errors (hc1) agree with statsmodels",
                     "on 600 rows agrees with scikit-learn",
                     "3 permutation importances agree with scikit-learn's permutation_importance (20 repeats) within 4 standard errors",
                     "23 partial dependence values agree with scikit-learn's partial_dependence (brute) to 1e-9",
                     "30 group rates and counts agree with fairlearn's MetricFrame to 1e-12",
                     "12 disparity ratios agree with fairlearn's MetricFrame to 1e-12",
                     "6 bootstrap intervals contain their ratio and agree with a 200-replicate Python percentile bootstrap",
                     "3 score AUCs of protected levels against the rest agree with scikit-learn's roc_auc_score"] {
            #expect(run.output.contains(line), "missing '\(line)' in:\n\(run.output)")
        }
        // The proxy check bites: a score AUC moved by 1e-6 in the embedded report stops the notebook.
        let tampered = try executeTampered("r.ipynb", with: """
        table = next(b for s in REPORT["sections"] if s["id"].endswith("-proxies") for b in s["blocks"] if b["type"] == "table")
        table["rows"][0][3]["value"] += 1e-6
        """, in: dir)
        #expect(tampered.status != 0 && tampered.output.contains("AssertionError") && tampered.output.contains("'Proxies'"), "\(tampered.output)")
        // A changed data file is refused.
        try (Self.csv + "1,0.5,1,a,north,3,0,0.01,1\n").write(toFile: dir.path("d.csv"), atomically: true, encoding: .utf8)
        let again = try execute("r.ipynb", in: dir)
        #expect(again.status != 0 && again.output.contains("not the file the report was made from"), "\(again.output)")
    }

    @Test("cluster-robust errors and an uplift evaluation: every check of the executed notebook holds (statsmodels, scikit-uplift)",
          .enabled(if: python != nil, "no Python with nbclient, nbformat and ipykernel (GLASSBOX_PYTHON, .venv, /tmp/pyvenv)"),
          .timeLimit(.minutes(5)))
    func clusterAndUplift() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        _ = try dir.write("d.csv", Self.csv)
        var r = try GlassboxProcess.run(["train", "logistic", "--data", "d.csv", "--formula", "y ~ x + z + C(g)", "--cluster", "household", "--out", "m.json"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["evaluate", "uplift", "--data", "d.csv", "--uplift", "persuasion", "--treatment", "contacted", "--treated", "1",
                                     "--control", "0", "--outcome", "voted", "--out", "ev.json"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["report", "m.json", "--data", "d.csv", "--uplift-evaluation", "ev.json", "--repeats", "2",
                                     "--format", "ipynb", "--out", "u.ipynb"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        try checkStructure(dir, "u.ipynb", charts: 4)
        let run = try execute("u.ipynb", in: dir)
        #expect(run.status == 0, "\(run.output)")
        for line in ["packages available: numpy, pandas, scikit-learn, scikit-uplift, statsmodels",
                     "5 coefficients and standard errors (cluster) agree with statsmodels",
                     "3 permutation importances agree with scikit-learn's permutation_importance",
                     "68 uplift values of 1 section(s) (Qini AUC, uplift AUC, uplift@k, uplift by percentile) agree with scikit-uplift to 1e-9"] {
            #expect(run.output.contains(line), "missing '\(line)' in:\n\(run.output)")
        }
        // The assertions bite: one uplift-by-decile value moved by 1e-8 in the embedded report stops the notebook.
        let tampered = try executeTampered("u.ipynb", with: """
        table = next(b for s in REPORT["sections"] for b in s["blocks"] if b["type"] == "table" and b["columns"][0] == "Bin (top %)")
        table["rows"][2][5]["value"] += 1e-8
        """, in: dir)
        #expect(tampered.status != 0 && tampered.output.contains("AssertionError") && tampered.output.contains("'Uplift'"), "\(tampered.output)")
    }
}
