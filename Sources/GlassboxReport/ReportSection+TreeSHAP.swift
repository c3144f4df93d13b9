import GlassboxExplain

extension ReportSection {
    /// The SHAP section of a tree ensemble's explanation: exact path-dependent or interventional TreeSHAP (Lundberg et al. 2020)
    /// as a summary chart (mean |φ| per feature, largest first) with its table, and one dependence chart per
    /// summarised feature (mean φ per level or value bin, with the bin's φ range). Aggregates only: no row's
    /// own values, bins below the minimum group size already left out.
    static func treeSHAPSection(_ shap: LinearSHAPResult, idPrefix: String) -> ReportSection {
        let n = ReportNumber.self
        var blocks: [ReportBlock] = [
            .paragraph("Exact SHAP values of the tree ensemble (\(methodText(shap))), on \(scaleText(shap)): for every row the values plus the base value \(n.text(shap.expectedValue)) add up to the row's margin. Per-row values are not included in shareable reports."),
            .chart(Chart(title: "SHAP summary: mean |φ| per feature", xLabel: "Mean |SHAP value| (margin scale)", yLabel: "Feature", layout: .rows,
                         categories: shap.features.map(\.feature),
                         series: [ChartSeries(name: "mean |φ|", mark: .bars, points: shap.features.enumerated().map { k, f in
                             ChartPoint(x: f.meanAbs, y: 0, category: k)
                         })],
                         referenceLines: [ChartReferenceLine(.vertical, at: 0)],
                         caption: "Bars are each feature's mean absolute SHAP value over the rows explained.")),
            .table(DataTable(columns: ["Feature", "Mean |φ|"], numeric: [false, true],
                             rows: shap.features.map { [DataTable.Cell($0.feature), n.cell($0.meanAbs)] })),
        ]
        for d in shap.dependence ?? [] where !d.bins.isEmpty {
            blocks.append(.chart(dependenceChart(d)))
        }
        return ReportSection(id: idPrefix + "-shap", title: "SHAP (exact TreeSHAP, margin scale)", blocks: blocks)
    }

    /// The scale of the values: log-odds for a logistic link, the score itself for an identity link.
    static func scaleText(_ shap: LinearSHAPResult) -> String {
        shap.link == "identity" ? "the margin scale, which for this model's identity link is the scale of its score" : "the margin (log-odds) scale"
    }

    /// Which TreeSHAP the values are: path-dependent, or interventional with its background sample.
    static func methodText(_ shap: LinearSHAPResult) -> String {
        guard shap.method == TreeSHAPMethod.interventional(backgroundRows: 0).jsonName else {
            guard shap.surrogateSplits == true else {
                return "path-dependent TreeSHAP, what XGBoost's `pred_contribs` and LightGBM's `pred_contrib` compute"
            }
            return "path-dependent TreeSHAP; the trees' surrogate splits are read in order within each coalition, and a split or surrogate whose feature is outside it weighs both children by the node's training counts — Glassbox's rule, since the model file records no counts among rows missing the split's own feature; interventional TreeSHAP needs no such rule"
        }
        let rows = shap.backgroundRows.map(String.init) ?? "?"
        let seed = shap.backgroundSeed.map(String.init) ?? "?"
        return "interventional TreeSHAP, as shap's `TreeExplainer(model, data, feature_perturbation=\"interventional\")` computes it, against \(rows) background rows drawn from the data with seed \(seed)"
    }

    /// A dependence chart: mean φ per level (columns) or per value bin (points at the bins' mean values), with
    /// the bin's smallest and largest φ as error bars.
    static func dependenceChart(_ d: SHAPDependence) -> Chart {
        let caption = "Mean SHAP value of \(d.feature) per \(d.categorical ? "level" : "bin of about equal row counts"); bars span the bin's smallest to largest value."
        if d.categorical {
            return Chart(title: "SHAP dependence: \(d.feature)", xLabel: d.feature, yLabel: "SHAP value (margin scale)", layout: .columns,
                         categories: d.bins.map(\.label),
                         series: [ChartSeries(name: "mean φ", mark: .points, points: d.bins.enumerated().map { k, b in
                             ChartPoint(x: Double(k), y: b.meanPhi, lower: b.minPhi, upper: b.maxPhi, category: k)
                         })],
                         referenceLines: [ChartReferenceLine(.horizontal, at: 0)], caption: caption)
        }
        return Chart(title: "SHAP dependence: \(d.feature)", xLabel: d.feature, yLabel: "SHAP value (margin scale)",
                     series: [ChartSeries(name: "mean φ", mark: .lineMarkers, points: d.bins.map { b in
                         ChartPoint(x: b.value ?? 0, y: b.meanPhi, lower: b.minPhi, upper: b.maxPhi)
                     })],
                     referenceLines: [ChartReferenceLine(.horizontal, at: 0)], caption: caption)
    }
}
