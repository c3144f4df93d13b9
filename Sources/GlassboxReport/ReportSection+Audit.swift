import GlassboxAudit

extension ReportSection {
    /// Sections for a bias audit: settings and overall metrics, then per attribute the group rates
    /// (fairlearn's definitions), disparity ratios to the reference group with bootstrap intervals and
    /// the 80 % rule band [τ, 1/τ] (Aequitas), verdicts, ROC and calibration per group, and selection
    /// rate against threshold.
    ///
    /// Privacy: groups suppressed by the audit (fewer than `minGroupSize` rows, and the complementary
    /// groups that protect them) appear only by name, with no count, rate or curve, the same for both
    /// kinds; no row of the data is used here.
    package static func audit(_ a: AuditReport, idPrefix: String = "audit", title: String = "Bias audit") -> [ReportSection] {
        let n = ReportNumber.self, c = a.configuration
        var intro = [ReportBlock]()
        if a.scoreName != nil || a.outcomeName != nil {
            intro.append(.paragraph("Score audited: \(a.scoreName ?? "–"); outcome: \(a.outcomeName ?? "–") (1 = positive)."))
        }
        switch c.decision {
        case .threshold(let t): intro.append(.paragraph("Decision rule: a row is selected when its score is at least \(n.text(t, 4))."))
        case .top(let f): intro.append(.paragraph("Decision rule: the highest-scoring \(n.percent(f)) of rows are selected (cut score \(n.text(a.decisions.cut)); ties at the cut taken in file order)."))
        }
        intro.append(.paragraph(c.bootstrap > 0
            ? "Uncertainty: \(c.bootstrap) bootstrap replicates stratified by group (seed \(c.seed)), percentile intervals at \(n.percent(a.effectiveConfidenceLevel))" + (c.adjustment == .bonferroni ? " (Bonferroni over \(a.comparisons) verdicts)." : ".")
              + " A verdict is inconclusive when the interval of the ratio crosses a bound of the band."
            : "Uncertainty: none (no bootstrap); verdicts come from point estimates."))
        intro.append(.paragraph("80 % rule: a disparity ratio (group rate ÷ reference rate) passes within [\(n.text(c.tau, 2)), \(n.text(1 / c.tau, 2))]."))
        intro.append(.note(Note(.privacy, "Groups with fewer than \(c.minGroupSize) rows are suppressed, and so are the smallest other groups (or intersection cells) needed so that no suppressed group's counts can be derived from the totals (complementary suppression): they show no counts, rates or curves. Groups under \(c.unreliableBelow) rows are marked † (unreliable).")))
        let o = a.overall
        intro.append(.keyValues([
            KeyValue("Rows read / used", "\(a.rowsRead) / \(a.rowsUsed)"), KeyValue("Prevalence", n.text(o.rates[.prevalence])),
            KeyValue("Selection rate", n.text(o.rates[.selectionRate])), KeyValue("TPR", n.text(o.rates[.tpr])), KeyValue("FPR", n.text(o.rates[.fpr])),
            KeyValue("FNR", n.text(o.rates[.fnr])),
            KeyValue("Precision", n.text(o.rates[.precision])), KeyValue("AUC", n.text(o.auc)), KeyValue("Brier score", n.text(o.brier)),
        ]))
        for w in a.warnings { intro.append(.note(Note(.warning, w))) }
        var sections = [ReportSection(id: idPrefix, title: title, blocks: intro)]
        for attribute in a.attributes {
            sections.append(ReportSection(id: idPrefix + "-" + attribute.name, title: "Groups by \(attribute.name)",
                                          blocks: attributeBlocks(attribute, a)))
        }
        return sections
    }

    static func label(_ g: GroupResult) -> String { g.value + (g.unreliable ? " †" : "") + (g.isReference ? " (reference)" : "") }

    static let parityLabels: [ParityTest: String] = [
        .statisticalParity: "PPR", .impactParity: "Selection rate", .fprParity: "FPR", .fnrParity: "FNR", .tprParity: "TPR", .precisionParity: "Precision",
    ]

