import Foundation
import GlassboxCore
import GlassboxModels

extension LookalikeInspection {
    /// `%.6g`, or "(aliased)" for a term without an estimate.
    private func number(_ x: Double?) -> String { x.map { String(format: "%.6g", $0) } ?? "(aliased)" }

    /// Settings shown by both renderings, in order.
    private var header: [(String, String)] {
        var rows = [("Features", formula), ("Seed column", seedColumn), ("Method", options.method.rawValue),
                    ("Training rows", "\(self.rows) (\(seeds) seeds)")]
        if options.method != .similarity {
            rows.append(("Penalty", options.penalty == "none" ? "none" : "\(options.penalty.uppercased()), λ = \(number(options.lambda))"))
        }
        if options.bagging > 0 {
            rows.append(("Bagging", "\(options.bagging) rounds" + (options.bagSize.map { ", \($0) unlabelled rows each" } ?? "")))
        }
        if let c = labelFrequency {
            rows.append(("Labelling rate ĉ", number(c) + (labelFrequencyStandardError.map { " (SE \(number($0)))" } ?? "")))
        }
        if let share = positiveShare { rows.append(("Implied positive share", number(share))) }
        if let never = rowsNeverOutOfBag { rows.append(("Rows never out of bag", String(never))) }
        if let to = similarityTo { rows.append(("Similarity to", to)) }
        return rows
    }

    /// Plain text (`inspect`): the settings, then the coefficient or feature table, warnings and the
    /// data source; every line safe for a terminal (`Escaping.terminal(_:)`).
    public func text() -> String {
        let rule = String(repeating: "=", count: 78)
        var lines = ["Lookalike model (\(options.method.rawValue))", rule]
        for (k, v) in header { lines.append((k + ":").padding(toLength: 24, withPad: " ", startingAt: 0) + v) }
        lines.append(rule)
        let width = max(16, (coefficients.map(\.term.count) + features.map(\.feature.count)).max().map { $0 + 4 } ?? 0)
        func pad(_ s: String) -> String { s.count >= 14 ? s : String(repeating: " ", count: 14 - s.count) + s }
        if !coefficients.isEmpty {
            lines.append("term".padding(toLength: width, withPad: " ", startingAt: 0) + pad("coef") + pad("odds ratio"))
            for c in coefficients {
                lines.append(c.term.padding(toLength: width, withPad: " ", startingAt: 0) + pad(number(c.estimate)) + pad(c.oddsRatio.map { number($0) } ?? ""))
            }
        }
        if !features.isEmpty {
            lines.append("feature".padding(toLength: width, withPad: " ", startingAt: 0) + pad("mean") + pad("scale"))
            for f in features {
                lines.append(f.feature.padding(toLength: width, withPad: " ", startingAt: 0) + pad(number(f.mean)) + pad(number(f.scale)))
            }
        }
        lines.append(rule)
        for w in warnings { lines.append("[!] " + w) }
        lines += manifest.inspectionDataLines
        return lines.map(Escaping.terminal).joined(separator: "\n") + "\n"
    }

    /// Markdown (`inspect --format markdown`): a settings table, then the coefficient or feature table and warnings.
    public func markdown() -> String {
        func md(_ s: String) -> String { Escaping.markdown(s) }
        var out = "## Lookalike model (\(options.method.rawValue)): \(md(seedColumn))\n\n| setting | value |\n|---|---|\n"
        for (k, v) in header { out += "| \(k) | \(md(v)) |\n" }
        if !coefficients.isEmpty {
            out += "\n| term | coef | odds ratio |\n|---|---:|---:|\n"
            for c in coefficients { out += "| \(md(c.term)) | \(number(c.estimate)) | \(c.oddsRatio.map { number($0) } ?? "–") |\n" }
        }
        if !features.isEmpty {
            out += "\n| feature | mean | scale |\n|---|---:|---:|\n"
            for f in features { out += "| \(md(f.feature)) | \(number(f.mean)) | \(number(f.scale)) |\n" }
        }
        if !warnings.isEmpty { out += "\nWarnings:\n\n" + warnings.map { "- \(md($0))\n" }.joined() }
        return out
    }
}
