/// A table of named, typed columns of equal length (a data frame).
public struct Table: Sendable, Equatable {
    /// Column names in file order (unique: duplicates are renamed when read).
    public private(set) var columnNames: [String]
    /// Columns, parallel to `columnNames`.
    public private(set) var columns: [Column]
    /// Number of rows.
    public private(set) var rowCount: Int
    /// Position of each name in ``columnNames``, so that appending and looking up a column are
    /// O(1) rather than a scan of the names (a 200,000-column file made `describe` quadratic).
    private var indexByName: [String: Int] = [:]

    /// An empty table with `rowCount` rows and no columns.
    public init(rowCount: Int = 0) {
        columnNames = []
        columns = []
        self.rowCount = rowCount
    }

    /// A table from names and columns.
    public init(names: [String], columns: [Column]) throws {
        precondition(names.count == columns.count, "names and columns differ in count")
        self.init(rowCount: columns.first?.count ?? 0)
        for (name, column) in zip(names, columns) { try append(name: name, column: column) }
    }

    /// Adds a column; its length must equal `rowCount` (unless the table has no columns yet).
    public mutating func append(name: String, column: Column) throws {
        if indexByName[name] != nil { throw TabularError.duplicateColumn(name) }
        if columns.isEmpty && columnNames.isEmpty { rowCount = column.count }
        guard column.count == rowCount else {
            throw TabularError.columnLengthMismatch(name: name, expected: rowCount, actual: column.count)
        }
        indexByName[name] = columnNames.count
        columnNames.append(name)
        columns.append(column)
    }

    /// Whether a column of that name exists.
    public func hasColumn(_ name: String) -> Bool { indexByName[name] != nil }

    /// The position of the column named `name` in ``columnNames``, if any.
    public func index(ofColumn name: String) -> Int? { indexByName[name] }

    /// The column named `name`, or ``TabularError/unknownColumn(_:available:)``.
    public func column(named name: String) throws -> Column {
        guard let i = indexByName[name] else {
            throw TabularError.unknownColumn(name, available: columnNames)
        }
        return columns[i]
    }
}
