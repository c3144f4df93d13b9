import Foundation
import GlassboxCore
@testable import GlassboxDatabase
import GlassboxTabular
import GlassboxTestSupport
import Testing

/// The library readers against a real PostgreSQL 15 server (``PostgreSQLTestServer``) and SQLite files.
@Suite("Database readers") struct DatabaseReaderTests {
    /// The shared server; records a skip note and returns nil when PostgreSQL is absent.
    static func server() -> PostgreSQLTestServer? {
        switch PostgreSQLTestServer.shared {
        case .success(let server): return server
        case .failure(let reason):
            print("skipping PostgreSQL test: \(reason)")
            return nil
        }
    }

    static let typedTable = """
        DROP TABLE IF EXISTS typed; CREATE TABLE typed (i integer, b bigint, s smallint, r real, d double precision,
          n numeric(10,3), flag boolean, day date, name varchar(10), code text, pad char(3), "a,b" text);
        INSERT INTO typed VALUES
          (1, 9007199254740993, 2, 0.1, 0.1, 1.250, true, '1970-01-02', 'Ann', '007', 'x', 'plain'),
          (NULL, -5, NULL, NULL, 1e300, NULL, false, '1969-12-31', NULL, '12', NULL, 'has "quotes", comma'),
          (3, 0, 4, 2.5, -0.0, -3.5, NULL, '2000-03-01', '', NULL, 'yz', E'two\\nlines')
        """

    @Test func postgresqlTypesComeFromTheServer() throws {
        guard let server = Self.server() else { return }
        try server.psql(Self.typedTable)
        let (result, source) = try DatabaseReader.read(location: server.url(), query: "SELECT * FROM typed ORDER BY b DESC;", table: nil)
        let t = result.table
        #expect(t.columnNames == ["i", "b", "s", "r", "d", "n", "flag", "day", "name", "code", "pad", "a,b"])
        guard case .numeric(let b) = try t.column(named: "b"), case .numeric(let r) = try t.column(named: "r"),
              case .numeric(let flag) = try t.column(named: "flag"), case .numeric(let day) = try t.column(named: "day"),
              case .numeric(let n) = try t.column(named: "n"), case .categorical(let code) = try t.column(named: "code"),
              case .categorical(let name) = try t.column(named: "name") else {
            Issue.record("unexpected column kinds: \(t.columns)"); return
        }
        #expect(b == [9007199254740992, 0, -5])   // 2^53 + 1 rounds to even, as strtod rounds it
        #expect(r[0] == 0.1 && r[1] == 2.5 && r[2].isNaN)   // a real is read from its shortest decimal, as a CSV export holds it
        #expect(flag[0] == 1 && flag[1].isNaN && flag[2] == 0)
        #expect(day == [1, 11017, -1])                                       // days since 1970-01-01
        #expect(n[0] == 1.25 && n[1] == -3.5 && n[2].isNaN)
        #expect(code.levels == ["007", "12"])                                // digits stay text
        #expect(name.codes[1] == -1)                                         // '' is a missing-value token
        #expect(source.kind == "postgresql" && source.query == "SELECT * FROM typed ORDER BY b DESC" && source.table == nil)
        #expect(source.serverVersion.hasPrefix("15") && source.rowEncoding == "copy-csv")
    }

    @Test func digestIsOfTheBytesCopyWrites() throws {
        guard let server = Self.server() else { return }
        try server.psql(Self.typedTable.replacingOccurrences(of: "typed", with: "typed_digest"))
        let query = "SELECT * FROM typed_digest ORDER BY b"
        let copied = try server.psql("COPY (\(query)) TO STDOUT WITH (FORMAT csv, HEADER)")
        let (result, _) = try DatabaseReader.read(location: server.url(), query: query, table: nil)
        #expect(result.sha256 == SHA256.hexDigest(of: Array(copied.utf8)))
        #expect(result.byteCount == copied.utf8.count)
    }

