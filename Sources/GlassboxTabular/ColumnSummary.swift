/// What `glassbox describe` says of one column, without any row of it: its type, missing count and, for a
/// numeric column, the range and mean of its values (nil when every value is missing); for a categorical
/// column, the number of levels.
package struct ColumnSummary: Sendable, Equatable {
    /// The column's name.
    package var name: String
    /// Rows missing in the column.
    package var missing: Int
    /// Minimum, mean (Σx/n over the non-missing values) and maximum; nil for a categorical column or one
    /// with every value missing.
    package var minimum: Double?
    package var mean: Double?
    package var maximum: Double?
    /// The number of distinct levels of a categorical column; nil for a numeric one.
    package var levelCount: Int?

    /// The summary of `column`, named `name`.
    package init(name: String, column: Column) {
        self.name = name
        missing = column.missingCount
        switch column {
        case .numeric(let values):
            var lo = Double.infinity, hi = -Double.infinity, sum = 0.0, count = 0
            for v in values where !v.isNaN { lo = min(lo, v); hi = max(hi, v); sum += v; count += 1 }
            if count > 0 { (minimum, mean, maximum) = (lo, sum / Double(count), hi) }
        case .categorical(let c):
            levelCount = c.levels.count
        }
    }
}

extension Table {
    /// One ``ColumnSummary`` per column, in file order.
    package var columnSummaries: [ColumnSummary] {
        zip(columnNames, columns).map { ColumnSummary(name: $0, column: $1) }
    }
}
