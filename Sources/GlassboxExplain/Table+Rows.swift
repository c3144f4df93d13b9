import GlassboxTabular

extension Column {
    /// The values at `rows`, in that order.
    func gathering(_ rows: [Int]) -> Column {
        switch self {
        case .numeric(let v): .numeric(rows.map { v[$0] })
        case .categorical(let c): .categorical(CategoricalColumn(levels: c.levels, codes: rows.map { c.codes[$0] }))
        }
    }
}

extension Table {
    /// The named columns at `rows` (a row subset and projection, as `df.loc[rows, names]`).
    /// When `rows` is every row in order the columns are shared, not copied.
    func gathering(rows: [Int], columns names: [String]) throws -> Table {
        var out = Table(rowCount: rows.count)
        let everyRow = rows.count == rowCount && rows.elementsEqual(0..<rowCount)
        for name in names where !out.hasColumn(name) {
            let source = try column(named: name)
            try out.append(name: name, column: everyRow ? source : source.gathering(rows))
        }
        return out
    }

    /// A copy with column `name` replaced.
    func replacing(_ name: String, with column: Column) throws -> Table {
        var out = Table(rowCount: rowCount)
        for (n, c) in zip(columnNames, columns) { try out.append(name: n, column: n == name ? column : c) }
        return out
    }

    /// Indices of rows with no missing value in `names`.
    func completeRows(_ names: [String]) throws -> [Int] {
        let cols = try names.map { try column(named: $0) }
        return (0..<rowCount).filter { i in !cols.contains { $0.isMissing(i) } }
    }
}
