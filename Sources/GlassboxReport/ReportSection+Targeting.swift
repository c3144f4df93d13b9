import GlassboxCore
import GlassboxAudit

extension ReportSection {
    /// Sections for a persuasion targeting audit: who the top-uplift targeting reaches. Per attribute,
    /// each group's targeting ratio (targeted share ÷ population share) with its bootstrap interval
    /// against the written-off bound τ, population and targeted shares side by side, and the effect of
    /// contact in the group (difference in means, Neyman interval); then the uplift evaluation.
    ///
    /// Privacy: suppressed groups appear by name only.
    package static func targeting(_ t: TargetingReport, treatment: String, uplift: String, outcome: String,
                                 idPrefix: String = "targeting") -> [ReportSection] {
        let n = ReportNumber.self, c = t.configuration
        var intro: [ReportBlock] = [
            .paragraph("Uplift \(uplift); outcome \(outcome); treatment column \(treatment) (\(t.treatedRows) treated, \(t.controlRows) control rows). The targeted set is the top \(n.percent(c.top)) by predicted uplift: \(t.targetedRows) rows (cut \(n.text(t.decisions.cut)); ties at the cut taken in file order)."),
            .paragraph("A group is written off when its targeting ratio (share of the targeted set ÷ share of the population) is below \(n.text(c.tau, 2)): fail when the whole interval lies below, pass when at or above, inconclusive otherwise."
                + (c.bootstrap > 0 ? " Intervals: \(c.bootstrap) stratified bootstrap replicates (seed \(c.seed)) at \(n.percent(c.confidenceLevel))." : " No bootstrap: verdicts from point estimates.")),
            .note(Note(.privacy, "Groups with fewer than \(c.minGroupSize) rows are suppressed, and so are the smallest other groups needed so that none of them can be derived from the totals (complementary suppression); † marks groups under \(c.unreliableBelow) rows.")),
            .keyValues([
                KeyValue("Rows read / used", "\(t.rowsRead) / \(t.rowsUsed)"),
                KeyValue("Effect among targeted", effectText(t.overall.targetedEffect)),
                KeyValue("Effect among not targeted", effectText(t.untargetedEffect)),
            ]),
        ]
        for w in t.warnings { intro.append(.note(Note(.warning, w))) }
        var sections = [ReportSection(id: idPrefix, title: "Targeting audit", blocks: intro)]
        for a in t.attributes {
            var blocks = [ReportBlock]()
            func label(_ g: TargetingGroupResult) -> String { g.value + (g.unreliable ? " †" : "") }
            blocks.append(.table(DataTable(caption: "Targeting by group", columns: ["Group", "n", "Targeted", "Population share", "Targeted share", "Ratio [interval]", "Verdict", "Effect of contact [interval]"],
                                           numeric: [false, true, true, true, true, false, false, false],
                                           rows: a.groups.map { g in
                if g.suppressed { return [DataTable.Cell(g.value), DataTable.Cell("suppressed")] + Array(repeating: DataTable.Cell("suppressed"), count: 6) }
                var ratio = n.text(g.ratio, 3)
                if let lo = g.ciLower, let hi = g.ciUpper { ratio += " [\(n.text(lo, 3)), \(n.text(hi, 3))]" }
                return [DataTable.Cell(label(g)), DataTable.Cell(String(g.n), value: Double(g.n)), DataTable.Cell(String(g.targeted), value: Double(g.targeted)),
                        n.cell(g.populationShare), n.cell(g.targetedShare), DataTable.Cell(ratio, value: g.ratio),
                        DataTable.Cell((g.verdict?.rawValue ?? "–") + (g.writtenOff ? " (written off)" : "")), DataTable.Cell(effectText(g.effect), value: g.effect?.estimate)]
            })))
            let visible = a.groups.filter { !$0.suppressed }
            if !visible.isEmpty {
                blocks.append(.chart(Chart(
                    title: "Targeting ratio by \(a.name)", xLabel: "Targeted share ÷ population share", yLabel: "Group", layout: .rows,
                    categories: visible.map(label),
                    series: [ChartSeries(name: "targeting ratio", mark: .points, points: visible.enumerated().compactMap { k, g in
                        g.ratio.map { ChartPoint(x: $0, y: 0, lower: g.ciLower, upper: g.ciUpper, category: k) }
                    })],
                    // Only the lower bound matters here: a group is written off below τ, never for being targeted more.
                    bands: [ChartBand(from: c.tau, to: max(1 / c.tau, visible.compactMap { $0.ciUpper ?? $0.ratio }.max() ?? 1),
                                      label: "not written off (ratio ≥ \(n.text(c.tau, 2)))")],
                    referenceLines: [ChartReferenceLine(.vertical, at: 1, label: "proportional")],
                    caption: "A ratio of 1 means the group is targeted in proportion to its size; left of the band it is written off.")))
                blocks.append(.chart(Chart(
                    title: "Who is targeted: \(a.name)", xLabel: "Share", yLabel: "Group", layout: .rows, categories: visible.map(label),
                    series: [ChartSeries(name: "population share", mark: .bars, points: visible.enumerated().map { ChartPoint(x: $1.populationShare, y: 0, category: $0) }, colorIndex: 5),
                             ChartSeries(name: "targeted share", mark: .bars, points: visible.enumerated().map { ChartPoint(x: $1.targetedShare, y: 0, category: $0) }, colorIndex: 1)],
                    caption: "Each group's share of the population against its share of the targeted set.")))
                blocks.append(.chart(Chart(
                    title: "Effect of contact by \(a.name)", xLabel: "Treated − control outcome rate (95 % interval)", yLabel: "Group", layout: .rows,
                    categories: visible.map(label),
                    series: [ChartSeries(name: "effect", mark: .points, points: visible.enumerated().compactMap { k, g in
                        g.effect.map { ChartPoint(x: $0.estimate, y: 0, lower: $0.ciLower, upper: $0.ciUpper, category: k) }
                    }, colorIndex: 2)],
                    referenceLines: [ChartReferenceLine(.vertical, at: 0, label: "no effect")],
                    caption: "Difference in means within each group (Neyman interval).")))
            }
            sections.append(ReportSection(id: idPrefix + "-" + a.name, title: "Targeting by \(a.name)", blocks: blocks))
        }
        sections.append(.uplift(t.evaluation, id: idPrefix + "-uplift", title: "Uplift evaluation of the targeting score"))
        return sections
    }

    static func effectText(_ e: TargetingEffect?) -> String {
        guard let e else { return "–" }
        let n = ReportNumber.self
        return n.text(e.estimate) + (e.ciLower.map { lo in " [\(n.text(lo)), \(n.text(e.ciUpper))]" } ?? "")
    }
}

extension ReportDocument {
    /// A targeting audit on its own (`glassbox audit --uplift … --format html`).
    public init(targeting: TargetingReport, treatment: String, uplift: String, outcome: String, manifest: Provenance) {
        var doc = ReportDocument.combined(title: "Targeting audit", minGroupSize: targeting.configuration.minGroupSize, manifest: manifest)
        doc.sections += ReportSection.targeting(targeting, treatment: treatment, uplift: uplift, outcome: outcome)
        doc.makeSectionIDsUnique()
        self = doc
    }
}
