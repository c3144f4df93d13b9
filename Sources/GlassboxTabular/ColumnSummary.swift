import GlassboxCore

/// What `glassbox describe` says of one column, without any row of it: its type, missing count and, for a
/// numeric column, the range and mean of its values (nil when every value is missing); for a categorical
/// column, the number of levels and the most frequent ones.
public struct ColumnSummary: Sendable, Equatable {
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
    public var levelCount: Int?
    /// A categorical column's most frequent levels, most frequent first (ties in level order), at most
    /// `levelLimit` of them and only levels held by at least `minimumLevelRows` rows, so that a level
    /// naming a single row (an identifier) is never listed; empty for a numeric column. The other
    /// `levelCount − listedLevels.count` levels are only counted.
    public var listedLevels: [String] = []

    /// The summary of `column`, named `name`, listing up to `levelLimit` levels of a categorical column
    /// that each have at least `minimumLevelRows` rows (see ``listedLevels``).
    public init(name: String, column: Column, levelLimit: Int = 10, minimumLevelRows: Int = 10) {
        self.name = name
        switch column {
        case .numeric(let values):
            // One pass: the missing count is the values left out of the sums.
            var lo = Double.infinity, hi = -Double.infinity, sum = 0.0, count = 0
            for v in values where !v.isNaN { lo = min(lo, v); hi = max(hi, v); sum += v; count += 1 }
            missing = values.count - count
            if count > 0 { (minimum, mean, maximum) = (lo, sum / Double(count), hi) }
        case .categorical(let c):
            missing = column.missingCount
            levelCount = c.levels.count
            var counts = [Int](repeating: 0, count: c.levels.count)
            for code in c.codes where code >= 0 { counts[Int(code)] += 1 }
            let frequent = counts.indices.filter { counts[$0] >= max(1, minimumLevelRows) }
                .sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
            listedLevels = frequent.prefix(max(0, levelLimit)).map { c.levels[$0] }
        }
    }
}

extension Table {
    /// One ``ColumnSummary`` per column, in file order (columns summarised concurrently; each summary is
    /// one sequential pass, so the numbers do not depend on the core count).
    public var columnSummaries: [ColumnSummary] {
        let (names, columns) = (columnNames, columns)
        return Parallel.map(columns.indices.map { $0..<($0 + 1) }) { ColumnSummary(name: names[$0.lowerBound], column: columns[$0.lowerBound]) }
    }
}
