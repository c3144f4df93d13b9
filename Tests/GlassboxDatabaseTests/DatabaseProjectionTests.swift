import Foundation
import GlassboxCore
@testable import GlassboxDatabase
import GlassboxTabular
import GlassboxTestSupport
import Testing

/// Database reads of only the columns a command needs: the database is sent a query selecting them (one
/// quoting function for every identifier), the manifest records the user's query and the columns read,
/// the digest is of the rows as read, and a column of a type Glassbox cannot read fails only a command
/// that uses it.
@Suite("Database column projection", .serialized) struct DatabaseProjectionTests {
    static let environment = ["SOURCE_DATE_EPOCH": "0", "GLASSBOX_PROGRESS": "never"]

    @Test func projectionSQLQuotesEveryName() {
        let p = DatabaseProjection(resultNames: ["y", "we\"ird", "x", "blob"], wanted: ["x", "we\"ird", "absent"])
        #expect(p.indices == [1, 2] && p.columns == ["we\"ird", "x"])
        #expect(p.sql(.query("SELECT * FROM t -- all")) == "SELECT \"we\"\"ird\", \"x\" FROM (SELECT * FROM t -- all\n) AS glassbox_source")
        #expect(p.sql(.table("my \"t\"")) == "SELECT \"we\"\"ird\", \"x\" FROM \"my \"\"t\"\"\"")
        // Read whole: no columns asked, all of them asked, none of them present, or a repeated name.
        for (names, wanted) in [(["a", "b"], nil), (["a", "b"], ["a", "b", "c"]), (["a", "b"], ["c"]), (["a", "a", "b"], ["b"])] as [([String], Set<String>?)] {
            let whole = DatabaseProjection(resultNames: names, wanted: wanted)
            #expect(whole.columns == nil && whole.indices == Array(names.indices) && whole.sql(.query("Q")) == "Q")
        }
    }

    @Test func sqliteReadsOnlyTheWantedColumnsAndHashesThem() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let db = dir.path("t.db")
        try SQLiteTestFile.execute(#"""
            CREATE TABLE t (y INTEGER, x REAL, photo BLOB, "a ""q""" TEXT);
            INSERT INTO t VALUES (1, 0.5, x'00ff', 'p,q'), (0, 1.5, NULL, 'r'), (1, -2.25, x'01', NULL);
            """#, at: db)
        var options = CSVOptions()
        #expect(throws: DatabaseError.unsupportedColumnType(column: "photo", type: "BLOB (row 1)")) {
            _ = try DatabaseReader.read(location: "sqlite:" + db, query: "SELECT * FROM t", table: nil, options: options)
        }
        options.columns = ["a \"q\"", "y"]
        let (projected, source) = try DatabaseReader.read(location: "sqlite:" + db, query: "SELECT * FROM t;", table: nil, options: options)
        #expect(projected.table.columnNames == ["y", "a \"q\""])
        #expect(source.query == "SELECT * FROM t" && source.columns == ["y", "a \"q\""])
        // The digest is of the rows as read: the same as a query selecting just those columns.
        let (direct, directSource) = try DatabaseReader.read(location: "sqlite:" + db, query: "SELECT y, \"a \"\"q\"\"\" FROM t", table: nil)
        #expect(projected.sha256 == direct.sha256 && directSource.columns == nil)
        let (fromTable, tableSource) = try DatabaseReader.read(location: "sqlite:" + db, query: nil, table: "t", options: options)
        #expect(fromTable.sha256 == direct.sha256 && tableSource.table == "t" && tableSource.columns == ["y", "a \"q\""])
    }

    @Test func postgresqlUnusableColumnFailsOnlyTheCommandThatUsesIt() throws {
        guard let server = DatabaseReaderTests.server() else { return }
        let dir = try Scratch()
        defer { dir.cleanup() }
        try server.psql("DROP TABLE IF EXISTS projected; CREATE TABLE projected AS SELECT g % 2 AS y, (g % 7)::float8 AS x, now() AS stamp, "
                        + "jsonb_build_object('g', g) AS doc FROM generate_series(1, 60) g")
        let query = "SELECT * FROM projected"
        var options = CSVOptions()
        options.columns = ["y", "x"]
        let (projected, source) = try DatabaseReader.read(location: server.url(), query: query, table: nil, options: options)
        #expect(projected.table.columnNames == ["y", "x"] && source.columns == ["y", "x"] && source.rowEncoding == "copy-csv")
        let copied = try server.psql("COPY (SELECT y, x FROM projected) TO STDOUT WITH (FORMAT csv, HEADER)")
        #expect(projected.sha256 == SHA256.hexDigest(of: Array(copied.utf8)))
        let (cursor, cursorSource) = try DatabaseReader.read(location: server.url(), query: query, table: nil, options: options, copyAllowed: false)
        #expect(cursor.sha256 == projected.sha256 && cursorSource.rowEncoding == "canonical-csv")

        // End to end: a model of y and x trains although the query also returns a timestamp and a jsonb column.
        let model = dir.path("m.json")
        var r = try GlassboxProcess.run(["train", "logistic", "--data", server.url(), "--query", query, "--formula", "y ~ x", "--out", model],
                                        environment: Self.environment)
        #expect(r.status == 0, "\(r.stderr)")
        let written = try String(contentsOfFile: model, encoding: .utf8)
        #expect(written.contains("\"query\" : \"SELECT * FROM projected\"") && written.contains("\"columns\" : ["), "\(written)")
        // A command that uses the column still gets the specific error, and so does describe, which reads every column.
        r = try GlassboxProcess.run(["train", "logistic", "--data", server.url(), "--query", query, "--formula", "y ~ x + stamp",
                                     "--out", dir.path("m2.json")], environment: Self.environment)
        #expect(r.status == 65 && r.stderr.contains("column 'stamp' has type timestamp with time zone") && !dir.exists("m2.json"), "\(r.stderr)")
        r = try GlassboxProcess.run(["describe", "--data", server.url(), "--query", query], environment: Self.environment)
        #expect(r.status == 65 && r.stderr.contains("has type timestamp with time zone"), "\(r.stderr)")
        // A missing column is reported as without the projection (the whole result is read again).
        r = try GlassboxProcess.run(["train", "logistic", "--data", server.url(), "--query", "SELECT y, x FROM projected", "--formula", "y ~ x + nope",
                                     "--out", dir.path("m3.json")], environment: Self.environment)
        #expect(r.status != 0 && r.stderr.contains("nope") && r.stderr.contains("columns are: 'y', 'x'"), "\(r.stderr)")
        // A --derive name the result already has is refused, as on a whole read.
        r = try GlassboxProcess.run(["train", "logistic", "--data", server.url(), "--query", "SELECT y, x FROM projected", "--formula", "y ~ z",
                                     "--derive", "z = x * 2", "--derive", "x = 1", "--out", dir.path("m4.json")], environment: Self.environment)
        #expect(r.status != 0 && r.stderr.contains("'x'"), "\(r.stderr)")
    }
}
