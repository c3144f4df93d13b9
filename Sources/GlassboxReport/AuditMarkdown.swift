import GlassboxCore
import GlassboxModels

/// Helpers shared by the Markdown renderings of the bias and targeting audits.
enum AuditMarkdown {
    /// A number as the audit tables print it: "–" when undefined or not finite, whole numbers without
    /// decimals, otherwise at most four decimals with trailing zeros dropped.
    static func number(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "–" }
        if x == x.rounded() && abs(x) < 1e9 { return String(Int64(x)) }
        var s = String(format4: x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// `x` followed by its interval " [lower, upper]" when both ends are known.
    static func number(_ x: Double?, lower: Double?, upper: Double?) -> String {
        guard let lower, let upper else { return number(x) }
        return number(x) + " [\(number(lower)), \(number(upper))]"
    }

    /// The provenance paragraph: Glassbox version, creation time and the data file (escaped).
    static func provenance(_ m: Provenance) -> String {
        let escape = Escaping.markdown
        var md = "Glassbox \(escape(m.glassboxVersion)), \(escape(m.createdAt))"
        if let d = m.data { md += "; data \(escape(d.path)) (SHA-256 \(escape(String(d.sha256.prefix(16))))…), \(d.rowsRead) rows read, \(d.rowsUsed) used" }
        for line in m.data?.preparationLines ?? [] { md += "; \(line.label.lowercased()): \(escape(line.text))" }
        return md + ".\n\n"
    }
}

extension String {
    /// Four decimals without Foundation's `String(format:)`.
    init(format4 x: Double) {
        let scaled = (abs(x) * 10_000).rounded()
        let whole = Int64(scaled) / 10_000, frac = Int64(scaled) % 10_000
        let f = String(frac)
        self = (x < 0 && scaled > 0 ? "-" : "") + String(whole) + "." + String(repeating: "0", count: 4 - f.count) + f
    }
}