    @Test func cursorFallbackGivesTheSameTableAndDigest() throws {
        guard let server = Self.server() else { return }
        try server.psql(Self.typedTable.replacingOccurrences(of: "typed", with: "typed_cursor"))
        let query = "SELECT * FROM typed_cursor ORDER BY b"
        let copy = try DatabaseReader.read(location: server.url(), query: query, table: nil, options: CSVOptions(), copyAllowed: true)
        let cursor = try DatabaseReader.read(location: server.url(), query: query, table: nil, options: CSVOptions(), copyAllowed: false)
        #expect(cursor.result.table.columnNames == copy.result.table.columnNames)
        for (a, b) in zip(cursor.result.table.columns, copy.result.table.columns) {
            #expect(a.count == b.count)
            for i in 0..<a.count { #expect(a.text(at: i) == b.text(at: i)) }
        }
        #expect(cursor.result.sha256 == copy.result.sha256)
        #expect(cursor.source.rowEncoding == "canonical-csv")
    }

    @Test func tableNameIsAnIdentifierNotSQL() throws {
        guard let server = Self.server() else { return }
        try server.psql("DROP TABLE IF EXISTS \"odd \"\"name\"; CREATE TABLE \"odd \"\"name\" (x integer); INSERT INTO \"odd \"\"name\" VALUES (7)")
        let (result, source) = try DatabaseReader.read(location: server.url(), query: nil, table: "odd \"name")
        #expect(try result.table.column(named: "x") == .numeric([7]))
        #expect(source.table == "odd \"name")
        let commented = try DatabaseReader.read(location: server.url(), query: "SELECT 2 AS x -- a trailing comment", table: nil)
        #expect(try commented.result.table.column(named: "x") == .numeric([2]) && commented.source.rowEncoding == "copy-csv")
        #expect(throws: DatabaseError.self) {
            try DatabaseReader.read(location: server.url(), query: nil, table: "typed; DROP TABLE typed")
        }
    }

