import GlassboxModels

extension ReportSection {
    /// A logistic model's inspection: fit statistics, the coefficient table (as statsmodels'
    /// `summary()`: estimate, SE, z, p, 95 % Wald interval, odds ratio) and a forest plot of the
    /// log-odds estimates with their intervals (intercept omitted: it sits on another scale).
    package static func inspection(_ m: LogisticInspection, id: String = "model") -> ReportSection {
        let n = ReportNumber.self
        var blocks = [ReportBlock]()
        blocks.append(.paragraph("Outcome \(m.outcome ?? "(none)"), formula \(m.formula). "
            + (m.options.penalty == "none" ? "Maximum likelihood (Newton/IRLS)." : "Penalised fit (\(m.options.penalty.uppercased()), λ = \(n.text(m.options.lambda))): standard errors are not reported.")))
        let f = m.fit
        blocks.append(.keyValues([
            KeyValue("Observations", n.text(f.nObservations, 0)), KeyValue("Log-likelihood", n.text(f.logLikelihood, 6)),
            KeyValue("Null log-likelihood", n.text(f.nullLogLikelihood, 6)), KeyValue("Deviance", n.text(f.deviance, 6)),
            KeyValue("Null deviance", n.text(f.nullDeviance, 6)), KeyValue("AIC", n.text(f.aic, 4)), KeyValue("BIC", n.text(f.bic, 4)),
            KeyValue("Pseudo R² (McFadden)", n.text(f.pseudoR2, 6)), KeyValue("Covariance", m.options.covariance.rawValue),
            KeyValue("Iterations", String(f.iterations)), KeyValue("Converged", f.converged ? "yes" : "no"),
            KeyValue("Separation", f.separation.rawValue),
        ]))
        let rows: [[DataTable.Cell]] = m.coefficients.map { r in
            if r.aliased { return [DataTable.Cell(r.term), DataTable.Cell("aliased")] + Array(repeating: DataTable.Cell(""), count: 6) }
            return [DataTable.Cell(r.term), n.cell(r.estimate), n.cell(r.stdError), n.cell(r.z, 3),
                    DataTable.Cell(n.pValue(r.pValue), value: r.pValue), n.cell(r.ciLower), n.cell(r.ciUpper), n.cell(r.oddsRatio)]
        }
        blocks.append(.table(DataTable(caption: "Coefficients (log-odds); 95 % Wald intervals",
                                       columns: ["Term", "Estimate", "Std. error", "z", "p", "CI lower", "CI upper", "Odds ratio"],
                                       numeric: [false] + Array(repeating: true, count: 7), rows: rows)))
        let plotted = m.coefficients.filter { !$0.aliased && $0.term != "(Intercept)" }
        if !plotted.isEmpty {
            blocks.append(.chart(Chart(
                title: "Coefficients with 95 % intervals", xLabel: "Estimate (log-odds)", yLabel: "Term", layout: .rows,
                categories: plotted.map(\.term),
                series: [ChartSeries(name: "estimate", mark: .points, points: plotted.enumerated().map { k, r in
                    ChartPoint(x: r.estimate, y: 0, lower: r.ciLower, upper: r.ciUpper, category: k)
                })],
                referenceLines: [ChartReferenceLine(.vertical, at: 0, label: "no effect")],
                caption: "Squares are estimates, whiskers 95 % intervals; the dashed line marks no effect (odds ratio 1).")))
        }
        for w in m.warnings { blocks.append(.note(Note(.warning, w))) }
        return ReportSection(id: id, title: "Model: logistic regression of \(m.outcome ?? "(no outcome)")", blocks: blocks)
    }
}
