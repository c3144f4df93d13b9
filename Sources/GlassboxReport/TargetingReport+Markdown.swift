import GlassboxAudit
import GlassboxCore
import GlassboxModels

extension TargetingReport {
    /// A shareable Markdown report: the targeted set, scikit-uplift's metrics, and per group the
    /// population and targeted shares, targeting ratio with interval and verdict, mean predicted uplift
    /// and observed effect. Suppressed groups (small and complementary alike) show
    /// "suppressed" instead of numbers. No row of the data appears.
    /// Every data string (column and level names, the data path, warnings) is escaped with
    /// `Escaping.markdown(_:)`.
    public func markdown(manifest: Provenance?, treatment: UpliftTreatment, uplift: String, outcome: String) -> String {
        let c = configuration, e = evaluation, escape = Escaping.markdown
        var md = "# Targeting audit\n\n"
        if let m = manifest { md += AuditMarkdown.provenance(m) }
        md += "Uplift \(escape(uplift)); outcome \(escape(outcome)); treatment \(escape(treatment.column)) = "
            + "\(escape(treatment.treated.first ?? "")) against \(escape(treatment.control)) (\(treatedRows) treated, \(controlRows) control rows).\n"
        md += "Targeted set: top \(fmt(c.top * 100)) % by uplift, \(targetedRows) rows (cut \(fmt(decisions.cut)); ties at the cut taken in file order).\n"
        md += c.bootstrap > 0
            ? "Uncertainty: \(c.bootstrap) stratified bootstrap replicates (seed \(c.seed)), percentile intervals at \(fmt(c.confidenceLevel * 100)) %.\n"
            : "Uncertainty: none (no bootstrap); verdicts from point estimates.\n"
        md += "Written off: targeting ratio (targeted share / population share) below \(fmt(c.tau)); verdict fail when the interval lies below it, "
            + "pass when at or above, else inconclusive. Groups with fewer than \(c.minGroupSize) rows are suppressed; † marks groups under \(c.unreliableBelow) rows.\n\n"

        md += "## Whole data\n\n| measure | value | interval |\n|---|---|---|\n"
        let ate = e.averageEffect
        md += "| average effect (difference in means, Neyman) | \(fmt(ate.estimate)) | [\(fmt(ate.ciLower)), \(fmt(ate.ciUpper))] |\n"
        md += "| effect among targeted | \(fmt(overall.targetedEffect?.estimate)) | \(interval(overall.targetedEffect)) |\n"
        md += "| effect among not targeted | \(fmt(untargetedEffect?.estimate)) | \(interval(untargetedEffect)) |\n"
        md += "| qiniAuc | \(fmt(e.qiniAuc)) | \(e.qiniAucInterval.map { "[\(fmt($0.ciLower)), \(fmt($0.ciUpper))]" } ?? "") |\n"
        md += "| upliftAuc | \(fmt(e.upliftAuc)) | \(e.upliftAucInterval.map { "[\(fmt($0.ciLower)), \(fmt($0.ciUpper))]" } ?? "") |\n"
        for a in e.upliftAtK { md += "| uplift@\(fmt(a.k)) (\(a.strategy.rawValue)) | \(fmt(a.value)) | |\n" }

        let hidden = "suppressed"
        for a in attributes {
            md += "\n## \(escape(a.name))\n\n"
            md += "| group | n | population share | targeted share | ratio | verdict | mean uplift | observed effect |\n"
            md += "|---|---:|---:|---:|---|---|---:|---|\n"
            for g in a.groups {
                if g.suppressed {
                    md += "| \(escape(g.value)) | \(hidden) | – | – | suppressed | – | – | – |\n"
                    continue
                }
                let ratio = AuditMarkdown.number(g.ratio, lower: g.ciLower, upper: g.ciUpper)
                let verdict = (g.verdict?.rawValue ?? "–") + (g.writtenOff ? " (written off)" : "")
                md += "| \(escape(g.value))\(g.unreliable ? " †" : "") | \(g.n) | \(fmt(g.populationShare)) | \(fmt(g.targetedShare)) | \(ratio) | "
                    + "**\(verdict)** | \(fmt(g.meanUplift)) | \(fmt(g.effect?.estimate)) \(interval(g.effect)) |\n"
            }
        }
        if !warnings.isEmpty { md += "\n## Warnings\n\n" + warnings.map { "- \(escape($0))\n" }.joined() }
        return md
    }

    private func interval(_ e: TargetingEffect?) -> String {
        guard let lo = e?.ciLower, let hi = e?.ciUpper else { return "" }
        return "[\(fmt(lo)), \(fmt(hi))]"
    }

    private func fmt(_ x: Double?) -> String { AuditMarkdown.number(x) }
}
