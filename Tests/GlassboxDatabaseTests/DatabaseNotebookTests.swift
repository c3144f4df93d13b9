import Foundation
import GlassboxTestSupport
import Testing

/// `report --format ipynb` from a database: the notebook re-runs the recorded query (SQLite with Python's
/// sqlite3, PostgreSQL with psycopg), checks the rows' SHA-256 in Glassbox's canonical encoding (so the
/// Python re-implementation of `CanonicalRowHasher` agrees with it on awkward values) and re-checks the
/// model and the audit; changed rows stop it.
@Suite("Database notebooks", .serialized) struct DatabaseNotebookTests {
    static let python = NotebookPython.interpreter
    static let fixture = Repository.fixture("synthetic-logit.csv").path
    static let formula = "y ~ age + income + C(region) + C(party)"

    /// Trains on `data` and writes `r.ipynb` (model, importance, audit by party) into `dir`.
    static func notebook(_ data: [String], in dir: Scratch) throws {
        var r = try GlassboxProcess.run(["train", "logistic"] + data + ["--formula", formula, "--out", "m.json"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["report", "m.json"] + data + ["--group", "party", "--repeats", "2", "--bootstrap", "0",
                                                                  "--format", "ipynb", "--out", "r.ipynb"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
    }

    static func expectChecksHold(_ output: String, source: String) {
        for line in [source, "SHA-256 of the rows verified", "m.json: model file, SHA-256 verified",
                     "8 coefficients and standard errors (nonrobust) agree with statsmodels", "on 2972 rows agrees with scikit-learn",
                     "group rates and counts agree with fairlearn's MetricFrame"] {
            #expect(output.contains(line), "missing '\(line)' in:\n\(output)")
        }
    }

    @Test(.enabled(if: python != nil, "no Python with nbclient, nbformat and ipykernel"), .timeLimit(.minutes(5)))
    func sqliteNotebookRerunsTheQuery() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let db = dir.path("voters.db")
        try SQLiteTestFile.load(csv: Self.fixture, into: "voters", database: db)
        // Values the canonical encoding must write exactly as Glassbox does: reals in shortest form, quoted
        // texts, an empty text, `\.`, NULL, and a column mixing numbers and text.
        try SQLiteTestFile.execute("""
            CREATE TABLE awkward (k INTEGER PRIMARY KEY, v);
            INSERT INTO awkward (v) VALUES (0.1), (1e-7), (1e16), (-0.0), (1e300), (123456789012345678), ('a,"b"'), (''), ('\\.'),
              (NULL), ('two
            lines'), ('Zoë'), (2.5), ('NA');
            """, at: db)
        let query = "SELECT v.*, a.v AS odd FROM voters AS v LEFT JOIN awkward AS a ON a.k = (v.rowid % 20)"
        // The filter keeps every row but makes the command read `odd` (only the columns a command needs are read and hashed).
        try Self.notebook(["--data", "sqlite:voters.db", "--query", query, "--where", "not is_missing(odd) or y >= 0"], in: dir)
        #expect(try String(contentsOfFile: dir.path("m.json"), encoding: .utf8).contains("\"odd\""))
        let run = try NotebookPython.execute(Self.python!, notebook: dir.path("r.ipynb"), in: dir.url)
        #expect(run.status == 0, "\(run.output)")
        Self.expectChecksHold(run.output, source: "3000 rows from SQLite")
        #expect(run.output.contains("3000 of 3000 rows kept by the filters"), "\(run.output)")
        // Changed rows are refused before any number is re-checked.
        try SQLiteTestFile.execute("UPDATE awkward SET v = 0.1000000001 WHERE k = 1", at: db)
        let again = try NotebookPython.execute(Self.python!, notebook: dir.path("r.ipynb"), in: dir.url)
        #expect(again.status != 0 && again.output.contains("not the rows the report was made from"), "\(again.output)")
    }

    @Test(.enabled(if: python != nil, "no Python with nbclient, nbformat and ipykernel"), .timeLimit(.minutes(5)))
    func postgresqlNotebookRerunsTheQuery() throws {
        guard let server = DatabaseReaderTests.server() else { return }
        let dir = try Scratch()
        defer { dir.cleanup() }
        try server.load(csv: Self.fixture, into: "notebook_voters")
        try server.psql("DROP VIEW IF EXISTS notebook_typed; CREATE VIEW notebook_typed AS SELECT *, age > 50 AS older, DATE '1970-01-01' + age::integer AS day, income::numeric(12,4) AS exact FROM notebook_voters")
        // The filter keeps every row but makes the command read the boolean, date and numeric columns.
        try Self.notebook(["--data", server.url(), "--query", "SELECT * FROM notebook_typed",
                           "--where", "older >= 0 and day > -1 and (is_missing(exact) or exact > -1000000)"], in: dir)
        let notebook = try String(contentsOfFile: dir.path("r.ipynb"), encoding: .utf8)
        #expect(notebook.contains("postgresql://postgres@/glassbox") && !notebook.contains(PostgreSQLTestServer.analystPassword))
        let run = try NotebookPython.execute(Self.python!, notebook: dir.path("r.ipynb"), in: dir.url)
        #expect(run.status == 0, "\(run.output)")
        Self.expectChecksHold(run.output, source: "3000 rows from PostgreSQL 15.")
        #expect(run.output.contains("3000 of 3000 rows kept by the filters"), "\(run.output)")
        // Changed rows are refused.
        try server.psql("UPDATE notebook_voters SET income = income + 1 WHERE age = 33")
        let again = try NotebookPython.execute(Self.python!, notebook: dir.path("r.ipynb"), in: dir.url)
        #expect(again.status != 0 && again.output.contains("not the rows the report was made from"), "\(again.output)")
        // An unreachable server: the notebook says which checks it skipped.
        try server.psql("DROP VIEW notebook_typed; DROP TABLE notebook_voters")
        let moved = notebook.replacingOccurrences(of: "host=" + server.directory, with: "host=/nonexistent-glassbox-socket")
        try moved.write(toFile: dir.path("moved.ipynb"), atomically: true, encoding: .utf8)
        let unreachable = try NotebookPython.execute(Self.python!, notebook: dir.path("moved.ipynb"), in: dir.url)
        #expect(unreachable.status != 0 && unreachable.output.contains("skipped the SHA-256 check of the rows and every re-check"), "\(unreachable.output)")
    }

    /// A table and column names that carry Python reach the notebook only as escaped literals (the query
    /// is data in `CONTEXT`, the names are data in the design): the notebook runs its checks, and nothing
    /// it says is executed.
    @Test(.enabled(if: python != nil, "no Python with nbclient, nbformat and ipykernel"), .timeLimit(.minutes(5)))
    func hostileNamesStayData() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let payload = "__import__('os').system('touch PWNED')"
        let table = "t\"\"\"); \(payload) #\\'''"
        let column = "x'); \(payload) #\"\"\"\\"
        func identifier(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var sql = "CREATE TABLE \(identifier(table)) (y REAL, \(identifier(column)) REAL);\n"
        for i in 0..<300 {
            let x = Double(i % 17) / 4 - 2
            let y = (i * 7919) % 100 < Int(100 / (1 + exp(-x))) ? 1 : 0
            sql += "INSERT INTO \(identifier(table)) VALUES (\(y), \(x));\n"
        }
        try SQLiteTestFile.execute(sql, at: dir.path("h.db"))
        let quoted = column.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        var r = try GlassboxProcess.run(["train", "logistic", "--data", "sqlite:h.db", "--table", table, "--formula", "y ~ Q(\"\(quoted)\")",
                                         "--out", "m.json"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["report", "m.json", "--data", "sqlite:h.db", "--table", table, "--repeats", "2", "--format", "ipynb", "--out", "r.ipynb"],
                                    in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        let run = try NotebookPython.execute(Self.python!, notebook: dir.path("r.ipynb"), in: dir.url)
        #expect(run.status == 0 && run.output.contains("300 rows from SQLite") && run.output.contains("2 coefficients and standard errors"), "\(run.output)")
        #expect(!FileManager.default.fileExists(atPath: dir.path("PWNED")))
    }
}
