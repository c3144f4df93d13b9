import CGlassboxSQLite
import GlassboxCore
import GlassboxTabular

/// Reads a query's rows from a SQLite file opened read-only (`SQLITE_OPEN_READONLY`), one row at a time.
///
/// **Types.** SQLite stores a type per value, not per column, so a column's type follows its values:
/// INTEGER and REAL values are numbers, TEXT values are text (a categorical level; a TEXT value of
/// digits stays text), NULL is missing, and a BLOB is refused naming the column. A TEXT value equal to
/// one of the missing-value tokens (`CSVOptions/missingTokens`, e.g. the empty
/// strings `sqlite3 .import` leaves) is missing, as it is in a CSV file. A column holding both numbers
/// and text is read as text, as the CSV reader reads such a column, with a warning naming it; its
/// numbers become their shortest text (an integral value without a decimal point).
enum SQLiteReader {
    static func read(path: String, selection: DatabaseSelection, options: CSVOptions) throws -> (CSVReadResult, Provenance.DatabaseQuery) {
        var handle: OpaquePointer?
        let opened = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, nil)
        defer { sqlite3_close_v2(handle) }
        guard opened == SQLITE_OK, let db = handle else {
            let reason = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(opened))
            throw DatabaseError.cannotOpen("cannot open the SQLite database '\(path)': \(reason)")
        }
        let sql = selection.sql
        var statement = try prepare(sql, in: db, path: path, selection: selection)
        defer { sqlite3_finalize(statement) }
        var columnCount = Int(sqlite3_column_count(statement))
        guard columnCount > 0 else { throw DatabaseError.emptyResult("the query returns no columns") }
        var rawNames = (0..<columnCount).map { String(cString: sqlite3_column_name(statement, Int32($0))) }
        // Only the wanted columns (DatabaseProjection): the statement is prepared again, selecting them.
        let projection = DatabaseProjection(resultNames: rawNames, wanted: options.columns)
        if projection.columns != nil {
            let projected = try prepare(projection.sql(selection), in: db, path: path, selection: selection)
            sqlite3_finalize(statement)
            statement = projected
            columnCount = Int(sqlite3_column_count(statement))
            rawNames = (0..<columnCount).map { String(cString: sqlite3_column_name(statement, Int32($0))) }
        }
        let (names, nameWarnings) = uniqueColumnNames(rawNames)
        var builders = names.map { DatabaseColumnBuilder(name: $0, text: false) }
        var hasher = CanonicalRowHasher()
        for name in rawNames { hasher.append(name) }
        hasher.endRow()
        var rows = 0
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else { throw DatabaseError.queryFailed(String(cString: sqlite3_errmsg(db))) }
            for j in 0..<columnCount {
                let c = Int32(j)
                switch sqlite3_column_type(statement, c) {
                case SQLITE_INTEGER:
                    let value = sqlite3_column_int64(statement, c)
                    hasher.appendPlain(String(value))
                    builders[j].append(number: Double(value))
                case SQLITE_FLOAT:
                    let value = sqlite3_column_double(statement, c)
                    hasher.appendPlain("\(value)")
                    guard value.isFinite || value.isNaN else {
                        throw DatabaseError.badValue(column: names[j], message: "row \(rows + 1) holds an infinite number")
                    }
                    if value.isNaN { builders[j].appendMissing() } else { builders[j].append(number: value) }
                case SQLITE_TEXT:
                    let count = Int(sqlite3_column_bytes(statement, c))
                    let text = sqlite3_column_text(statement, c).map { String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self) } ?? ""
                    hasher.append(text)
                    if options.missingTokens.contains(text) { builders[j].appendMissing() } else { builders[j].append(text: text) }
                case SQLITE_NULL:
                    hasher.appendNull()
                    builders[j].appendMissing()
                default:
                    throw DatabaseError.unsupportedColumnType(column: names[j], type: "BLOB (row \(rows + 1))")
                }
            }
            hasher.endRow()
            rows += 1
            try checkSize(rows: rows, columns: columnCount, options: options)
        }
        guard rows > 0 else { throw DatabaseError.emptyResult("the query returned no rows") }
        let warnings = nameWarnings + builders.filter(\.mixed).map {
            "column '\($0.name)' holds both numbers and text; read as text (categorical)"
        }
        let table = try Table(names: names, columns: builders.map { $0.finish() })
        var origin = Provenance.DatabaseQuery(kind: "sqlite", selection: selection,
                                               serverVersion: "SQLite " + String(cString: sqlite3_libversion()), rowEncoding: "canonical-csv")
        origin.columns = projection.columns
        return (CSVReadResult(table: table, warnings: warnings, sha256: hasher.finalizeHex(), byteCount: hasher.byteCount), origin)
    }
}

extension SQLiteReader {
    /// `sql` prepared on `db`: one read-only statement, else the database's message (naming a missing
    /// `selection` table).
    static func prepare(_ sql: String, in db: OpaquePointer, path: String, selection: DatabaseSelection) throws -> OpaquePointer {
        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let prepared = sql.withCString { sqlite3_prepare_v2(db, $0, -1, &statement, &tail) }
        guard prepared == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            let message = String(cString: sqlite3_errmsg(db))
            if prepared == SQLITE_NOTADB || prepared == SQLITE_CANTOPEN {
                throw DatabaseError.cannotOpen("cannot open the SQLite database '\(path)': \(message)")
            }
            if case let .table(name) = selection, message.hasPrefix("no such table") {
                throw DatabaseError.queryFailed("the SQLite database '\(path)' has no table '\(name)'")
            }
            throw DatabaseError.queryFailed(message)
        }
        if let tail, !String(cString: tail).allSatisfy({ $0.isWhitespace || $0 == ";" }) {
            sqlite3_finalize(statement)
            throw DatabaseError.queryFailed("give one SQL statement only")
        }
        guard sqlite3_stmt_readonly(statement) != 0 else {
            sqlite3_finalize(statement)
            throw DatabaseError.queryFailed("the statement would change the database; give a SELECT query")
        }
        return statement
    }
}

/// Stops once the rows read need more than `CSVOptions/maximumTableBytes` (8 bytes a field).
func checkSize(rows: Int, columns: Int, options: CSVOptions) throws {
    if let limit = options.maximumTableBytes, UInt64(rows) * UInt64(columns) * 8 > limit {
        throw DatabaseError.tooLarge("the query's rows need more than \(limit) bytes, more than \(options.maximumTableBytesSource) allows; select fewer rows or columns")
    }
}

extension Provenance.DatabaseQuery {
    init(kind: String, selection: DatabaseSelection, serverVersion: String, rowEncoding: String) {
        switch selection {
        case let .query(text): self.init(kind: kind, query: text, table: nil, serverVersion: serverVersion, rowEncoding: rowEncoding)
        case let .table(name): self.init(kind: kind, query: nil, table: name, serverVersion: serverVersion, rowEncoding: rowEncoding)
        }
    }
}
