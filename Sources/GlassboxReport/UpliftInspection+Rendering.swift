import Foundation
import GlassboxCore
import GlassboxModels

extension UpliftInspection {
    /// Plain text for a terminal (`glassbox inspect`): a settings header, then per arm and component a
    /// table of term, coefficient and (logit components) odds ratio. Every line goes through
    /// `Escaping.terminal(_:)`.
    public func text() -> String {
        let rule = String(repeating: "=", count: 78)
        var lines = ["Uplift model (\(options.learner.rawValue))", rule]
        for (k, v) in settingRows { lines.append((k + ":").padding(toLength: 15, withPad: " ", startingAt: 0) + v) }
        for arm in arms {
            lines.append(rule)
            lines.append("Arm \(arm.treated) vs \(arm.control): \(arm.treatedRows) treated, \(arm.controlRows) control rows, design propensity \(Self.number(arm.designPropensity))")
            for c in arm.components {
                lines.append("")
                lines.append("  \(c.role) (\(c.link) link, \(c.rows) rows\(c.converged ? "" : ", NOT converged"))")
                let width = max(16, (c.coefficients.map(\.term.count).max() ?? 0) + 4)
                lines.append("  " + "term".padding(toLength: width, withPad: " ", startingAt: 0) + Self.leftPadded("coef", 14)
                             + (c.link == "logit" ? Self.leftPadded("odds ratio", 14) : ""))
                for row in c.coefficients {
                    lines.append("  " + row.term.padding(toLength: width, withPad: " ", startingAt: 0) + Self.leftPadded(Self.number(row.estimate), 14)
                                 + (c.link == "logit" ? Self.leftPadded(row.oddsRatio.map { Self.number($0) } ?? "", 14) : ""))
                }
            }
            for w in arm.warnings { lines.append("  [!] " + w) }
        }
        lines.append(rule)
        lines += manifest.inspectionDataLines
        return lines.map(Escaping.terminal).joined(separator: "\n") + "\n"
    }

    /// Markdown: a settings table, then per arm and component a coefficient table; every data string
    /// through `Escaping.markdown(_:)`.
    public func markdown() -> String {
        func md(_ s: String) -> String { Escaping.markdown(s) }
        var out = "## Uplift model (\(options.learner.rawValue)): \(md(outcome ?? "(no outcome)"))\n\n| setting | value |\n|---|---|\n"
        for (k, v) in settingRows { out += "| \(k) | \(md(v)) |\n" }
        for arm in arms {
            out += "\n### \(md(arm.treated)) vs \(md(arm.control))\n\n\(arm.treatedRows) treated, \(arm.controlRows) control rows; design propensity \(Self.number(arm.designPropensity)).\n"
            for c in arm.components {
                out += "\n**\(c.role)** (\(c.link) link, \(c.rows) rows\(c.converged ? "" : ", not converged"))\n\n"
                out += c.link == "logit" ? "| term | coef | odds ratio |\n|---|---:|---:|\n" : "| term | coef |\n|---|---:|\n"
                for row in c.coefficients {
                    out += "| \(md(row.term)) | \(Self.number(row.estimate)) |" + (c.link == "logit" ? " \(row.oddsRatio.map { Self.number($0) } ?? "–") |" : "") + "\n"
                }
            }
        }
        if !warnings.isEmpty { out += "\nWarnings:\n\n" + warnings.map { "- \(md($0))\n" }.joined() }
        return out
    }

    /// The settings shown above the coefficient tables, as (label, value).
    private var settingRows: [(String, String)] {
        [("Outcome", outcome ?? "(none)"), ("Formula", formula), ("Learner", options.learner.rawValue),
         ("Base learner", options.baseLearner + (options.penalty == "none" ? "" : " (\(options.penalty.uppercased()), λ = \(options.lambda))")),
         ("Propensity", options.propensity.rawValue), ("Treatment", "\(treatment.column): \(treatment.treated.joined(separator: ", ")) vs \(treatment.control)")]
    }

    /// Six significant digits; "(aliased)" for a term without an estimate.
    private static func number(_ x: Double?) -> String {
        guard let x else { return "(aliased)" }
        return String(format: "%.6g", x)
    }

    private static func leftPadded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
