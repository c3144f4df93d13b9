import GlassboxAudit
import GlassboxExplain
import Foundation
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxMetrics
import GlassboxModels
import GlassboxReport
import GlassboxTabular
import GlassboxTestSupport

/// A small end-to-end report built from real fits on seeded synthetic data whose column names,
/// levels and file name are hostile strings (HTML injection and Markdown control characters).
enum ReportFixture {
    static let script = "<script>alert(1)</script>"
    static let img = "<img src=x onerror=alert(1)>"
    static let markdownLevel = "*bold* | [link](http://evil.example) `code` # h"
    static let groupColumn = img
    static let tinyGroup = "tiny<b>group"
    static let minGroupSize = 10

    static func table(n: Int = 1500, seed: UInt64 = 11) -> Table {
        var g = SeededGenerator(seed: seed)
        var x1 = [Double](), x2 = [Double](), y = [Double](), codes = [Int32](), groupCodes = [Int32]()
        let levels = [script, markdownLevel, "plain"].sorted()
        let groups = ["A", "B", "C", tinyGroup].sorted()
        for i in 0..<n {
            let a = g.nextNormal(), b = g.nextNormal()
            let c = Int32(g.nextInt(below: 3))
            // Five rows in the tiny group: below the suppression threshold; the next 40 in "C", suppressed
            // with it (complementary suppression) so that the tiny group is not overall minus A minus B.
            let group = i < 5 ? groups.firstIndex(of: tinyGroup)!
                : (g.nextInt(below: 3) == 0 ? groups.firstIndex(of: "B")! : groups.firstIndex(of: i < 45 ? "C" : "A")!)
            let eta = -0.2 + 1.2 * a - 0.7 * b + [0.0, 0.6, -0.5][Int(c)] + (groups[group] == "B" ? -0.5 : 0)
            x1.append(a); x2.append(b); codes.append(c); groupCodes.append(Int32(group))
            y.append(g.nextBernoulli(1 / (1 + exp(-eta))) ? 1 : 0)
        }
        return try! Table(names: ["y", "x1", "x2", "g", groupColumn],
                          columns: [.numeric(y), .numeric(x1), .numeric(x2), .categorical(CategoricalColumn(levels: levels, codes: codes)),
                                    .categorical(CategoricalColumn(levels: groups, codes: groupCodes))])
    }

    static let epoch = ["SOURCE_DATE_EPOCH": "1700000000"]

    static func manifest(_ table: Table) -> Provenance {
        Provenance(commandLine: ["report", "--data", "data/\(img).csv", "--group", groupColumn],
                      data: .init(path: "data/\(img)\(markdownLevel).csv", sha256: String(repeating: "ab", count: 32), rowsRead: table.rowCount,
                                  rowsUsed: table.rowCount, rowsDropped: 0, missingByColumn: [:]),
                      seed: 7, blas: "libblas.so.3", environment: epoch)
    }

    /// Inspection, explanation (importance, PD with ICE, SHAP), audit with bootstrap, uplift evaluation.
    static func document() throws -> ReportDocument {
        let table = table()
        let manifest = manifest(table)
        let (encoding, design) = try DesignBuilder.fit(try Formula.parse("y ~ x1 + x2 + C(g)", requireResponse: true), on: table)
        let model = LogisticRegression()
        let fit = try model.fit(x: design.x, y: design.response!, termNames: encoding.termNames)
        let file = LogisticModelFile(encoding: encoding, model: model, fit: fit, weights: nil, cluster: nil, manifest: manifest)
        let scorer = LogisticScorer(model: file)
        let data = try ExplainData.forModel(encoding, table: table, weights: nil, withOutcome: true)
        var explanation = ExplanationReport(rowsUsed: data.table.rowCount, rowsDropped: data.rowsDropped, manifest: manifest)
        explanation.setImportance(try PermutationImportance.compute(scorer: scorer, data: data, options: .init(metric: .auc, repeats: 4, seed: 3)))
        explanation.partialDependence = try ["x1", "g"].map {
            try PartialDependenceCalculator.compute(scorer: scorer, data: data, feature: $0, options: .init(seed: 5, gridPoints: 15, iceRows: 12))
        }
        explanation.shap = try LinearSHAP.compute(scorer: scorer, data: data, listRows: 5, seed: 5)
        let scores = try scorer.scores(table)
        let auditData = try AuditData.from(table: table, scores: scores, scoreColumn: nil, outcome: "y", groups: [groupColumn])
        var config = AuditConfiguration()
        config.bootstrap = 200
        config.seed = 9
        config.minGroupSize = minGroupSize
        let audit = try BiasAudit.run(auditData, configuration: config)
        // An uplift evaluation on a synthetic experiment: half treated, effect rising with x1.
        var g = SeededGenerator(seed: 21)
        guard case .numeric(let x1) = try table.column(named: "x1") else { fatalError("x1 is numeric") }
        var outcomes = [Double](), uplift = [Double](), treatment = [Double]()
        for i in 0..<table.rowCount {
            let t = Double(i % 2), tau = 0.1 * max(0, x1[i])
            treatment.append(t); uplift.append(tau + 0.01 * g.nextNormal())
            outcomes.append(g.nextBernoulli(0.3 + t * tau) ? 1 : 0)
        }
        let evaluation = try UpliftEvaluation(outcomes: outcomes, uplift: uplift, treatment: treatment, bootstrap: 50, seed: 4)
        return ReportDocument.combined(title: "Audit of \(script)", subtitle: "Synthetic data with hostile strings",
                                       inspection: LogisticInspection(file), explanation: explanation, audits: [audit],
                                       uplifts: [("Persuasion (uplift) evaluation", evaluation)], minGroupSize: minGroupSize, manifest: Provenance(manifest))
    }

    static var root: URL { Repository.root }
}
