import CGlassboxSQLite
import Foundation
import GlassboxTabular

/// Writes a SQLite database for the tests through the C API (no sqlite3 tool needed).
enum SQLiteTestFile {
    struct Failure: Error, CustomStringConvertible { let description: String }

    /// Runs `sql` (any statements) on the database at `path`, creating it.
    static func execute(_ sql: String, at path: String) throws {
        var db: OpaquePointer?
        defer { sqlite3_close(db) }
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw Failure(description: "cannot create \(path)") }
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(db, sql, nil, nil, &message) == SQLITE_OK else {
            defer { sqlite3_free(message) }
            throw Failure(description: message.map { String(cString: $0) } ?? "sqlite3_exec failed")
        }
    }

    /// Creates table `name` with the CSV's columns as Glassbox reads them (numeric → REAL holding the
    /// exact double, categorical → TEXT, missing → NULL).
    static func load(csv path: String, into name: String, database: String) throws {
        let table = try CSVReader.read(path: path).table
        let columns = zip(table.columnNames, table.columns).map { name, column -> String in
            if case .numeric = column { return "\"\(name)\" REAL" }
            return "\"\(name)\" TEXT"
        }
        try execute("CREATE TABLE \"\(name)\" (\(columns.joined(separator: ", ")))", at: database)
        var db: OpaquePointer?
        defer { sqlite3_close(db) }
        guard sqlite3_open(database, &db) == SQLITE_OK else { throw Failure(description: "cannot open \(database)") }
        sqlite3_exec(db, "BEGIN", nil, nil, nil)
        var statement: OpaquePointer?
        let placeholders = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
        guard sqlite3_prepare_v2(db, "INSERT INTO \"\(name)\" VALUES (\(placeholders))", -1, &statement, nil) == SQLITE_OK else {
            throw Failure(description: String(cString: sqlite3_errmsg(db)))
        }
        defer { sqlite3_finalize(statement) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for row in 0..<table.rowCount {
            sqlite3_reset(statement)
            for (j, column) in table.columns.enumerated() {
                let slot = Int32(j + 1)
                switch column {
                case .numeric(let values):
                    if values[row].isNaN { sqlite3_bind_null(statement, slot) } else { sqlite3_bind_double(statement, slot, values[row]) }
                case .categorical(let c):
                    if c.codes[row] < 0 { sqlite3_bind_null(statement, slot) } else { sqlite3_bind_text(statement, slot, c.levels[Int(c.codes[row])], -1, transient) }
                }
            }
            guard sqlite3_step(statement) == SQLITE_DONE else { throw Failure(description: String(cString: sqlite3_errmsg(db))) }
        }
        sqlite3_exec(db, "COMMIT", nil, nil, nil)
    }
}
