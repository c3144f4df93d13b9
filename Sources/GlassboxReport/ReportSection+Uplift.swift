import Foundation
import GlassboxAudit
import GlassboxMetrics
import GlassboxModels

extension ReportSection {
    /// A persuasion (uplift) evaluation on experiment data: the average effect (difference in means,
    /// Neyman interval), scikit-uplift's Qini AUC, uplift AUC and uplift@k, the Qini and uplift curves
    /// against the share of people targeted, and uplift by decile with ±1.96 SE error bars
    /// (`uplift_by_percentile(std=True)`).
    package static func uplift(_ e: UpliftEvaluation, id: String = "uplift", title: String = "Persuasion (uplift) evaluation") -> ReportSection {
        let n = ReportNumber.self, ae = e.averageEffect
        var blocks: [ReportBlock] = [.paragraph(
            "Average treatment effect \(n.text(ae.estimate)) (95 % interval \(n.text(ae.ciLower)) to \(n.text(ae.ciUpper))): outcome rate \(n.text(ae.treatedRate)) among \(ae.nTreated) treated against \(n.text(ae.controlRate)) among \(ae.nControl) controls.")]
        var kv = [KeyValue("Rows", String(e.n)), KeyValue("Qini AUC", n.text(e.qiniAuc, 6)), KeyValue("Uplift AUC", n.text(e.upliftAuc, 6))]
        if let q = e.qiniAucInterval { kv.append(KeyValue("Qini AUC interval", "[\(n.text(q.ciLower, 6)), \(n.text(q.ciUpper, 6))] (\(q.replicates) bootstrap replicates, seed \(q.seed))")) }
        if let u = e.upliftAucInterval { kv.append(KeyValue("Uplift AUC interval", "[\(n.text(u.ciLower, 6)), \(n.text(u.ciUpper, 6))]")) }
        for k in e.upliftAtK { kv.append(KeyValue("Uplift@\(n.percent(k.k)) (\(k.strategy.rawValue))", n.text(k.value))) }
        blocks.append(.keyValues(kv))
        let total = Double(max(1, e.n))
        blocks.append(.chart(curveChart("Qini curve", yLabel: "Incremental responders (Qini)", curve: e.qiniCurve, total: total,
                                        caption: "scikit-uplift's qini_curve; the straight line is what targeting at random would gain.")))
        blocks.append(.chart(curveChart("Uplift curve", yLabel: "Cumulative uplift × people targeted", curve: e.upliftCurve, total: total,
                                        caption: "scikit-uplift's uplift_curve.")))
        let bins = e.byPercentile
        blocks.append(.chart(Chart(
            title: "Observed uplift by predicted-uplift bin", xLabel: "Top percentile of predicted uplift", yLabel: "Observed uplift (treated − control rate)",
            layout: .columns, categories: bins.map { "≤\($0.percentile)%" },
            series: [ChartSeries(name: "observed uplift", mark: .bars, points: bins.enumerated().map { k, b in
                ChartPoint(x: Double(k), y: b.uplift, lower: b.uplift - 1.96 * b.stdUplift, upper: b.uplift + 1.96 * b.stdUplift, category: k)
            })],
            referenceLines: [ChartReferenceLine(.horizontal, at: 0)],
            caption: "A model that ranks persuadable people well shows bars falling from left to right; error bars are ±1.96 standard errors.")))
        blocks.append(.table(DataTable(columns: ["Bin (top %)", "n treated", "n control", "Rate treated", "Rate control", "Uplift", "SE"],
                                       numeric: [false, true, true, true, true, true, true],
                                       rows: bins.map { b in
            [DataTable.Cell("\(b.percentile)"), DataTable.Cell(String(b.nTreatment), value: Double(b.nTreatment)), DataTable.Cell(String(b.nControl), value: Double(b.nControl)),
             n.cell(b.responseRateTreatment), n.cell(b.responseRateControl), n.cell(b.uplift), n.cell(b.stdUplift)]
        })))
        return ReportSection(id: id, title: title, blocks: blocks)
    }

    /// A cumulative curve against the share of `total` people targeted, with the straight line of random
    /// targeting to the curve's end.
    private static func curveChart(_ title: String, yLabel: String, curve: (x: [Double], y: [Double]), total: Double, caption: String) -> Chart {
        Chart(title: title, xLabel: "Share of people targeted (highest predicted uplift first)", yLabel: yLabel,
              series: [ChartSeries(name: "model", mark: .line, points: zip(curve.x, curve.y).map { ChartPoint(x: $0 / total, y: $1) }),
                       ChartSeries(name: "random targeting", mark: .line, points: [ChartPoint(x: 0, y: 0), ChartPoint(x: 1, y: curve.y.last ?? 0)], colorIndex: 6)],
              referenceLines: [ChartReferenceLine(.horizontal, at: 0)], caption: caption)
    }
}

