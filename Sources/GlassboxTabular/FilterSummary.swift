/// What row filters did to a table (``Table/filtered(where:)``): rows before, rows kept, and rows
/// dropped because a filter needed a missing value (as R's `na.omit`).
public struct FilterSummary: Sendable, Equatable, CustomStringConvertible {
    /// The filter expressions as written, in order (all must hold).
    public var filters: [String]
    /// Rows before filtering.
    public var rowsBefore: Int
    /// Rows for which every filter holds.
    public var rowsKept: Int
    /// Rows dropped because a filter needed a missing value (and no filter was false for them).
    public var rowsMissing: Int

    /// A summary from its parts.
    public init(filters: [String], rowsBefore: Int, rowsKept: Int, rowsMissing: Int) {
        self.filters = filters
        self.rowsBefore = rowsBefore
        self.rowsKept = rowsKept
        self.rowsMissing = rowsMissing
    }

    /// Rows a filter was false for.
    public var rowsExcluded: Int { rowsBefore - rowsKept - rowsMissing }

    /// `6,172 of 7,214 rows kept (12 dropped for a missing value)`, counts with thousands separators.
    public var description: String {
        "\(Self.grouped(rowsKept)) of \(Self.grouped(rowsBefore)) rows kept"
            + (rowsMissing > 0 ? " (\(Self.grouped(rowsMissing)) dropped for a missing value)" : "")
    }

    /// `n` with a comma between groups of three digits (`7,214`).
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }
}
