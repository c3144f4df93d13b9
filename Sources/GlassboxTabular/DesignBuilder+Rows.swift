import GlassboxCore

/// Row selection: R's `na.omit` over the columns a design reads.
extension DesignBuilder {
    /// Kept rows of a table: `nil` rows means every row is kept (the fast path, no gathering).
    struct RowSelection: Sendable {
        var rows: [Int]?
        var rowCount: Int
        var droppedByColumn: [String: Int]
        /// Numeric columns read that hold `±inf` somewhere (kept row or not); only these need a
        /// finiteness check when used as plain numeric terms.
        var infiniteColumns: Set<String> = []

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
    /// missing values per column. O(rows × columns); the columns are scanned concurrently and the
    /// kept-row index is computed once.
    static func selectRows(_ table: Table, columns names: [String]) throws -> RowSelection {
        let n = table.rowCount
        let columns = try names.map { try table.column(named: $0) }
        // Branch-free counts per column: missing values, and non-finite numbers (missing included).
        let counts = Parallel.map(columns.indices.map { $0..<($0 + 1) }) { job -> (missing: Int, nonFinite: Int) in
            var missing = 0, nonFinite = 0
            switch columns[job.lowerBound] {
            case .numeric(let values):
                values.withUnsafeBufferPointer { v in (missing, nonFinite) = nonFiniteCounts(v) }
            case .categorical(let c):
                c.codes.withUnsafeBufferPointer { v in
                    for i in 0..<n { missing &+= v[i] < 0 ? 1 : 0 }
                }
            }
            return (missing, nonFinite)
        }
        var byColumn = [String: Int]()
        var infinite = Set<String>()
        for (name, count) in zip(names, counts) {
            if count.missing > 0 { byColumn[name] = count.missing }
            if count.nonFinite > count.missing { infinite.insert(name) }
        }
        guard !byColumn.isEmpty else {
            return RowSelection(rows: nil, rowCount: n, droppedByColumn: [:], infiniteColumns: infinite)
        }
        // Mark rows only in the (rare) columns with gaps.
        var missing = [Bool](repeating: false, count: n)
        for (column, count) in zip(columns, counts) where count.missing > 0 {
            switch column {
            case .numeric(let values):
                values.withUnsafeBufferPointer { v in for i in 0..<n where v[i].isNaN { missing[i] = true } }
            case .categorical(let c):
                c.codes.withUnsafeBufferPointer { v in for i in 0..<n where v[i] < 0 { missing[i] = true } }
            }
        }
        var rows = [Int]()
        rows.reserveCapacity(n)
        for i in 0..<n where !missing[i] { rows.append(i) }
        return RowSelection(rows: rows, rowCount: n, droppedByColumn: byColumn, infiniteColumns: infinite)
    }

    /// (NaN count, non-finite count) of `v`, four values at a time (the scalar loop did not vectorise and
    /// cost ~2 ns a value).
    static func nonFiniteCounts(_ v: UnsafeBufferPointer<Double>) -> (missing: Int, nonFinite: Int) {
        let n = v.count
        guard n > 0, let base = v.baseAddress else { return (0, 0) }
        let raw = UnsafeRawPointer(base)
        let infinity = SIMD4<Double>(repeating: .infinity)
        let zero = SIMD4<Int64>(repeating: 0)
        var nan = zero, infinite = zero
        var k = 0
        while k &+ 4 <= n {
            let x = raw.loadUnaligned(fromByteOffset: k &* 8, as: SIMD4<Double>.self)
            nan &+= zero.replacing(with: 1, where: x .!= x)
            infinite &+= zero.replacing(with: 1, where: (x .== infinity) .| (x .== -infinity))
            k &+= 4
        }
        var missing = Int(nan.wrappedSum()), nonFinite = missing &+ Int(infinite.wrappedSum())
        while k < n {
            missing &+= v[k].isNaN ? 1 : 0
            nonFinite &+= v[k].isFinite ? 0 : 1
            k &+= 1
        }
        return (missing, nonFinite)
    }

    /// Checks that every column exists, reporting the first unknown one.
    static func requireColumns(_ names: [String], in table: Table) throws {
        for name in names where !table.hasColumn(name) {
            throw TabularError.unknownColumn(name, available: table.columnNames)
        }
    }
}
