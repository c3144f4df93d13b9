import Foundation
import Testing
import GlassboxTestSupport

/// A PMML tree whose surrogate splits read more than 16 distinct features on one path: `explain --shap`
/// (path-dependent) refuses it naming `--shap-method interventional`, while `report` writes the report without
/// its SHAP section and says why on stderr (it once exited 65 with no report).
@Suite("TreeSHAP refusals of surrogate trees through the CLI", .serialized)
struct TreeSHAPSurrogateRefusalCLITests {
    /// An rpart-style PMML tree: the root splits on x0 with 59 surrogates (x1…x59), each child splits on
    /// x60 twice (enough copies under the surrogates that the import keeps them as surrogate splits).
    static let split = 60

    static func widePMML() -> String {
        let fields = (0...Self.split).map { "x\($0)" }
        func leaf(_ id: Int, _ score: Int, _ predicate: String, _ count: Int) -> String {
            """
            <Node id="\(id)" score="\(score)" recordCount="\(count)">\(predicate)<ScoreDistribution value="0" recordCount="\(count - score * count / 2)"/><ScoreDistribution value="1" recordCount="\(score * count / 2)"/></Node>
            """
        }
        func inner(_ id: Int, _ op: String, _ count: Int) -> String {
            let x = "x\(Self.split)"
            return "<Node id=\"\(id)\" score=\"0\" recordCount=\"\(count)\"><SimplePredicate field=\"\(x)\" operator=\"\(op)\" value=\"0\"/>"
                + "<ScoreDistribution value=\"0\" recordCount=\"\(count / 2)\"/><ScoreDistribution value=\"1\" recordCount=\"\(count / 2)\"/>"
                + leaf(2 * id, 0, "<SimplePredicate field=\"\(x)\" operator=\"lessThan\" value=\"1\"/>", count / 2)
                + leaf(2 * id + 1, 1, "<SimplePredicate field=\"\(x)\" operator=\"greaterOrEqual\" value=\"1\"/>", count / 2) + "</Node>"
        }
        func side(_ id: Int, _ op: String, _ count: Int) -> String {
            let predicates = (0..<Self.split).map { "<SimplePredicate field=\"x\($0)\" operator=\"\(op)\" value=\"0\"/>" }.joined()
            return """
            <Node id="\(id)" score="0" recordCount="\(count)" defaultChild="\(2 * id)"><CompoundPredicate booleanOperator="surrogate">\(predicates)</CompoundPredicate><ScoreDistribution value="0" recordCount="\(count / 2)"/><ScoreDistribution value="1" recordCount="\(count / 2)"/>
            \(inner(2 * id, "lessThan", count / 2))
            \(inner(2 * id + 1, "greaterOrEqual", count / 2))
            </Node>
            """
        }
        return """
        <?xml version="1.0"?>
        <PMML version="4.4.1" xmlns="http://www.dmg.org/PMML-4_4">
         <Header description="RPart Decision Tree Model"/>
         <DataDictionary numberOfFields="\(Self.split + 2)">
          <DataField name="voted" optype="categorical" dataType="string"><Value value="0"/><Value value="1"/></DataField>
          \(fields.map { "<DataField name=\"\($0)\" optype=\"continuous\" dataType=\"double\"/>" }.joined(separator: "\n"))
         </DataDictionary>
         <TreeModel modelName="RPart_Model" functionName="classification" algorithmName="rpart" splitCharacteristic="binarySplit" missingValueStrategy="defaultChild" noTrueChildStrategy="returnLastPrediction">
          <MiningSchema>
           <MiningField name="voted" usageType="predicted"/>
           \(fields.map { "<MiningField name=\"\($0)\" usageType=\"active\"/>" }.joined(separator: "\n"))
          </MiningSchema>
          <Node id="1" score="0" recordCount="400" defaultChild="2"><True/><ScoreDistribution value="0" recordCount="200"/><ScoreDistribution value="1" recordCount="200"/>
          \(side(2, "lessThan", 200))
          \(side(3, "greaterOrEqual", 200))
          </Node>
         </TreeModel>
        </PMML>
        """
    }

    @Test("report on a surrogate tree SHAP refuses: exit 0, no SHAP section, a note naming the reason; explain --shap: the specific error")
    func reportOmitsRefusedSHAP() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        _ = try dir.write("wide.pmml", Self.widePMML())
        var csv = "voted," + (0...Self.split).map { "x\($0)" }.joined(separator: ",") + "\n"
        for r in 0..<60 { csv += "\(r % 2)," + (0...Self.split).map { k in String(Double((r * 7 + k * 3) % 11) - 5) }.joined(separator: ",") + "\n" }
        _ = try dir.write("rows.csv", csv)
        let imported = try GlassboxProcess.run(["import", "pmml", "wide.pmml", "--outcome", "voted", "--out", "model.json"], in: dir.url)
        #expect(imported.status == 0, "\(imported.stderr)")
        let message = "tree 0 has a path whose splits and surrogate splits read \(Self.split + 1) distinct features; path-dependent TreeSHAP of surrogate splits supports at most 16, use --shap-method interventional (with --background rows)"
        let explain = try GlassboxProcess.run(["explain", "model.json", "--data", "rows.csv", "--no-importance", "--shap"], in: dir.url)
        #expect(explain.status == 65 && explain.stderr.contains(message), "\(explain.status) \(explain.stderr)")
        let report = try GlassboxProcess.run(["report", "model.json", "--data", "rows.csv", "--format", "markdown", "--out", "report.md"], in: dir.url)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stderr.contains("note: no SHAP section: " + message), "\(report.stderr)")
        let markdown = try String(contentsOf: dir.url.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(!markdown.contains("SHAP ("), "\(markdown)")
        // Interventional answers on the same model.
        let interventional = try GlassboxProcess.run(["explain", "model.json", "--data", "rows.csv", "--no-importance", "--shap",
                                                      "--shap-method", "interventional", "--background", "5"], in: dir.url)
        #expect(interventional.status == 0, "\(interventional.stderr)")
    }
}
