import GlassboxAudit
import GlassboxExplain
import Foundation
import GlassboxModels
import GlassboxReport
import GlassboxSimulation

/// Everything `glassbox demo` computed, and the report and summary made from it.
struct DemoResults {
    var csv: [UInt8]
    var sha256: String
    var turnout: LogisticModelFile
    var inspection: LogisticInspection
    var explanation: ExplanationReport
    var modelAudit: AuditReport
    var vendorAudit: AuditReport
    var persuasion: UpliftModelFile
    var targeting: TargetingReport
    var lookalike: LookalikeModelFile
    var composition: [CompositionAudit.Attribute]
    var manifest: ModelManifest

    /// Planted coefficient, estimate and 95 % interval of each planted term of the turnout model.
    var planted: [(term: String, truth: Double, estimate: Double, lower: Double, upper: Double)] {
        inspection.coefficients.compactMap { row in
            guard let truth = PlantedTruth.turnoutCoefficients[row.term], let lo = row.ciLower, let hi = row.ciUpper else { return nil }
            return (row.term, truth, row.estimate, lo, hi)
        }
    }

    /// The one report: planted truth, the turnout model's inspection and explanation, the two bias
    /// audits (the model's audit keeps the id `audit` so the notebook re-checks it), the persuasion
    /// targeting audit and the lookalike composition.
    var document: ReportDocument {
        var d = ReportDocument.combined(
            title: "Glassbox demo: auditing turnout, persuasion and lookalike scores on a simulated voter file",
            subtitle: "\(csv.isEmpty ? 0 : modelAudit.rowsRead) synthetic voters with planted effects; turnout formula: \(inspection.formula)",
            inspection: inspection, explanation: explanation, minGroupSize: DemoPipeline.minGroupSize,
            manifest: ReportManifest(manifest))
        d.sections.insert(plantedSection, at: 1)
        d.sections += ReportSection.audit(modelAudit, idPrefix: "audit", title: "Bias audit of the turnout model by race")
        d.sections += ReportSection.audit(vendorAudit, idPrefix: "vendor-audit", title: "Bias audit of the vendor's turnout score by race")
        d.sections += ReportSection.targeting(targeting, treatment: "canvassed", uplift: "of the persuasion model (two-model)", outcome: "voted_2024")
        d.sections.append(DemoCommand.compositionSection(composition, method: lookalike.model.method.rawValue, formula: DemoPipeline.lookalikeFormula,
                                                         size: DemoPipeline.audienceSize, minGroupSize: DemoPipeline.minGroupSize))
        d.makeSectionIDsUnique()
        return d
    }

    /// The notebook refits the turnout model with statsmodels and re-checks its audit against voters.csv,
    /// which sits next to the notebook.
    var recipe: NotebookRecipe {
        NotebookRecipe(dataPath: "voters.csv", sha256: sha256, encoding: turnout.encoding, outcome: "voted_2024",
                       groups: [DemoPipeline.protected], decision: DemoPipeline.decision)
    }

    private var plantedSection: ReportSection {
        let rows = planted
        let covered = rows.filter { $0.lower <= $0.truth && $0.truth <= $0.upper }.count
        return ReportSection(id: "planted", title: "What was planted, and what Glassbox recovered", blocks: [
            .paragraph("The voter file is simulated (docs/simulated-voter-file.md): turnout follows a known logistic model, canvassing was randomised, county stands in for race, donors follow a known model without race, and the vendor's turnout score understates Hispanic turnout by \(String(format: "%.1f", -PlantedTruth.vendorBiasLogit)) on the logit scale. The sections below should find each of these."),
            .table(DataTable(caption: "Turnout model: planted coefficients against Glassbox's estimates (logit scale)",
                             columns: ["Term", "Planted", "Estimate", "95 % interval", "Covers"], numeric: [false, true, true, false, false],
                             rows: rows.map { r in
                [DataTable.Cell(r.term), DataTable.Cell(String(format: "%.3f", r.truth), value: r.truth),
                 DataTable.Cell(String(format: "%.4f", r.estimate), value: r.estimate),
                 DataTable.Cell(String(format: "[%.4f, %.4f]", r.lower, r.upper)),
                 DataTable.Cell(r.lower <= r.truth && r.truth <= r.upper ? "yes" : "no")]
            })),
            .paragraph("\(covered) of \(rows.count) planted coefficients lie inside their 95 % intervals (about 95 % should). The county terms have no planted effect."),
        ])
    }
}
