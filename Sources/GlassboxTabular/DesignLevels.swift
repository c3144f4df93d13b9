import GlassboxCore

/// What a design needs to know about the data before its columns can be laid out, gathered from one
/// block of rows and merged over many: each column's kind, the levels present in the kept rows (text
/// levels, or the distinct numbers of a `C(number)` factor) and the row counts. The merge of the blocks of
/// a table gives the encoding ``DesignEncoding/fit(_:on:extraColumns:)`` learns from the whole table
/// (sorted levels, reference level, patsy column layout), because those rules depend on the data only
/// through these sets. Used by streamed and distributed fits (docs/scale.md §2).
package struct DesignLevels: Sendable, Equatable, Codable {
    /// One column's kind and levels.
    package struct ColumnLevels: Sendable, Equatable, Codable {
        /// "numeric" or "text".
        package var kind: String
        /// Text levels present in kept rows, sorted; nil for numeric columns and for extra columns.
        package var levels: [String]?
        /// Distinct numbers in kept rows, ascending, for a numeric column read by `C(…)`; nil otherwise.
        package var numbers: [Double]?
    }

    /// Rows of the block.
    package var rowsRead: Int
    /// Rows with no missing value in any column read.
    package var rowsKept: Int
    /// Rows with a missing value, per column read.
    package var missingByColumn: [String: Int]
    /// Per column read (formula and extra columns).
    package var columns: [String: ColumnLevels]

    /// Level information with the given counts and columns (an empty block has none).
    package init(rowsRead: Int, rowsKept: Int, missingByColumn: [String: Int], columns: [String: ColumnLevels]) {
        self.rowsRead = rowsRead
        self.rowsKept = rowsKept
        self.missingByColumn = missingByColumn
        self.columns = columns
    }

    /// Most levels (or distinct numbers) one column may have in a block or a merge.
    package static let maximumLevels = 1_000_000

    /// The level information of `table`'s rows for `formula` and `extraColumns` (weights, clusters:
    /// their kinds only).
    package static func collect(_ formula: Formula, table: Table, extraColumns: [String]) throws -> DesignLevels {
        try collectSelecting(formula, table: table, extraColumns: extraColumns).levels
    }

    /// ``collect(_:table:extraColumns:)`` and the kept rows themselves (ascending row indices of `table`),
    /// e.g. to count the kept rows of every treatment arm in one scan.
    package static func collectKeepingRows(_ formula: Formula, table: Table, extraColumns: [String]) throws -> (levels: DesignLevels, keptRows: [Int]) {
        let (levels, selection) = try collectSelecting(formula, table: table, extraColumns: extraColumns)
        return (levels, selection.rowIndices)
    }

    /// The level information and the row selection it was taken over.
    private static func collectSelecting(_ formula: Formula, table: Table, extraColumns: [String]) throws
        -> (levels: DesignLevels, selection: DesignBuilder.RowSelection) {
        var needed = [String]()
        for n in formula.sourceColumns + extraColumns where !needed.contains(n) { needed.append(n) }
        try DesignBuilder.requireColumns(needed, in: table)
        let selection = try DesignBuilder.selectRows(table, columns: needed)
        var categoricalNumbers = Set<String>()
        for factor in formula.factors { if case .categorical(let column, _) = factor { categoricalNumbers.insert(column) } }
        var columns = [String: ColumnLevels]()
        for name in needed {
            let formulaColumn = formula.sourceColumns.contains(name)
            switch try table.column(named: name) {
            case .numeric(let values):
                let numbers = formulaColumn && categoricalNumbers.contains(name)
                    ? Array(Set(selection.gather(values))).sorted() : nil
                columns[name] = ColumnLevels(kind: "numeric", levels: nil, numbers: numbers)
            case .categorical(let c):
                var present = [Bool](repeating: false, count: c.levels.count)
                if formulaColumn {
                    for r in selection.rowIndices where c.codes[r] >= 0 { present[Int(c.codes[r])] = true }
                }
                let levels = formulaColumn ? c.levels.indices.filter { present[$0] }.map { c.levels[$0] }.sorted(by: Self.byteOrder) : nil
                columns[name] = ColumnLevels(kind: "text", levels: levels, numbers: nil)
            }
        }
        let levels = DesignLevels(rowsRead: table.rowCount, rowsKept: selection.count, missingByColumn: selection.droppedByColumn, columns: columns)
        return (levels, selection)
    }

    static func byteOrder(_ a: String, _ b: String) -> Bool { Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)) }

    /// Adds `other` (the next block): counts add, level sets unite. A column's kind comes from blocks with
    /// kept rows; a column read as numbers in one block and as text in another is an error.
    package mutating func merge(_ other: DesignLevels) throws {
        let hadRows = rowsKept > 0
        rowsRead += other.rowsRead
        rowsKept += other.rowsKept
        for (name, count) in other.missingByColumn { missingByColumn[name, default: 0] += count }
        guard other.rowsKept > 0 else {
            if columns.isEmpty { columns = other.columns }
            return
        }
        guard hadRows else { columns = other.columns; return }
        for (name, theirs) in other.columns {
            guard var mine = columns[name] else { columns[name] = theirs; continue }
            if mine.kind != theirs.kind {
                throw TabularError.formula("the column '\(name)' reads as numbers in some rows and as text in others, so its kind cannot be decided block by block; read the whole file in memory, or clean the column")
            }
            if let a = mine.levels, let b = theirs.levels { mine.levels = Self.union(a, b, by: Self.byteOrder) }
            if let a = mine.numbers, let b = theirs.numbers { mine.numbers = Self.union(a, b, by: <) }
            if (mine.levels?.count ?? 0) > Self.maximumLevels || (mine.numbers?.count ?? 0) > Self.maximumLevels {
                throw TabularError.formula("the column '\(name)' has more than \(Self.maximumLevels) distinct levels")
            }
            columns[name] = mine
        }
    }

    private static func union<T: Equatable>(_ a: [T], _ b: [T], by less: (T, T) -> Bool) -> [T] {
        var out = [T]()
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && less(a[i], b[j])) { out.append(a[i]); i += 1 }
            else if i == a.count || less(b[j], a[i]) { out.append(b[j]); j += 1 }
            else { out.append(a[i]); i += 1; j += 1 }
        }
        return out
    }

    /// The encoding the design builder learns from a table with these levels: built on a small table in
    /// which every column cycles through its levels (numbers through their distinct values, other numeric
    /// columns hold 1), so the builder's own rules decide the levels, references and column layout.
    /// Returns the encoding and the builder's warnings.
    package func encoding(_ formula: Formula, extraColumns: [String]) throws -> (DesignEncoding, [String]) {
        guard rowsKept > 0 else {
            let detail = missingByColumn.sorted { $0.key < $1.key }.map { "'\($0.key)': \($0.value)" }.joined(separator: ", ")
            throw TabularError.formula("no rows left after dropping rows with missing values (missing per column: \(detail.isEmpty ? "none; the table is empty" : detail))")
        }
        let rows = max(1, columns.values.map { max($0.levels?.count ?? 0, $0.numbers?.count ?? 0) }.max() ?? 1)
        var names = [String](), built = [Column]()
        for name in columns.keys.sorted() {
            let info = columns[name]!
            names.append(name)
            if info.kind == "text" {
                let levels = (info.levels ?? []).isEmpty ? ["level"] : info.levels!
                let codes = (0..<rows).map { Int32($0 % levels.count) }
                built.append(.categorical(CategoricalColumn(levels: levels, codes: codes)))
            } else {
                let numbers = (info.numbers ?? []).isEmpty ? [1.0] : info.numbers!
                built.append(.numeric((0..<rows).map { numbers[$0 % numbers.count] }))
            }
        }
        let table = try Table(names: names, columns: built)
        let (encoding, design) = try DesignBuilder.fit(formula, on: table, extraColumns: extraColumns)
        return (encoding, design.warnings)
    }
}
