import Foundation

/// Every number format of Glassbox's renderings, in one place. The report tables' format (``text(_:_:)``,
/// ``cell(_:_:)``) is the one the report sections use, whichever module builds them; the explanation's and
/// the model summary's formats (``explanation(_:)``, ``summary(_:_:)``) keep the layouts of
/// `glassbox explain --format markdown` and `glassbox inspect`.
package enum ReportNumber {
    /// `digits` decimals; scientific notation for very small or large magnitudes; exactly zero as "0";
    /// "∞"/"−∞" for infinities; "–" when undefined (nil or NaN).
    package static func text(_ x: Double?, _ digits: Int = 4) -> String {
        guard let x else { return "–" }
        guard x.isFinite else { return x.isNaN ? "–" : (x > 0 ? "∞" : "−∞") }
        if x == 0 { return "0" }
        if abs(x) < pow(10, Double(-digits)) || abs(x) >= 1e9 { return String(format: "%.\(max(1, digits - 1))e", x) }
        return String(format: "%.\(digits)f", x)
    }

    package static func integer(_ n: Int) -> String { String(n) }

    /// p-values as in R's `format.pval`: "<0.001" below one in a thousand.
    package static func pValue(_ p: Double?) -> String {
        guard let p, p.isFinite else { return "–" }
        return p < 0.001 ? "<0.001" : String(format: "%.3f", p)
    }

    package static func percent(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "–" }
        return String(format: "%.1f %%", 100 * x)
    }

    /// A table cell: ``text(_:_:)`` with the full value kept for the JSON (nil when not finite).
    package static func cell(_ x: Double?, _ digits: Int = 4) -> DataTable.Cell {
        DataTable.Cell(text(x, digits), value: x.flatMap { $0.isFinite ? $0 : nil })
    }

    /// An explanation's number: four decimals, `%.3e` below 1e-4 in magnitude, "NaN", "∞", "−∞".
    package static func explanation(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "∞" : "−∞") }
        if x != 0 && abs(x) < 1e-4 { return String(format: "%.3e", x) }
        return String(format: "%.4f", x)
    }

    /// A model summary's number (statsmodels-like): whole numbers below 1e12 without decimals, `digits`
    /// decimals between 1e-3 and 1e7, scientific notation otherwise; non-finite values as Swift prints them.
    package static func summary(_ x: Double, _ digits: Int = 6) -> String {
        guard x.isFinite else { return "\(x)" }
        if x == x.rounded() && abs(x) < 1e12 { return String(Int(x)) }
        if abs(x) >= 1e-3 && abs(x) < 1e7 { return String(format: "%.\(digits)f", x) }
        return String(format: "%.\(digits)e", x)
    }
}
