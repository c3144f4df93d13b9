import GlassboxCore
import Foundation
import GlassboxModels
import GlassboxReport

/// `glassbox inspect` of an uplift model: every arm's fitted components (outcome models, effect
/// regressions, propensity) as coefficient tables. The model file stores point estimates only, so
/// there are no standard errors; odds ratios are shown for logit components.
struct UpliftInspection: ModelInspection {
    struct Component: Encodable {
        var role: String
        var link: String
        var rows: Int
        var converged: Bool
        var coefficients: [InspectedCoefficient]
    }
    struct Arm: Encodable {
        var treated: String
        var control: String
        var treatedRows: Int
        var controlRows: Int
        var designPropensity: Double
        var components: [Component]
        var warnings: [String]
    }

    var kind: String
    var formula: String
    var outcome: String?
    var treatment: UpliftTreatment
    var options: UpliftModelFile.Options
    var arms: [Arm]
    var warnings: [String]
    var manifest: ModelManifest

    init(_ file: UpliftModelFile) {
        kind = file.kind
        formula = file.formula
        outcome = file.encoding.responseName
        treatment = file.treatment
        options = file.options
        arms = file.arms.map { arm in
            Arm(treated: arm.treated, control: file.treatment.control, treatedRows: arm.treatedRows, controlRows: arm.controlRows,
                designPropensity: arm.designPropensity,
                components: arm.components.map { c in
                    Component(role: c.role.rawValue, link: c.link.rawValue, rows: c.rows, converged: c.converged,
                              coefficients: zip(c.terms, c.coefficients).map { term, beta in
                                  InspectedCoefficient(term: term, estimate: beta, oddsRatio: c.link == .logit ? beta.map { exp($0) } : nil)
                              })
                },
                warnings: arm.warnings)
        }
        warnings = file.warnings
        manifest = file.manifest
    }

    private var header: [(String, String)] {
        [("Outcome", outcome ?? "(none)"), ("Formula", formula), ("Learner", options.learner.rawValue),
         ("Base learner", options.baseLearner + (options.penalty == "none" ? "" : " (\(options.penalty.uppercased()), λ = \(options.lambda))")),
         ("Propensity", options.propensity.rawValue), ("Treatment", "\(treatment.column): \(treatment.treated.joined(separator: ", ")) vs \(treatment.control)")]
    }

    private func number(_ x: Double?) -> String {
        guard let x else { return "(aliased)" }
        return String(format: "%.6g", x)
    }

    /// Plain text: a header, then per arm and component a table of term, coefficient and odds ratio.
    func text() -> String {
        let rule = String(repeating: "=", count: 78)
        var lines = ["Uplift model (\(options.learner.rawValue))", rule]
        for (k, v) in header { lines.append((k + ":").padding(toLength: 15, withPad: " ", startingAt: 0) + v) }
        for arm in arms {
            lines.append(rule)
            lines.append("Arm \(arm.treated) vs \(arm.control): \(arm.treatedRows) treated, \(arm.controlRows) control rows, design propensity \(number(arm.designPropensity))")
            for c in arm.components {
                lines.append("")
                lines.append("  \(c.role) (\(c.link) link, \(c.rows) rows\(c.converged ? "" : ", NOT converged"))")
                let width = max(16, (c.coefficients.map(\.term.count).max() ?? 0) + 4)
                lines.append("  " + "term".padding(toLength: width, withPad: " ", startingAt: 0) + "coef".leftPadded(14) + (c.link == "logit" ? "odds ratio".leftPadded(14) : ""))
                for row in c.coefficients {
                    lines.append("  " + row.term.padding(toLength: width, withPad: " ", startingAt: 0) + number(row.estimate).leftPadded(14)
                                 + (c.link == "logit" ? (row.oddsRatio.map { number($0) } ?? "").leftPadded(14) : ""))
                }
            }
            for w in arm.warnings { lines.append("  [!] " + w) }
        }
        lines.append(rule)
        if let data = manifest.data {
            lines.append("Rows: \(data.rowsRead) read, \(data.rowsUsed) used, \(data.rowsDropped) dropped")
            lines.append("Data: \(data.path) (SHA-256 \(data.sha256))")
        }
        return lines.map(Escaping.terminal).joined(separator: "\n") + "\n"
    }

    /// Markdown: a settings table, then per arm and component a coefficient table.
    func markdown() -> String {
        func md(_ s: String) -> String { Escaping.markdown(s) }
        var out = "## Uplift model (\(options.learner.rawValue)): \(md(outcome ?? "(no outcome)"))\n\n| setting | value |\n|---|---|\n"
        for (k, v) in header { out += "| \(k) | \(md(v)) |\n" }
        for arm in arms {
            out += "\n### \(md(arm.treated)) vs \(md(arm.control))\n\n\(arm.treatedRows) treated, \(arm.controlRows) control rows; design propensity \(number(arm.designPropensity)).\n"
            for c in arm.components {
                out += "\n**\(c.role)** (\(c.link) link, \(c.rows) rows\(c.converged ? "" : ", not converged"))\n\n"
                out += c.link == "logit" ? "| term | coef | odds ratio |\n|---|---:|---:|\n" : "| term | coef |\n|---|---:|\n"
                for row in c.coefficients {
                    out += "| \(md(row.term)) | \(number(row.estimate)) |" + (c.link == "logit" ? " \(row.oddsRatio.map { number($0) } ?? "–") |" : "") + "\n"
                }
            }
        }
        if !warnings.isEmpty { out += "\nWarnings:\n\n" + warnings.map { "- \(md($0))\n" }.joined() }
        return out
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
