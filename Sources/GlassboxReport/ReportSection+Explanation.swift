import GlassboxExplain

extension ReportSection {
    /// Sections for an explanation: permutation importance (table and bars with ±1 SD error bars),
    /// partial dependence with ICE lines, SHAP global ranking, surrogate fidelity, proxy detection.
    ///
    /// Privacy: per-row SHAP values are left out; ICE curves (present only when asked for) belong to
    /// synthetic rows (``Explain/PartialDependence/iceSynthetic``) and appear as unlabelled lines. Proxy
    /// levels suppressed by ``GlassboxExplain/ProxyReport`` (small, or complementary) show no count or AUC.
    package static func explanation(_ r: ExplanationReport, minGroupSize: Int = 10, idPrefix: String = "explain") -> [ReportSection] {
        let n = ReportNumber.self
        var sections = [ReportSection]()
        if let sample = r.sample {
            sections.append(ReportSection(id: idPrefix + "-sample", title: "Rows explained",
                                          blocks: [.paragraph("Every explanation below is \(sample.statement).")]))
        }
        if let importance = r.permutationImportance, let metric = r.metric, let baseline = r.baseline, let repeats = r.repeats {
            let loss = metric == "logloss" || metric == "brier"
            var blocks: [ReportBlock] = [.paragraph(
                "Permutation importance (scikit-learn's definition): the \(loss ? "rise in \(metric) loss" : "drop in \(metric)") when a \((r.perTerm ?? false) ? "design term" : "source column") is shuffled, "
                + "averaged over \(repeats) repeat(s); baseline \(metric) \(n.text(baseline)) on \(r.rowsUsed) rows. Bigger means the score relies on it more.")]
            blocks.append(.chart(Chart(
                title: "Permutation importance (\(metric))", xLabel: "Importance (mean over repeats, ±1 SD)", yLabel: "Feature", layout: .rows,
                categories: importance.map(\.feature),
                series: [ChartSeries(name: "mean importance", mark: .bars, points: importance.enumerated().map { k, f in
                    ChartPoint(x: f.mean, y: 0, lower: f.mean - f.std, upper: f.mean + f.std, category: k)
                })],
                referenceLines: [ChartReferenceLine(.vertical, at: 0)],
                caption: "Bars are mean importance; error bars ±1 standard deviation over the \(repeats) permutation repeat(s).")))
            blocks.append(.table(DataTable(columns: ["Feature", "Mean", "Std"], numeric: [false, true, true],
                                           rows: importance.map { [DataTable.Cell($0.feature), n.cell($0.mean), n.cell($0.std)] })))
            // The baseline as a number too, so the notebook can re-check it exactly rather than to the printed digits.
            blocks.append(.table(DataTable(caption: "Baseline \(metric) of the unpermuted scores", columns: ["Metric", "Baseline", "Rows"],
                                           numeric: [false, true, true],
                                           rows: [[DataTable.Cell(metric), n.cell(baseline, 6), DataTable.Cell(String(r.rowsUsed), value: Double(r.rowsUsed))]])))
            sections.append(ReportSection(id: idPrefix + "-importance", title: "What drives the score: permutation importance", blocks: blocks))
        }
        if let skipped = r.importanceSkipped {
            sections.append(ReportSection(id: idPrefix + "-importance", title: "What drives the score: permutation importance",
                                          blocks: [.paragraph("Not computed: " + skipped + ".")]))
        }
        if let pds = r.partialDependence, !pds.isEmpty {
            var blocks: [ReportBlock] = [.paragraph("Partial dependence: the average predicted score when every row's value of the feature is set to each grid value (scikit-learn's `partial_dependence`, method brute)." + (pds.contains { $0.ice != nil } ? " Thin lines are individual conditional expectation (ICE) curves of synthetic rows: each feature drawn at random from its grid (numeric) or levels (categorical), never a row of the data." : ""))]
            for pd in pds { blocks.append(.chart(partialDependenceChart(pd))) }
            sections.append(ReportSection(id: idPrefix + "-pd", title: "Partial dependence and ICE", blocks: blocks))
        }
        if let shap = r.shap, shap.method != nil {
            sections.append(treeSHAPSection(shap, idPrefix: idPrefix))
        } else if let shap = r.shap {
            sections.append(ReportSection(id: idPrefix + "-shap", title: "SHAP (exact, linear predictor scale)", blocks: [
                .paragraph("Mean absolute SHAP value per feature; base value E[η] = \(n.text(shap.expectedValue)). Per-row values are not included in shareable reports."),
                .table(DataTable(columns: ["Feature", "Mean |φ|"], numeric: [false, true],
                                 rows: shap.features.map { [DataTable.Cell($0.feature), n.cell($0.meanAbs)] })),
            ]))
        }
        if let s = r.surrogate {
            var blocks: [ReportBlock] = [.paragraph("Surrogates of the score \(s.score) on features \(s.formula): fitted on \(s.trainRows) rows, judged on \(s.holdoutRows) holdout rows\(s.logitScale ? " on the logit scale" : "").")]
            blocks.append(.table(DataTable(columns: ["Surrogate", "Holdout R²", "R² (score scale)", "Top \(n.text(100 * s.topFraction, 0)) % agreement"],
                                           numeric: [false, true, true, true],
                                           rows: [[DataTable.Cell("linear"), n.cell(s.linear.holdout.r2), n.cell(s.linear.holdout.r2ScoreScale), n.cell(s.linear.holdout.topAgreement)],
                                                  [DataTable.Cell("tree (depth ≤ \(s.tree.maxDepth))"), n.cell(s.tree.holdout.r2), n.cell(s.tree.holdout.r2ScoreScale), n.cell(s.tree.holdout.topAgreement)]])))
            blocks.append(.table(DataTable(caption: "Linear surrogate coefficients", columns: ["Term", "Estimate"], numeric: [false, true],
                                           rows: s.linear.coefficients.map { [DataTable.Cell($0.term), n.cell($0.estimate)] })))
            sections.append(ReportSection(id: idPrefix + "-surrogate", title: "Surrogate models of the score", blocks: blocks))
        }
        if let p = r.proxies {
            var blocks: [ReportBlock] = [.paragraph("Can the model's features stand in for a protected attribute? For each level, a classifier predicts membership from the features; a holdout AUC at or above \(n.text(p.threshold, 2)) flags a strong proxy."
                + (p.rowsUsed.map { " The classifiers need complete rows: they use \($0) rows, leaving out \(p.rowsDropped ?? 0) with a missing feature or protected value (the other sections use every row the model scores)." } ?? ""))]
            for a in p.attributes {
                blocks.append(.heading(a.attribute))
                blocks.append(.table(DataTable(columns: ["Level", "Rows", "Proxy AUC (holdout)", "Score AUC", "Carried by"], numeric: [false, true, true, true, false],
                                               rows: a.levels.map { l in
                    guard let rows = l.rows, !l.suppressed else {
                        return [DataTable.Cell(l.level), DataTable.Cell("suppressed"), DataTable.Cell("suppressed"), DataTable.Cell("suppressed"), DataTable.Cell("")]
                    }
                    return [DataTable.Cell(l.level), DataTable.Cell(String(rows), value: Double(rows)), n.cell(l.proxyAUC), n.cell(l.scoreAUC),
                           DataTable.Cell(l.carriers.prefix(3).map { "\($0.feature) (\(n.text($0.mean)))" }.joined(separator: ", "))]
                })))
                for flag in a.flags { blocks.append(.note(Note(.warning, flag))) }
            }
            sections.append(ReportSection(id: idPrefix + "-proxies", title: "Proxies for protected attributes", blocks: blocks))
        }
        return sections
    }

