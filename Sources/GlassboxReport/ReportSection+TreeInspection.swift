import GlassboxModels

extension ReportSection {
    /// A tree ensemble's inspection (what `glassbox inspect` shows): where the model came from (format, maker,
    /// objective, SHA-256 of the original file), its shape (trees, maximum depth, leaves, splits, features
    /// used) and each feature's importance as XGBoost's `get_score` measures it — split count (`weight`), total
    /// and mean gain, total and mean cover — as a table and a chart of total gain; for a PMML logistic
    /// regression (no trees) its coefficients instead.
    package static func treeInspection(_ m: TreeEnsembleInspection, id: String = "model") -> ReportSection {
        let n = ReportNumber.self
        var blocks = [ReportBlock]()
        let maker = [m.source.makerVersion, m.source.objective].compactMap { $0 }.joined(separator: ", ")
        blocks.append(.paragraph("Imported from \(m.source.fileName) (\(m.source.format.rawValue)\(maker.isEmpty ? "" : ", " + maker)) with glassbox import; the original file's SHA-256 is \(m.source.sha256). "
            + (m.outcome.map { "It predicts \($0). " } ?? "")
            + "Scores are the \(m.link == "logistic" ? "logistic function of the margin" : "margin itself") (trees combined by \(m.combination), comparisons in \(m.comparison))."))
        blocks.append(.keyValues([
            KeyValue("Trees", n.integer(m.trees)), KeyValue("Maximum depth", n.integer(m.maximumDepth)), KeyValue("Leaves", n.integer(m.leaves)),
            KeyValue("Splits", n.integer(m.splits)), KeyValue("Features", n.integer(m.features.count)), KeyValue("Features used", n.integer(m.featuresUsed)),
            KeyValue("Base margin", n.text(m.baseMargin, 6)),
        ]))
        if m.trees > 0 {
            let ranked = m.features.enumerated().sorted { a, b in
                a.element.totalGain != b.element.totalGain ? a.element.totalGain > b.element.totalGain : a.offset < b.offset
            }.map(\.element)
            blocks.append(.table(DataTable(
                caption: "Importance by split count (weight), gain and cover, as XGBoost's get_score and LightGBM's feature_importance count them",
                columns: ["Feature", "Kind", "Splits", "Total gain", "Mean gain", "Total cover", "Mean cover"],
                numeric: [false, false, true, true, true, true, true],
                rows: ranked.map { f in
                    [DataTable.Cell(f.feature), DataTable.Cell(f.kind), DataTable.Cell(n.integer(f.weight), value: Double(f.weight)),
                     n.cell(f.totalGain), n.cell(f.gain), n.cell(f.totalCover), n.cell(f.cover)]
                })))
            let used = ranked.filter { $0.weight > 0 }
            if !used.isEmpty {
                blocks.append(.chart(Chart(title: "Importance by total gain", xLabel: "Total gain", yLabel: "Feature", layout: .rows,
                                           categories: used.map(\.feature),
                                           series: [ChartSeries(name: "total gain", mark: .bars, points: used.enumerated().map { k, f in
                                               ChartPoint(x: f.totalGain, y: 0, category: k)
                                           })],
                                           referenceLines: [ChartReferenceLine(.vertical, at: 0)],
                                           caption: "Bars are each feature's summed loss reduction over its splits; split counts and covers are in the table.")))
            }
        }
        if let terms = m.linearTerms {
            blocks.append(.table(DataTable(caption: "Coefficients of the imported logistic regression (log-odds; no standard errors: the model file holds none)",
                                           columns: ["Feature", "Level", "Coefficient"], numeric: [false, false, true],
                                           rows: terms.map { [DataTable.Cell($0.feature), DataTable.Cell($0.level ?? ""), n.cell($0.coefficient, 6)] })))
        }
        return ReportSection(id: id, title: "Model: \(m.linearTerms == nil ? "tree ensemble" : "logistic regression") imported from \(m.source.fileName)", blocks: blocks)
    }
}
