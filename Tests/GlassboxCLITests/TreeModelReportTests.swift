import Foundation
import Testing
import GlassboxTestSupport

/// Issue 17's "everything else works on tree models", end to end on the built binary: a vendor's XGBoost
/// turnout model of the simulated voter file (Tests/Reference/make_xgboost_turnout.py: trained on the planted,
/// Hispanic-understating vendor score, without race) imported with `glassbox import xgboost`, then explained,
/// audited and reported. Like the logistic demo, the report names the planted county proxy and the planted bias.
@Suite("tree-ensemble models through explain, audit and report", .serialized)
struct TreeModelReportTests {
    /// A voter file other than the training one, and the imported model, in a scratch folder.
    func prepare() throws -> Scratch {
        let dir = try Scratch()
        let simulate = try GlassboxProcess.run(["simulate", "--rows", "20000", "--seed", "12", "--out", dir.path("voters.csv")])
        #expect(simulate.status == 0, "\(simulate.stderr)")
        let fixture = Repository.fixture("reference/xgboost-turnout/turnout.json").path
        let imported = try GlassboxProcess.run(["import", "xgboost", fixture, "--outcome", "voted_2024", "--out", dir.path("tree.json")])
        #expect(imported.status == 0, "\(imported.stderr)")
        return dir
    }

    @Test("report on an imported XGBoost turnout model names county as the proxy for race and the understated Hispanic turnout; HTML carries the SHAP charts")
    func reportNamesProxyAndBias() throws {
        let dir = try prepare()
        defer { dir.cleanup() }
        let common = ["report", dir.path("tree.json"), "--data", dir.path("voters.csv"), "--group", "race", "--protected", "race",
                      "--repeats", "2", "--bootstrap", "200"]
        let markdown = try GlassboxProcess.run(common + ["--format", "markdown", "--out", dir.path("report.md")])
        #expect(markdown.status == 0, "\(markdown.stderr)")
        let text = try String(contentsOfFile: dir.path("report.md"), encoding: .utf8)
        // Regression: the default title was "Persuasion report" (no logistic inspection to name the outcome).
        #expect(text.hasPrefix("# Report on the imported model of voted\\_2024"), "\(text.prefix(200))")
        // The planted proxy: county carries race.
        #expect(text.contains("predict race = Hispanic with holdout AUC"), "\(text)")
        let hispanicProxy = text.split(separator: "\n").first { $0.contains("predict race = Hispanic") }.map(String.init) ?? ""
        #expect(hispanicProxy.hasSuffix("Most of it comes from 'county'."), "\(hispanicProxy)")
        // The planted bias: at the same prevalence, Hispanic voters are selected less and missed more often than
        // any other group; the FNR ratio's interval lies above 1.
        let ratios = text.split(separator: "\n").filter { $0.hasPrefix("| ") && $0.contains("] ") }
        func fnr(_ group: String) throws -> (ratio: Double, lower: Double) {
            let row = try #require(ratios.first { $0.hasPrefix("| \(group) |") }, "no disparity row for \(group)")
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            // | Group | PPR | Selection rate | FPR | FNR | …
            let parts = cells[4].replacingOccurrences(of: "\\[", with: "").replacingOccurrences(of: "\\]", with: "")
                .replacingOccurrences(of: ",", with: "").split(separator: " ")
            return (try #require(Double(parts[0])), try #require(Double(parts[1])))
        }
        let hispanic = try fnr("Hispanic")
        #expect(hispanic.lower > 1.1, "Hispanic FNR ratio \(hispanic)")
        for group in ["Asian", "Black", "Other"] { #expect(try fnr(group).ratio < hispanic.ratio, "\(group)") }
        #expect(text.contains("## SHAP (exact TreeSHAP, margin scale)"))

        let html = try GlassboxProcess.run(common + ["--pd", "age", "--format", "html", "--out", dir.path("report.html")])
        #expect(html.status == 0, "\(html.stderr)")
        let page = try String(contentsOfFile: dir.path("report.html"), encoding: .utf8)
        for id in ["explain-importance", "explain-pd", "explain-shap", "explain-proxies", "audit"] {
            #expect(page.contains("<section id=\"\(id)\""), "section \(id) missing from report.html")
        }
        #expect(page.contains("SHAP summary: mean |φ| per feature"))
        #expect(page.contains("SHAP dependence: "))

        let json = try GlassboxProcess.run(common + ["--format", "json", "--out", dir.path("report.json")])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.url.appendingPathComponent("report.json"))) is [String: Any])
        let notebook = try GlassboxProcess.run(common + ["--format", "ipynb", "--out", dir.path("report.ipynb")])
        // The notebook re-checks the tree model (TreeNotebookExecutionTests executes it).
        #expect(notebook.status == 0, "\(notebook.stderr)")
        let cells = try String(contentsOfFile: dir.path("report.ipynb"), encoding: .utf8)
        #expect(cells.contains("re-scores the model file's trees in plain Python"))
    }

    @Test("explain --shap and audit --model accept an imported tree model")
    func explainAndAudit() throws {
        let dir = try prepare()
        defer { dir.cleanup() }
        let explain = try GlassboxProcess.run(["explain", dir.path("tree.json"), "--data", dir.path("voters.csv"), "--repeats", "2",
                                               "--shap", "--pd", "county", "--format", "json"])
        #expect(explain.status == 0, "\(explain.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(explain.stdout.utf8)) as? [String: Any])
        let shap = try #require(report["shap"] as? [String: Any])
        #expect(shap["method"] as? String == "treePathDependent")
        #expect((shap["dependence"] as? [Any])?.isEmpty == false)
        #expect((report["permutationImportance"] as? [Any])?.count == 8)
        let audit = try GlassboxProcess.run(["audit", "--model", dir.path("tree.json"), "--data", dir.path("voters.csv"),
                                             "--outcome", "voted_2024", "--group", "race", "--bootstrap", "50", "--format", "json"])
        #expect(audit.status == 0, "\(audit.stderr)")
        #expect(audit.stdout.contains("Hispanic"))
    }
}
