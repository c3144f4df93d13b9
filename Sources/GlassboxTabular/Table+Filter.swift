/// Row filters on a table: `table.filtered(where: ["age >= 18", "party in (\"DEM\", \"REP\")"])`.
extension Table {
    /// The rows for which every filter in `filters` holds, in their original order, and a summary.
    ///
    /// Each filter is a `RowExpression` evaluated on every row (see its language: comparisons,
    /// `and`/`or`/`not`, `in (…)`, arithmetic, `abs()`, `is_missing()`); a non-zero result keeps the
    /// row. A row for which a filter is missing (it needs a missing value) is dropped and counted in
    /// ``FilterSummary/rowsMissing``, as R's `na.omit`. Categorical columns keep only the levels still
    /// present, as if the file held only the kept rows. O(rows × expression size).
    ///
    /// - Throws: ``TabularError/expressionSyntax(expression:position:message:)`` for a filter that
    ///   does not parse; ``TabularError/expression(_:)`` for an unknown column, text used as a number,
    ///   a division by zero, a filter whose value is text, or filters that keep no row.
    public func filtered(where filters: [String]) throws -> (table: Table, summary: FilterSummary) {
        let expressions = try filters.map { try RowExpression(parsing: $0) }
        // 0: kept so far, 1: a filter is missing, 2: a filter is false (decides over missing).
        var verdict = [UInt8](repeating: 0, count: rowCount)
        for expression in expressions {
            let context = "the filter '\(expression.source)'"
            switch try expression.evaluate(on: self, context: context) {
            case .numbers(let values):
                for i in 0..<rowCount where verdict[i] < 2 {
                    let v = values[i]
                    if v.isNaN { verdict[i] = 1 } else if v == 0 { verdict[i] = 2 }
                }
            case .constant(let v):
                let mark: UInt8 = v.isNaN ? 1 : (v == 0 ? 2 : 0)
                for i in 0..<rowCount where verdict[i] < mark { verdict[i] = mark }
            case .text, .categorical:
                throw TabularError.expression("in \(context): the filter gives text, not true or false; compare it, e.g. column == \"level\"")
            }
        }
        let kept = verdict.indices.filter { verdict[$0] == 0 }
        let summary = FilterSummary(filters: filters, rowsBefore: rowCount, rowsKept: kept.count,
                                    rowsMissing: verdict.reduce(0) { $0 + ($1 == 1 ? 1 : 0) })
        if kept.isEmpty && !filters.isEmpty {
            let quoted = filters.map { "'\($0)'" }.joined(separator: " and ")
            throw TabularError.expression("the filter \(quoted) keeps no row of \(FilterSummary.grouped(rowCount))"
                + (summary.rowsMissing > 0 ? " (\(FilterSummary.grouped(summary.rowsMissing)) dropped for a missing value)" : ""))
        }
        if kept.count == rowCount { return (self, summary) }
        var out = Table(rowCount: kept.count)
        for (name, column) in zip(columnNames, columns) { try out.append(name: name, column: column.keepingRows(kept)) }
        return (out, summary)
    }
}

extension Column {
    /// The values at `rows`; a categorical column keeps only the levels still used (in their order).
    func keepingRows(_ rows: [Int]) -> Column {
        switch self {
        case .numeric(let v): return .numeric(rows.map { v[$0] })
        case .categorical(let c):
            var used = [Bool](repeating: false, count: c.levels.count)
            for r in rows where c.codes[r] >= 0 { used[Int(c.codes[r])] = true }
            var newCode = [Int32](repeating: -1, count: c.levels.count), levels = [String]()
            for (i, level) in c.levels.enumerated() where used[i] {
                newCode[i] = Int32(levels.count)
                levels.append(level)
            }
            return .categorical(CategoricalColumn(levels: levels, codes: rows.map { c.codes[$0] < 0 ? -1 : newCode[Int(c.codes[$0])] }))
        }
    }
}
