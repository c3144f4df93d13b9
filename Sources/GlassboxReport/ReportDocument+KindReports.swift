import Foundation
import GlassboxAudit
import GlassboxCore
import GlassboxMetrics
import GlassboxModels

extension ReportDocument {
    /// The report of an uplift (persuasion) model, as `glassbox report` writes it: the model's components
    /// (``UpliftInspection``), one evaluation section per treatment arm of `evaluation`, each arm's targeting
    /// audit in `targeting` (`arm` indexes `model.treatment.treated`; the evaluation sections already carry
    /// the uplift metrics, so the audits' own are left out), then the `uplifts` read from evaluation files.
    ///
    /// The provenance's data rows used are the evaluation's; the rest of the rows read count as dropped.
    /// The title defaults to "Report on the persuasion model of OUTCOME".
    public static func upliftReport(model: UpliftModelFile, evaluation: UpliftModelEvaluation,
                                    targeting: [(arm: Int, report: TargetingReport)] = [],
                                    uplifts: [(title: String, evaluation: UpliftEvaluation)] = [], title: String? = nil,
                                    minGroupSize: Int = 10, provenance: Provenance) -> ReportDocument {
        var provenance = provenance
        provenance.data?.rowsUsed = evaluation.rowsUsed
        if let read = provenance.data?.rowsRead { provenance.data?.rowsDropped = read - evaluation.rowsUsed }
        var sections = [ReportSection.upliftModel(UpliftInspection(model))] + ReportSection.uplift(evaluation)
        for (arm, report) in targeting {
            sections += ReportSection.upliftTargeting(report, model: model, arm: arm, armCount: evaluation.arms.count, outcome: evaluation.outcome)
        }
        let treatment = model.treatment
        var document = ReportDocument.combined(
            title: title ?? "Report on the persuasion model of \(evaluation.outcome)",
            subtitle: "Uplift model (\(model.options.learner.rawValue)), formula: \(model.formula); treatment \(treatment.column): \(treatment.treated.joined(separator: ", ")) vs \(treatment.control)",
            uplifts: uplifts, minGroupSize: minGroupSize, manifest: provenance)
        document.sections.insert(contentsOf: sections, at: 1)
        document.makeSectionIDsUnique()
        return document
    }

    /// The report of a lookalike model, as `glassbox report` writes it: the model (coefficients and ĉ, or
    /// the similarity features), the `recovery` check of held-out seeds when computed (hold-out share
    /// `holdout`, split seed `seed`), the `composition` of the audience (the top `audienceSize` share of the
    /// rows `scores` scored that are not on the seed list) when audited, then the `uplifts` read from
    /// evaluation files.
    ///
    /// The provenance's data rows used are the rows `scores` scored. The title defaults to
    /// "Report on the lookalike model (METHOD) of the seed list SEEDCOLUMN".
    public static func lookalikeReport(model: LookalikeModelFile, scores: LookalikeScores, audienceSize: Double,
                                       recovery: (evaluation: LookalikeEvaluation, holdout: Double, seed: UInt64)? = nil,
                                       composition: [CompositionAudit]? = nil,
                                       uplifts: [(title: String, evaluation: UpliftEvaluation)] = [], title: String? = nil,
                                       minGroupSize: Int = 10, provenance: Provenance) -> ReportDocument {
        var provenance = provenance
        let used = scores.scoredRows.count
        provenance.data?.rowsUsed = used
        if let read = provenance.data?.rowsRead { provenance.data?.rowsDropped = read - used }
        var sections = [ReportSection.lookalikeModel(model)]
        if let recovery {
            sections.append(.lookalikeRecovery(recovery.evaluation, seedColumn: model.seedColumn, holdout: recovery.holdout,
                                               size: audienceSize, seed: recovery.seed))
        }
        if let composition {
            sections.append(.lookalikeComposition(composition, file: model, size: audienceSize, minGroupSize: minGroupSize,
                                                  outOfBag: scores.outOfBag))
        }
        var document = ReportDocument.combined(
            title: title ?? "Report on the lookalike model (\(model.options.method.rawValue)) of the seed list \(model.seedColumn)",
            subtitle: "Features: \(model.formula)", uplifts: uplifts, minGroupSize: minGroupSize, manifest: provenance)
        document.sections.insert(contentsOf: sections, at: 1)
        document.makeSectionIDsUnique()
        return document
    }

    /// Appends the sections of a bias `audit` (ids start with `idPrefix`, titles with `title`), after
    /// whatever the document holds, keeping section ids unique.
    public mutating func appendAudit(_ audit: AuditReport, idPrefix: String = "audit", title: String = "Bias audit") {
        sections += ReportSection.audit(audit, idPrefix: idPrefix, title: title)
        makeSectionIDsUnique()
    }

    /// The evaluations in the JSON `glassbox evaluate uplift --format json` writes (``UpliftEvaluationReport/json()``),
    /// each with the title of its report section ("Persuasion: TREATED vs CONTROL on OUTCOME (scores: SOURCE)"),
    /// for the `uplifts` of a report.
    ///
    /// - Throws: `DecodingError` when `json` is not such a document.
    public static func upliftEvaluations(fromJSON json: [UInt8]) throws -> [(title: String, evaluation: UpliftEvaluation)] {
        try JSONFormat.decoder().decode(UpliftEvaluationFile.self, from: Data(json)).titledEvaluations
    }
}
