import Foundation
import GlassboxCore
import GlassboxModels

/// Text, Markdown and JSON renderings of a logistic model's inspection (`glassbox inspect`).
extension LogisticInspection {
    /// `glassbox inspect --format json`: sorted keys, non-finite numbers as strings, every coefficient key present.
    public func json() throws -> [UInt8] {
        try JSONFormat.encode(self, nonFinite: .asStrings)
    }

    /// A plain-text summary laid out like statsmodels' `summary()` / R's `summary.glm`, for a
    /// terminal: every data string (outcome, formula, terms, column names, path, warnings) is escaped
    /// with `Escaping.terminal(_:)`.
    public func text() -> String {
        let t = Escaping.terminal
        var lines = [String]()
        let rule = String(repeating: "=", count: 100)
        lines.append("Logistic regression results".padding(toLength: 100, withPad: " ", startingAt: 0))
        lines.append(rule)
        let left: [(String, String)] = [
            ("Outcome:", outcome.map(t) ?? "(none)"),
            ("Formula:", t(formula)),
            ("Estimation:", options.penalty == "none" ? "maximum likelihood (Newton/IRLS)" : "penalised (\(options.penalty.uppercased()), λ = \(number(options.lambda)))"),
            ("Covariance:", options.penalty == "none" ? covarianceLabel : "none reported (penalised fit)"),
            ("Converged:", (fit.converged ? "yes" : "NO") + " (\(fit.iterations) iterations)"),
            ("Separation:", fit.separation.rawValue),
        ]
        let right: [(String, String)] = [
            ("No. observations:", number(fit.nObservations)),
            ("Log-likelihood:", number(fit.logLikelihood)),
            ("LL-null:", number(fit.nullLogLikelihood)),
            ("Deviance:", number(fit.deviance)),
            ("Null deviance:", number(fit.nullDeviance)),
            ("AIC / BIC:", number(fit.aic) + " / " + number(fit.bic)),
            ("Pseudo R² (McFadden):", number(fit.pseudoR2)),
            ("Condition no. (scaled):", fit.conditionNumber.map { number($0, 1) } ?? "inf"),
        ]
        for i in 0..<max(left.count, right.count) {
            let l = i < left.count ? pad(left[i].0, 13) + left[i].1 : ""
            let r = i < right.count ? pad(right[i].0, 23) + right[i].1 : ""
            lines.append(pad(l, 55) + r)
        }
        lines.append(rule)
        let nameWidth = max(16, (coefficients.map { t($0.term).count }.max() ?? 0) + 2)
        let header = pad("", nameWidth) + ["coef", "std err", "z", "P>|z|", "[0.025", "0.975]", "odds ratio"].map { lpad($0, 12) }.joined()
        lines.append(header)
        lines.append(String(repeating: "-", count: header.count))
        for row in coefficients {
            let cells: [String] = row.aliased
                ? ["(aliased)", "", "", "", "", "", ""]
                : [number(row.estimate, 4), opt(row.stdError, 4), opt(row.z, 3), pvalue(row.pValue), opt(row.ciLower, 4), opt(row.ciUpper, 4), number(row.oddsRatio, 4)]
            lines.append(pad(t(row.term), nameWidth) + cells.map { lpad($0, 12) }.joined())
        }
        lines.append(rule)
        if let data = manifest.data {
            let dropped = data.missingByColumn.filter { $0.value > 0 }.sorted { $0.key < $1.key }
                .map { "\(t($0.key)): \($0.value)" }.joined(separator: ", ")
            lines.append("Rows: \(data.rowsRead) read, \(data.rowsUsed) used, \(data.rowsDropped) dropped for missing values" + (dropped.isEmpty ? "" : " (\(dropped))"))
            lines.append("Data: \(t(data.path)) (SHA-256 \(t(data.sha256)))")
            for line in data.preparationLines { lines.append("\(line.label): \(t(line.text))") }
        }
        if !warnings.isEmpty {
            lines.append("Warnings:")
            for w in warnings { lines.append("  [!] " + t(w)) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Markdown summary: a fit table and a coefficient table (data strings escaped).
    public func markdown() -> String {
        var out = "## Logistic regression: \(md(outcome ?? "(no outcome)"))\n\n"
        out += "Formula: \(md(formula))\n\n"
        out += "| statistic | value |\n|---|---|\n"
        let stats: [(String, String)] = [
            ("observations", number(fit.nObservations)), ("log-likelihood", number(fit.logLikelihood)),
            ("null log-likelihood", number(fit.nullLogLikelihood)), ("deviance", number(fit.deviance)),
            ("null deviance", number(fit.nullDeviance)), ("AIC", number(fit.aic)), ("BIC", number(fit.bic)),
            ("pseudo R² (McFadden)", number(fit.pseudoR2)), ("covariance", options.penalty == "none" ? covarianceLabel : "none (penalised)"),
            ("iterations", "\(fit.iterations)"), ("converged", fit.converged ? "yes" : "**no**"), ("separation", fit.separation.rawValue),
        ]
        for (k, v) in stats { out += "| \(k) | \(v) |\n" }
        out += "\n| term | estimate | std. error | z | p | 95% CI | odds ratio |\n|---|---:|---:|---:|---:|---|---:|\n"
        for r in coefficients {
            if r.aliased { out += "| \(md(r.term)) | aliased | | | | | |\n"; continue }
            let ci = r.ciLower.map { "[\(number($0, 4)), \(number(r.ciUpper ?? .nan, 4))]" } ?? ""
            out += "| \(md(r.term)) | \(number(r.estimate, 4)) | \(opt(r.stdError, 4)) | \(opt(r.z, 3)) | \(pvalue(r.pValue)) | \(ci) | \(number(r.oddsRatio, 4)) |\n"
        }
        if !warnings.isEmpty {
            out += "\n**Warnings**\n\n" + warnings.map { "- " + md($0) }.joined(separator: "\n") + "\n"
        }
        return out
    }

    private var covarianceLabel: String {
        switch options.covariance {
        case .nonrobust: "nonrobust"
        case .cluster: "cluster-robust (\(fit.clusterCount ?? 0) clusters)"
        default: options.covariance.rawValue.uppercased()
        }
    }
    private func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
    private func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? " " + s : String(repeating: " ", count: n - s.count) + s }
    private func number(_ x: Double, _ digits: Int = 6) -> String { ReportNumber.summary(x, digits) }
    private func opt(_ x: Double?, _ digits: Int) -> String { x.map { number($0, digits) } ?? "" }
    private func pvalue(_ p: Double?) -> String {
        guard let p else { return "" }
        return p < 0.001 ? "<0.001" : String(format: "%.3f", p)
    }
    /// A data string as Markdown text: ``Escaping/markdown(_:)``.
    private func md(_ s: String) -> String { Escaping.markdown(s) }
}