    static func attributeBlocks(_ attribute: AttributeResult, _ a: AuditReport) -> [ReportBlock] {
        let n = ReportNumber.self, c = a.configuration
        var blocks: [ReportBlock] = [.paragraph("Reference group: \(attribute.reference).")]
        let metrics: [(String, RateMetric)] = [("Prevalence", .prevalence), ("Selection rate", .selectionRate), ("TPR", .tpr), ("FPR", .fpr), ("FNR", .fnr), ("Precision", .precision), ("Accuracy", .accuracy)]
        blocks.append(.table(DataTable(caption: "Rates by group", columns: ["Group", "n", "Share"] + metrics.map(\.0) + ["AUC"],
                                       numeric: [false] + Array(repeating: true, count: metrics.count + 3),
                                       rows: attribute.groups.map { g in
            if g.suppressed {
                return [DataTable.Cell(g.value), DataTable.Cell("suppressed")] + Array(repeating: DataTable.Cell("suppressed"), count: metrics.count + 2)
            }
            return [DataTable.Cell(label(g)), DataTable.Cell(String(g.n), value: Double(g.n)), n.cell(g.share)] + metrics.map { n.cell(g.rates[$0.1]) } + [n.cell(g.auc)]
        })))
        let compared = attribute.groups.filter { !$0.isReference && !$0.suppressed }
        if !compared.isEmpty {
            let shown: [ParityTest] = [.impactParity, .tprParity, .fprParity]
            blocks.append(.chart(Chart(
                title: "Disparity ratios to \(attribute.reference)", xLabel: "Ratio to the reference group", yLabel: "Group", layout: .rows,
                categories: compared.map(label),
                series: shown.enumerated().map { k, t in
                    ChartSeries(name: parityLabels[t]!, mark: .points, points: compared.enumerated().compactMap { i, g in
                        guard let d = g.disparities[t.metric], let r = d.ratio else { return nil }
                        return ChartPoint(x: r, y: 0, lower: d.ciLower, upper: d.ciUpper, category: i)
                    }, colorIndex: k)
                },
                bands: [ChartBand(from: c.tau, to: 1 / c.tau, label: "80 % rule band [\(n.text(c.tau, 2)), \(n.text(1 / c.tau, 2))]")],
                referenceLines: [ChartReferenceLine(.vertical, at: 1, label: "parity")],
                caption: "Markers are ratios of each group's rate to the reference group's; whiskers are bootstrap intervals; the shaded band is where the 80 % rule passes.")))
            let tests = ParityTest.allCases
            blocks.append(.table(DataTable(caption: "Disparity ratios [interval] and verdicts", columns: ["Group"] + tests.map { parityLabels[$0]! },
                                           rows: compared.map { g in
                [DataTable.Cell(label(g))] + tests.map { t in
                    let d = g.disparities[t.metric]
                    var text = n.text(d?.ratio, 3)
                    if let lo = d?.ciLower, let hi = d?.ciUpper { text += " [\(n.text(lo, 3)), \(n.text(hi, 3))]" }
                    return DataTable.Cell(text + " " + (g.verdicts[t]?.rawValue ?? "–"), value: d?.ratio)
                }
            })))
            let s = attribute.summary
            blocks.append(.keyValues([
                KeyValue("Demographic parity difference / ratio", "\(n.text(s.demographicParityDifference)) / \(n.text(s.demographicParityRatio))"),
                KeyValue("Equalized odds difference / ratio", "\(n.text(s.equalizedOddsDifference)) / \(n.text(s.equalizedOddsRatio))"),
                KeyValue("Equal opportunity difference", n.text(s.equalOpportunityDifference)),
            ]))
        }
        let visible = attribute.groups.filter { !$0.suppressed }
        let curves = attribute.sweep.filter { curve in visible.contains { $0.value == curve.value } }
        if !curves.isEmpty {
            blocks.append(.chart(Chart(
                title: "ROC curves by group", xLabel: "False positive rate", yLabel: "True positive rate",
                series: curves.enumerated().map { k, curve in
                    let auc = visible.first { $0.value == curve.value }?.auc
                    var pts = zip(curve.fpr, curve.tpr).compactMap { f, t -> ChartPoint? in
                        guard let f, let t else { return nil }
                        return ChartPoint(x: f, y: t)
                    }
                    pts.append(ChartPoint(x: 0, y: 0)); pts.append(ChartPoint(x: 1, y: 1))
                    pts.sort { ($0.x, $0.y) < ($1.x, $1.y) }
                    return ChartSeries(name: "\(curve.value) (AUC \(n.text(auc, 3)))", mark: .line, points: pts, colorIndex: k)
                },
                referenceLines: [ChartReferenceLine(.diagonal)], xRange: 0...1, yRange: 0...1,
                caption: "Curves traced over \(a.sweepThresholds.count) score thresholds; the diagonal is a score no better than chance.")))
            blocks.append(.chart(Chart(
                title: "Selection rate against threshold", xLabel: "Score threshold", yLabel: "Selection rate",
                series: curves.enumerated().map { k, curve in
                    ChartSeries(name: curve.value, mark: .line, points: zip(a.sweepThresholds, curve.selectionRate).compactMap { t, r in r.map { ChartPoint(x: t, y: $0) } }, colorIndex: k)
                },
                referenceLines: a.configuration.decision.thresholdValue.map { [ChartReferenceLine(.vertical, at: $0, label: "threshold")] } ?? [],
                yRange: 0...1, caption: "Share of each group selected if the cut were at each threshold.")))
        }
        let calibrated = visible.filter { $0.calibration != nil }
        if !calibrated.isEmpty {
            blocks.append(.chart(Chart(
                title: "Calibration by group", xLabel: "Mean predicted score (bin)", yLabel: "Observed outcome rate",
                series: calibrated.enumerated().map { k, g in
                    ChartSeries(name: g.value, mark: .lineMarkers, points: g.calibration!.bins.map { ChartPoint(x: $0.meanScore, y: $0.observedRate) },
                                colorIndex: curves.firstIndex { $0.value == g.value } ?? k)
                },
                referenceLines: [ChartReferenceLine(.diagonal)], xRange: 0...1, yRange: 0...1,
                caption: "Score-quantile bins of each group; points on the diagonal are perfectly calibrated.")))
        }
        return blocks
    }
}

extension DecisionRule {
    var thresholdValue: Double? {
        if case .threshold(let t) = self { return t }
        return nil
    }
}