extension ReportSection {
    /// One ``uplift(_:id:title:)`` section per evaluated arm of `evaluation`, titled
    /// "Persuasion (uplift) evaluation: TREATED vs CONTROL on OUTCOME"; ids `uplift`, or `uplift1`,
    /// `uplift2`… with several arms.
    package static func uplift(_ evaluation: UpliftModelEvaluation) -> [ReportSection] {
        let several = evaluation.arms.count > 1
        return evaluation.arms.enumerated().map { k, arm in
            .uplift(arm.evaluation, id: several ? "uplift\(k + 1)" : "uplift",
                    title: "Persuasion (uplift) evaluation: \(arm.treated) vs \(arm.control) on \(evaluation.outcome)")
        }
    }
}

extension ReportSection {
    /// An uplift model as `glassbox inspect` shows it: its settings, then per arm and fitted component a
    /// table of coefficients (and odds ratios for logit components). The model file stores point
    /// estimates only: no standard errors.
    package static func upliftModel(_ m: UpliftInspection, id: String = "uplift-model") -> ReportSection {
        var blocks: [ReportBlock] = [
            .paragraph("Uplift model (\(m.options.learner.rawValue)) of \(m.outcome ?? "(no outcome)"), formula \(m.formula). The model file stores point estimates only: no standard errors."),
            .keyValues([
                KeyValue("Learner", m.options.learner.rawValue),
                KeyValue("Base learner", m.options.baseLearner + (m.options.penalty == "none" ? "" : " (\(m.options.penalty.uppercased()), λ = \(ReportNumber.text(m.options.lambda)))")),
                KeyValue("Propensity", m.options.propensity.rawValue),
                KeyValue("Treatment", "\(m.treatment.column): \(m.treatment.treated.joined(separator: ", ")) vs \(m.treatment.control)"),
            ]),
        ]
        for arm in m.arms {
            blocks.append(.heading("\(arm.treated) vs \(arm.control)"))
            blocks.append(.paragraph("\(arm.treatedRows) treated and \(arm.controlRows) control rows at training; design propensity \(ReportNumber.text(arm.designPropensity))."))
            for c in arm.components {
                let logit = c.link == "logit"
                blocks.append(.table(DataTable(
                    caption: "\(c.role) (\(c.link) link, \(c.rows) rows\(c.converged ? "" : ", not converged"))",
                    columns: ["Term", "Coefficient"] + (logit ? ["Odds ratio"] : []), numeric: [false, true] + (logit ? [true] : []),
                    rows: c.coefficients.map { r in
                        [DataTable.Cell(r.term), r.estimate.map { ReportNumber.cell($0) } ?? DataTable.Cell("aliased")]
                            + (logit ? [r.oddsRatio.map { ReportNumber.cell($0) } ?? DataTable.Cell("–")] : [])
                    })))
            }
            for w in arm.warnings { blocks.append(.note(Note(.warning, w))) }
        }
        for w in m.warnings { blocks.append(.note(Note(.warning, w))) }
        return ReportSection(id: id, title: "Model: uplift (\(m.options.learner.rawValue)) of \(m.outcome ?? "(no outcome)")", blocks: blocks)
    }
}

extension ReportSection {
    /// The targeting audit of arm `arm` (0-based, of `armCount`) of an uplift model's report: the
    /// ``targeting(_:treatment:uplift:outcome:idPrefix:)`` sections without their uplift evaluation
    /// (the report's evaluation sections already show it); with several arms every title names the arm
    /// and ids are `targeting1`, `targeting2`….
    package static func upliftTargeting(_ report: TargetingReport, model: UpliftModelFile, arm: Int, armCount: Int, outcome: String) -> [ReportSection] {
        let several = armCount > 1
        let suffix = several ? " (\(model.treatment.treated[arm]) vs \(model.treatment.control))" : ""
        var sections = targeting(report, treatment: model.treatment.column, uplift: "of the persuasion model (\(model.options.learner.rawValue))\(suffix)",
                                 outcome: outcome, idPrefix: several ? "targeting\(arm + 1)" : "targeting")
        sections.removeLast()
        if several { for i in sections.indices { sections[i].title += suffix } }
        return sections
    }
}
