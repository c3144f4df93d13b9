import GlassboxExplain
import Foundation
import GlassboxCore
import GlassboxModels
import GlassboxReport
import GlassboxTabular
import Testing
import GlassboxTestSupport

/// The notebook's SHAP check, which `glassbox report` does not reach (it computes no SHAP): a document
/// with an inspection and a linear-SHAP explanation of a model with an interaction, rendered as a
/// notebook next to its CSV and executed with nbclient (same Python choice as the CLI notebook tests).
@Suite("notebook SHAP re-check")
struct NotebookSHAPTests {
    static var python: String? { NotebookPython.interpreter }

    @Test("mean |SHAP| per source column (an interaction split between its columns) agrees with the closed form",
          .enabled(if: python != nil, "no Python with nbclient, nbformat and ipykernel (GLASSBOX_PYTHON, .venv, /tmp/pyvenv)"),
          .timeLimit(.minutes(5)))
    func shap() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("glassbox-nb-shap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var g = SeededGenerator(seed: 17)
        var x1 = [Double](), x2 = [Double](), y = [Double](), codes = [Int32]()
        var csv = "y,x1,x2,g\n"
        for _ in 0..<400 {
            let a = (g.nextNormal() * 1000).rounded() / 1000, b = (g.nextNormal() * 1000).rounded() / 1000, c = Int32(g.nextInt(below: 3))
            let outcome: Double = g.nextBernoulli(1 / (1 + exp(-(0.3 + a - 0.5 * b + 0.4 * a * b + [0, 0.5, -0.4][Int(c)])))) ? 1 : 0
            x1.append(a); x2.append(b); codes.append(c); y.append(outcome)
            csv += "\(Int(outcome)),\(a),\(b),\(["p", "q", "r"][Int(c)])\n"
        }
        let table = try Table(names: ["y", "x1", "x2", "g"],
                              columns: [.numeric(y), .numeric(x1), .numeric(x2), .categorical(CategoricalColumn(levels: ["p", "q", "r"], codes: codes))])
        try csv.write(to: dir.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
        let sha = SHA256.hexDigest(of: Array(csv.utf8))
        let manifest = Provenance(commandLine: ["test"], data: .init(path: "d.csv", sha256: sha, rowsRead: 400, rowsUsed: 400, rowsDropped: 0, missingByColumn: [:]),
                                     seed: 1, blas: "test", environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        let formula = "y ~ x1 + x2 + C(g) + x1:x2"
        let (encoding, design) = try DesignBuilder.fit(try Formula.parse(formula, requireResponse: true), on: table)
        let model = LogisticRegression()
        let file = LogisticModelFile(encoding: encoding, model: model, fit: try model.fit(x: design.x, y: design.response!, termNames: encoding.termNames),
                                     weights: nil, cluster: nil, manifest: manifest)
        let data = try ExplainData.forModel(encoding, table: table, weights: nil, withOutcome: true)
        var explanation = ExplanationReport(rowsUsed: 400, rowsDropped: 0, manifest: manifest)
        explanation.shap = try LinearSHAP.compute(scorer: LogisticScorer(model: file), data: data, listRows: 0, seed: 1)
        let document = ReportDocument.combined(title: "SHAP", inspection: LogisticInspection(file), explanation: explanation, manifest: Provenance(manifest))
        try document.notebook(NotebookRecipe(dataPath: "d.csv", sha256: sha, encoding: encoding))
            .write(to: dir.appendingPathComponent("s.ipynb"), atomically: true, encoding: .utf8)
        let runner = """
        import sys, nbformat
        from jupyter_client.kernelspec import KernelSpecManager
        from jupyter_client.manager import KernelManager
        from nbclient import NotebookClient
        specs = KernelSpecManager()
        specs.kernel_dirs = []  # ipykernel's native spec: this interpreter
        nb = nbformat.read("s.ipynb", as_version=4)
        try:
            NotebookClient(nb, km=KernelManager(kernel_name="python3", kernel_spec_manager=specs), timeout=600, resources={"metadata": {"path": "."}}).execute()
        finally:
            print("".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []) if o.get("name") == "stdout"))
        """
        let result = try NotebookPython.run(Self.python!, ["-c", runner], in: dir)
        #expect(result.status == 0, "\(result.output)")
        for line in ["d.csv: 400 rows, SHA-256 verified", "6 coefficients and standard errors (nonrobust) agree with statsmodels",
                     "3 mean |SHAP| values agree with the closed form beta_j (x_ij - mean_j)"] {
            #expect(result.output.contains(line), "missing '\(line)' in:\n\(result.output)")
        }
    }
}
