import Foundation
import Testing
import GlassboxTestSupport

/// `explain --shap` on R's deep rpart tree (Tests/Fixtures/reference/trees/rpmml-rpartdeep.pmml), whose import keeps
/// surrogate splits: once refused ("drop --shap"), now both TreeSHAP methods answer, additive to the model's scores
/// (the tree's leaves are probabilities: identity link), and the JSON records `surrogateSplits: true`.
@Suite("TreeSHAP of surrogate splits through the CLI", .serialized)
struct TreeSHAPSurrogateCLITests {
    @Test("explain --shap on a tree with surrogate splits: path-dependent and interventional, additive, recorded")
    func explainSurrogateTree() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        _ = try dir.write("rows.csv", TreeReferenceRows.csv(seed: 29, count: 400))
        try TreeNotebookExecutionTests().importCopy("pmml", fixture: "reference/trees/rpmml-rpartdeep.pmml", as: "vendor.pmml", outcome: "voted", in: dir)
        let scored = try GlassboxProcess.run(["score", "model.json", "--data", "rows.csv", "--out", "scores.csv"], in: dir.url)
        #expect(scored.status == 0, "\(scored.stderr)")
        let scores = try String(contentsOf: dir.url.appendingPathComponent("scores.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { Double($0.split(separator: ",", omittingEmptySubsequences: false).last!) }
        for (method, extra) in [("treePathDependent", [String]()), ("treeInterventional", ["--shap-method", "interventional", "--background", "50"])] {
            let run = try GlassboxProcess.run(["explain", "model.json", "--data", "rows.csv", "--no-importance", "--shap", "--shap-rows", "400",
                                               "--format", "json"] + extra, in: dir.url)
            #expect(run.status == 0, "\(run.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let shap = try #require(report["shap"] as? [String: Any])
            #expect(shap["method"] as? String == method && shap["surrogateSplits"] as? Bool == true)
            #expect(shap["link"] as? String == "identity")
            let expected = try #require(shap["expectedValue"] as? Double)
            let rows = try #require(shap["rows"] as? [Int]), values = try #require(shap["values"] as? [[Double]])
            // explain uses every row the tree scores, missing model inputs included (TreeSHAP follows the surrogates).
            #expect(rows.count == scores.filter { $0 != nil }.count)
            for (k, row) in rows.enumerated() {
                let score = try #require(scores[row], "row \(row) has a score")
                #expect(abs(values[k].reduce(expected, +) - score) < 1e-12, "\(method) row \(row)")
            }
        }
    }
}
