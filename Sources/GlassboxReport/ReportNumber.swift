import Foundation

/// Display text for numbers in report tables (the JSON keeps the full value next to it).
enum ReportNumber {
    /// `digits` decimals; scientific notation for very small or large magnitudes; "–" when undefined.
    static func text(_ x: Double?, _ digits: Int = 4) -> String {
        guard let x else { return "–" }
        guard x.isFinite else { return x.isNaN ? "–" : (x > 0 ? "∞" : "−∞") }
        if x == 0 { return "0" }
        if abs(x) < pow(10, Double(-digits)) || abs(x) >= 1e9 { return String(format: "%.\(max(1, digits - 1))e", x) }
        return String(format: "%.\(digits)f", x)
    }

    static func integer(_ n: Int) -> String { String(n) }

    /// p-values as in R's `format.pval`: "<0.001" below one in a thousand.
    static func pValue(_ p: Double?) -> String {
        guard let p, p.isFinite else { return "–" }
        return p < 0.001 ? "<0.001" : String(format: "%.3f", p)
    }

    static func percent(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "–" }
        return String(format: "%.1f %%", 100 * x)
    }

    static func cell(_ x: Double?, _ digits: Int = 4) -> DataTable.Cell {
        DataTable.Cell(text(x, digits), value: x.flatMap { $0.isFinite ? $0 : nil })
    }
}
