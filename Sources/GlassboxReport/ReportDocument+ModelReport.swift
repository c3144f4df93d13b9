import GlassboxAudit
import GlassboxCore
import GlassboxExplain
import GlassboxMetrics
import GlassboxModels

extension ReportDocument {
    /// The report of a logistic model or of a score column, as `glassbox report` writes it, from what was
    /// computed: the model's `inspection` and `explanation` (nil for a score column), the bias `audits`
    /// (of the model's scores or of `scoreColumn`) and uplift evaluations read from files.
    ///
    /// The provenance's data row counts become those of the rows the numbers used: the explanation's for a
    /// model, the first audit's for a score column. The title defaults to "Report on the model of OUTCOME",
    /// "Audit of the score COLUMN" or, with neither, "Persuasion report"; a model's formula is the subtitle. An
    /// imported model's `treeInspection` (source, shape, importance by gain, cover and split count) comes first
    /// and titles the report "Report on the imported model of OUTCOME" (or of its file).
    public static func modelReport(inspection: LogisticInspection?, treeInspection: TreeEnsembleInspection? = nil,
                                   explanation: ExplanationReport?, audits: [AuditReport],
                                   scoreColumn: String?, uplifts: [(title: String, evaluation: UpliftEvaluation)] = [],
                                   title: String? = nil, minGroupSize: Int, provenance: Provenance) -> ReportDocument {
        var provenance = provenance
        if inspection == nil, let audit = audits.first {
            provenance.data?.rowsUsed = audit.rowsUsed
            provenance.data?.rowsDropped = audit.rowsRead - audit.rowsUsed
        }
        if let explanation {
            provenance.data?.rowsUsed = explanation.rowsUsed
            provenance.data?.rowsDropped = explanation.rowsDropped
        }
        let name = inspection.map { "Report on the model of \($0.outcome ?? "a score")" }
            ?? treeInspection.map { "Report on the imported model \($0.outcome.map { "of " + $0 } ?? $0.source.fileName)" }
            ?? (scoreColumn.map { "Audit of the score \($0)" } ?? "Persuasion report")
        return .combined(title: title ?? name, subtitle: inspection.map { "Formula: \($0.formula)" },
                         inspection: inspection, treeInspection: treeInspection, explanation: explanation, audits: audits, uplifts: uplifts,
                         minGroupSize: minGroupSize, manifest: provenance)
    }
}

/// The parts of `glassbox evaluate uplift --format json` a report includes: the score source, the outcome
/// and each treatment arm's evaluation (read with ``GlassboxCore/JSONFormat/decoder()``).
package struct UpliftEvaluationFile: Decodable, Sendable {
    /// One treatment arm against control.
    package struct Arm: Decodable, Sendable {
        package var treated: String
        package var control: String
        package var evaluation: UpliftEvaluation
    }
    /// What the uplift scores came from (a model file or a score column).
    package var source: String
    package var outcome: String
    package var arms: [Arm]

    /// Each arm's evaluation with the title of its report section.
    package var titledEvaluations: [(title: String, evaluation: UpliftEvaluation)] {
        arms.map { ("Persuasion: \($0.treated) vs \($0.control) on \(outcome) (scores: \(source))", $0.evaluation) }
    }
}
