import Foundation
import GlassboxAudit
import GlassboxCore
import GlassboxModels

extension AuditReport {
    /// A shareable Markdown report: settings, per-group rates, disparities with intervals and
    /// verdicts, fairlearn summaries. Suppressed groups (small ones and their complementary cells, see `GroupSuppression`) show
    /// "suppressed" instead of counts and metrics, the same for both kinds;
    /// unreliable groups are marked †. No row of the data appears. Every data string (column and level
    /// names, the data path, warnings) is escaped with `Escaping.markdown(_:)`.
    public func markdown(manifest: Provenance?) -> String {
        let escape = Escaping.markdown
        var md = "# Bias audit\n\n"
        if let m = manifest { md += AuditMarkdown.provenance(m) }
        if scoreName != nil || outcomeName != nil {
            md += "Score: \(scoreName.map(escape) ?? "–"); outcome: \(outcomeName.map(escape) ?? "–") (1 = positive).\n"
        }
        switch configuration.decision {
        case .threshold(let t): md += "Decision: positive when score ≥ \(fmt(t)).\n"
        case .top(let f): md += "Decision: top \(fmt(f * 100)) % of rows by score (cut score \(fmt(decisions.cut)); ties at the cut taken in file order).\n"
        }
        if configuration.bootstrap > 0 {
            md += "Uncertainty: \(configuration.bootstrap) stratified bootstrap replicates (seed \(configuration.seed)), percentile intervals at "
                + "\(fmt(effectiveConfidenceLevel * 100)) %"
                + (configuration.adjustment == .bonferroni ? " (Bonferroni for \(comparisons) verdicts, family level \(fmt(configuration.confidenceLevel * 100)) %)" : "") + ".\n"
        } else {
            md += "Uncertainty: none (no bootstrap); verdicts from point estimates.\n"
        }
        md += "80 % rule: a ratio passes within [\(fmt(configuration.tau)), \(fmt(1 / configuration.tau))]. "
            + "Groups with fewer than \(configuration.minGroupSize) rows are suppressed; † marks groups under \(configuration.unreliableBelow) rows (unreliable).\n\n"

        let hidden = "suppressed"
        for a in attributes {
            md += "## \(escape(a.name))\n\nReference group: **\(escape(a.reference))**.\n\n"
            md += "| group | n | share | prevalence | selection rate | TPR | FPR | FNR | precision | accuracy | AUC |\n"
            md += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
            for g in a.groups {
                if g.suppressed {
                    md += "| \(escape(g.value)) | \(hidden) | – | – | – | – | – | – | – | – | – |\n"
                    continue
                }
                let r = g.rates
                md += "| \(escape(g.value))\(g.unreliable ? " †" : "") | \(g.n) | \(fmt(g.share)) | \(fmt(r[.prevalence])) | \(fmt(r[.selectionRate])) | "
                    + "\(fmt(r[.tpr])) | \(fmt(r[.fpr])) | \(fmt(r[.fnr])) | \(fmt(r[.precision])) | \(fmt(r[.accuracy])) | \(fmt(g.auc)) |\n"
            }
            md += "\n| group | " + ParityTest.allCases.map { "\(label($0)) ratio" }.joined(separator: " | ") + " |\n"
            md += "|---|" + ParityTest.allCases.map { _ in "---" }.joined(separator: "|") + "|\n"
            for g in a.groups where !g.isReference {
                if g.suppressed {
                    md += "| \(escape(g.value)) | " + ParityTest.allCases.map { _ in "suppressed" }.joined(separator: " | ") + " |\n"
                    continue
                }
                md += "| \(escape(g.value))\(g.unreliable ? " †" : "") | " + ParityTest.allCases.map { t -> String in
                    let d = g.disparities[t.metric]
                    return AuditMarkdown.number(d?.ratio, lower: d?.ciLower, upper: d?.ciUpper) + " **\(g.verdicts[t]?.rawValue ?? "–")**"
                }.joined(separator: " | ") + " |\n"
            }
            let s = a.summary
            md += "\nfairlearn summaries: demographic parity difference \(fmt(s.demographicParityDifference)), ratio \(fmt(s.demographicParityRatio)); "
                + "equalized odds difference \(fmt(s.equalizedOddsDifference)), ratio \(fmt(s.equalizedOddsRatio)); "
                + "equal opportunity difference \(fmt(s.equalOpportunityDifference)).\n\n"
        }
        let o = overall
        md += "## Overall\n\n\(o.n) rows; prevalence \(fmt(o.rates[.prevalence])), selection rate \(fmt(o.rates[.selectionRate])), "
            + "TPR \(fmt(o.rates[.tpr])), FPR \(fmt(o.rates[.fpr])), FNR \(fmt(o.rates[.fnr])), AUC \(fmt(o.auc)), Brier \(fmt(o.brier)).\n"
        if !warnings.isEmpty { md += "\n## Warnings\n\n" + warnings.map { "- \(escape($0))\n" }.joined() }
        return md
    }

    private func label(_ t: ParityTest) -> String {
        switch t {
        case .statisticalParity: "statistical parity (ppr)"
        case .impactParity: "impact parity (selection rate)"
        case .fprParity: "FPR"
        case .fnrParity: "FNR"
        case .tprParity: "TPR"
        case .precisionParity: "precision"
        }
    }

    private func fmt(_ x: Double?) -> String { AuditMarkdown.number(x) }
}
