/// Row selection: R's `na.omit` over the columns a design reads.
extension DesignBuilder {
    /// Kept rows of a table: `nil` rows means every row is kept (the fast path, no gathering).
    struct RowSelection: Sendable {
        var rows: [Int]?
        var rowCount: Int
        var droppedByColumn: [String: Int]

        var count: Int { rows?.count ?? rowCount }
        var droppedRowCount: Int { rowCount - count }
        func tableRow(_ k: Int) -> Int { rows?[k] ?? k }
        var rowIndices: [Int] { rows ?? Array(0..<rowCount) }

        /// `values` restricted to the kept rows (no copy when every row is kept).
        func gather<T>(_ values: [T]) -> [T] {
            guard let rows else { return values }
            return [T](unsafeUninitializedCapacity: rows.count) { buffer, initialized in
                values.withUnsafeBufferPointer { source in
                    for (k, r) in rows.enumerated() { (buffer.baseAddress! + k).initialize(to: source[r]) }
                }
                initialized = rows.count
            }
        }
    }

    /// Keeps the rows with no missing value in any of `columns` (which must exist), counting
    /// missing values per column. O(rows × columns).
    static func selectRows(_ table: Table, columns: [String]) throws -> RowSelection {
        let n = table.rowCount
        var missing = [Bool](repeating: false, count: n)
        var anyMissing = false
        var byColumn = [String: Int]()
        for name in columns {
            var count = 0
            switch try table.column(named: name) {
            // Count first (a branch-free scan); mark rows only in the rare columns with gaps.
            case .numeric(let values):
                values.withUnsafeBufferPointer { v in
                    for i in 0..<n { count &+= v[i].isNaN ? 1 : 0 }
                    if count > 0 { for i in 0..<n where v[i].isNaN { missing[i] = true } }
                }
            case .categorical(let c):
                c.codes.withUnsafeBufferPointer { v in
                    for i in 0..<n { count &+= v[i] < 0 ? 1 : 0 }
                    if count > 0 { for i in 0..<n where v[i] < 0 { missing[i] = true } }
                }
            }
            if count > 0 {
                byColumn[name] = count
                anyMissing = true
            }
        }
        guard anyMissing else { return RowSelection(rows: nil, rowCount: n, droppedByColumn: [:]) }
        var rows = [Int]()
        rows.reserveCapacity(n)
        for i in 0..<n where !missing[i] { rows.append(i) }
        return RowSelection(rows: rows, rowCount: n, droppedByColumn: byColumn)
    }

    /// Checks that every column exists, reporting the first unknown one.
    static func requireColumns(_ names: [String], in table: Table) throws {
        for name in names where !table.hasColumn(name) {
            throw TabularError.unknownColumn(name, available: table.columnNames)
        }
    }
}