    static func partialDependenceChart(_ pd: PartialDependence) -> Chart {
        let yLabel = pd.centered ? "Predicted score (centred at first grid value)" : "Predicted score"
        if let levels = pd.levels {
            var series = [ChartSeries(name: "partial dependence", mark: .points, points: pd.average.enumerated().map { ChartPoint(x: Double($0.offset), y: $0.element, category: $0.offset) })]
            if let ice = pd.ice, !ice.isEmpty {
                let lo = levels.indices.map { k in ice.compactMap { $0.indices.contains(k) ? $0[k] : nil }.min() ?? .nan }
                let hi = levels.indices.map { k in ice.compactMap { $0.indices.contains(k) ? $0[k] : nil }.max() ?? .nan }
                series[0].points = series[0].points.enumerated().map { k, p in ChartPoint(x: p.x, y: p.y, lower: lo[k], upper: hi[k], category: k) }
            }
            return Chart(title: "Partial dependence: \(pd.feature)", xLabel: pd.feature, yLabel: yLabel, layout: .columns, categories: levels, series: series,
                         caption: pd.ice == nil ? nil : "Dots are averages; whiskers span the synthetic ICE rows' predictions at each level.")
        }
        let grid = pd.grid ?? pd.average.indices.map(Double.init)
        var series = [ChartSeries]()
        for curve in pd.ice ?? [] {
            series.append(ChartSeries(name: "ICE (synthetic rows)", mark: .faintLine, points: zip(grid, curve).map { ChartPoint(x: $0, y: $1) }, colorIndex: 5))
        }
        series.append(ChartSeries(name: "partial dependence", mark: .line, points: zip(grid, pd.average).map { ChartPoint(x: $0, y: $1) }, colorIndex: 0))
        return Chart(title: "Partial dependence: \(pd.feature)", xLabel: pd.feature, yLabel: yLabel, series: series,
                     caption: (pd.ice?.isEmpty ?? true) ? nil : "The thick line is the average; thin lines are \(pd.ice!.count) ICE curves of synthetic rows.")
    }
}