    @Test func postgresqlErrorsAreSpecific() throws {
        guard let server = Self.server() else { return }
        try server.psql("DROP TABLE IF EXISTS docs; CREATE TABLE docs (id integer, doc jsonb); INSERT INTO docs VALUES (1, '{}')")
        #expect(throws: DatabaseError.unsupportedColumnType(column: "doc", type: "jsonb")) {
            try DatabaseReader.read(location: server.url(), query: nil, table: "docs")
        }
        do {
            _ = try DatabaseReader.read(location: server.url(), query: "SELECT 1/0 AS x", table: nil)
            Issue.record("division by zero did not fail")
        } catch let error as DatabaseError {
            #expect(error.description.contains("division by zero") && !error.isUnavailable)
        }
        do {
            _ = try DatabaseReader.read(location: server.url(), query: "SELEC 1", table: nil)
            Issue.record("a syntax error did not fail")
        } catch let error as DatabaseError {
            #expect(error.description.contains("syntax error"))
        }
        #expect(throws: DatabaseError.emptyResult("the query returned no rows")) {
            try DatabaseReader.read(location: server.url(), query: "SELECT 1 AS x WHERE false", table: nil)
        }
        do {
            _ = try DatabaseReader.read(location: "postgresql:///glassbox?host=/nonexistent-socket-dir", query: "SELECT 1", table: nil)
            Issue.record("a missing server did not fail")
        } catch let error as DatabaseError {
            #expect(error.isUnavailable && error.description.hasPrefix("cannot connect to PostgreSQL"))
        }
    }

    @Test func locationsAndSelections() throws {
        #expect(throws: DatabaseError.passwordInLocation) {
            try DatabaseReader.read(location: "postgresql://user:hunter2@localhost/db", query: "SELECT 1", table: nil)
        }
        #expect(throws: DatabaseError.passwordInLocation) {
            try DatabaseReader.read(location: "postgres://localhost/db?sslmode=disable&password=hunter2", query: "SELECT 1", table: nil)
        }
        #expect(DatabaseError.passwordInLocation.description.contains("hunter2") == false)
        #expect(try DatabaseLocation("postgresql://user@host:5433/db") == .postgresql(url: "postgresql://user@host:5433/db"))
        #expect(try DatabaseLocation("sqlite:///tmp/a.db") == .sqlite(path: "/tmp/a.db"))
        #expect(try DatabaseLocation("data.csv") == nil)
        #expect(throws: DatabaseError.self) { try DatabaseLocation("sqlite:") }
        #expect(throws: DatabaseError.self) { try DatabaseSelection(query: nil, table: nil) }
        #expect(throws: DatabaseError.self) { try DatabaseSelection(query: "SELECT 1", table: "t") }
        #expect(try DatabaseSelection(query: "  SELECT 1 ;\n", table: nil) == .query("SELECT 1"))
        #expect(PostgreSQLRowSink.daysSinceEpoch("1970-01-01") == 0)
        #expect(PostgreSQLRowSink.daysSinceEpoch("2026-12-07") == 20794)
        #expect(PostgreSQLRowSink.daysSinceEpoch("0001-01-01") == -719162)
        #expect(PostgreSQLRowSink.daysSinceEpoch("infinity") == nil)
    }

    @Test func sqliteTypesAndErrors() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let path = dir.path("t.db")
        try SQLiteTestFile.execute("""
            CREATE TABLE t (y INTEGER, x REAL, g TEXT, code TEXT, mixed, blobby BLOB);
            INSERT INTO t VALUES (1, 0.5, 'a', '007', 1, NULL), (0, 1.5, 'b', '12', 'two', NULL),
                                 (1, NULL, 'a', 'NA', 3.5, NULL), (0, -1.0, '', '3', NULL, NULL);
            CREATE TABLE b (x BLOB); INSERT INTO b VALUES (x'00ff');
            """, at: path)
        let (result, source) = try DatabaseReader.read(location: "sqlite:" + path, query: nil, table: "t")
        let t = result.table
        #expect(try t.column(named: "y") == .numeric([1, 0, 1, 0]))
        guard case .categorical(let code) = try t.column(named: "code"), case .categorical(let mixed) = try t.column(named: "mixed"),
              case .categorical(let g) = try t.column(named: "g") else { Issue.record("kinds"); return }
        #expect(code.levels == ["007", "12", "3"] && code.codes[2] == -1)   // digits stay text, NA is missing
        #expect(mixed.levels == ["1", "3.5", "two"])
        #expect(g.codes[3] == -1)
        #expect(result.warnings == ["column 'mixed' holds both numbers and text; read as text (categorical)"])
        #expect(source.kind == "sqlite" && source.table == "t" && source.serverVersion.hasPrefix("SQLite 3"))
        let renamed = try DatabaseReader.read(location: "sqlite:" + path, query: "SELECT y AS a, x AS a, g AS \"\" FROM t", table: nil).result
        #expect(renamed.table.columnNames == ["a", "a.1", "Unnamed: 2"])
        #expect(renamed.warnings == ["duplicate column name 'a' renamed to 'a.1'", "column 3 has an empty name; named it 'Unnamed: 2'"])
        #expect(throws: DatabaseError.unsupportedColumnType(column: "x", type: "BLOB (row 1)")) {
            try DatabaseReader.read(location: "sqlite:" + path, query: nil, table: "b")
        }
        #expect(throws: DatabaseError.queryFailed("the statement would change the database; give a SELECT query")) {
            try DatabaseReader.read(location: "sqlite:" + path, query: "DELETE FROM t", table: nil)
        }
        #expect(throws: DatabaseError.queryFailed("give one SQL statement only")) {
            try DatabaseReader.read(location: "sqlite:" + path, query: "SELECT 1; DELETE FROM t", table: nil)
        }
        do {
            _ = try DatabaseReader.read(location: "sqlite:" + dir.path("missing.db"), query: "SELECT 1", table: nil)
            Issue.record("a missing file opened")
        } catch let error as DatabaseError { #expect(error.isUnavailable) }
        let notADatabase = try dir.write("plain.db", "just text, not a database, long enough to have a header......................................................")
        do {
            _ = try DatabaseReader.read(location: "sqlite:" + notADatabase, query: nil, table: "t")
            Issue.record("a text file opened as a database")
        } catch let error as DatabaseError { #expect(error.isUnavailable) }
    }
}
