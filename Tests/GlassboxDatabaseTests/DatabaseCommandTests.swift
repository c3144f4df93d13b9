import Foundation
import GlassboxTestSupport
import Testing

/// `--data sqlite:…|postgresql://…` end to end: the same data read from a CSV file, a PostgreSQL table or
/// query, and a SQLite table give byte-identical outputs apart from the manifest (coefficients to the
/// last bit); errors exit 64/65/66 with a specific message and no output file; a password never leaks.
@Suite("Database commands", .serialized) struct DatabaseCommandTests {
    static let environment = ["SOURCE_DATE_EPOCH": "0", "GLASSBOX_PROGRESS": "never"]

    /// A JSON output without its `"manifest"` object (the only part that names the data source).
    static func withoutManifest(_ path: String) throws -> String {
        var kept: [Substring] = []
        var skipping = false
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  \"manifest\"") && line.hasSuffix("{") { skipping = true; continue }
            if skipping { if line == "  }," || line == "  }" { skipping = false }; continue }
            kept.append(line)
        }
        return kept.joined(separator: "\n")
    }

    /// Runs `arguments` once per source (`--data` plus the source's own flags, `{}` replaced in `--out`).
    static func outputs(_ sources: [(name: String, data: [String])], dir: Scratch,
                        _ arguments: (_ data: [String], _ out: String) -> [String], environment: [String: String] = [:]) throws -> [String] {
        try sources.map { source in
            let out = dir.path("\(source.name)-\(UUID().uuidString.prefix(8)).out")
            let r = try GlassboxProcess.run(arguments(source.data, out), environment: Self.environment.merging(environment) { $1 })
            #expect(r.status == 0, "\(source.name): \(r.stderr)")
            return out
        }
    }

    @Test func simulatedVoterFileGivesIdenticalOutputsFromEverySource() throws {
        guard let server = DatabaseReaderTests.server() else { return }
        let dir = try Scratch()
        defer { dir.cleanup() }
        let csv = dir.path("voters.csv")
        #expect(try GlassboxProcess.run(["simulate", "--rows", "20000", "--seed", "15", "--out", csv, "--quiet"]).status == 0)
        try server.load(csv: csv, into: "voters")
        let sqlite = dir.path("voters.db")
        try SQLiteTestFile.load(csv: csv, into: "voters", database: sqlite)
        let sources: [(name: String, data: [String])] = [
            ("csv", ["--data", csv]),
            ("postgresql-table", ["--data", server.url(), "--table", "voters"]),
            ("postgresql-query", ["--data", server.url(), "--query", "SELECT * FROM voters"]),
            ("sqlite", ["--data", "sqlite:" + sqlite, "--table", "voters"]),
        ]
        let formula = "voted_2024 ~ age + C(race) + female + voted_2020 + income"
        let models = try Self.outputs(sources, dir: dir) { ["train", "logistic"] + $0 + ["--formula", formula, "--out", $1] }
        let reference = try Self.withoutManifest(models[0])
        #expect(reference.contains("\"estimate\""))
        for (model, source) in zip(models, sources).dropFirst() {
            #expect(try Self.withoutManifest(model) == reference, "\(source.name) model differs from the CSV one")
        }
        let manifest = try String(contentsOfFile: models[2], encoding: .utf8)
        #expect(manifest.contains("\"kind\" : \"postgresql\"") && manifest.contains("\"query\" : \"SELECT * FROM voters\"")
                && manifest.contains("\"serverVersion\" : \"15.") && manifest.contains("\"rowEncoding\" : \"copy-csv\""))
        #expect(!(try String(contentsOfFile: models[0], encoding: .utf8)).contains("\"database\""))   // a file's manifest is unchanged

        let scores = try Self.outputs(sources, dir: dir) { ["score", models[0]] + $0 + ["--out", $1] }
        let scoreBytes = try scores.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        for (bytes, source) in zip(scoreBytes, sources).dropFirst() { #expect(bytes == scoreBytes[0], "\(source.name) scores differ") }

        let audits = try Self.outputs(sources, dir: dir) {
            ["audit"] + $0 + ["--score", "vendor_turnout_score", "--outcome", "voted_2024", "--group", "race", "--bootstrap", "0", "--out", $1]
        }
        let auditReference = try Self.withoutManifest(audits[0])
        #expect(try String(contentsOfFile: audits[3], encoding: .utf8).contains("\"kind\": \"sqlite\""))
        for (audit, source) in zip(audits, sources).dropFirst() {
            #expect(try Self.withoutManifest(audit) == auditReference, "\(source.name) audit differs")
        }
    }

    /// Issue 15's "same coefficients to the last bit" across the three kinds of source: one data set as a
    /// CSV, as a Stata file and as a PostgreSQL query (the server loads the CSV with COPY).
    @Test func sameModelFromCSVStataAndPostgreSQL() throws {
        guard let server = DatabaseReaderTests.server() else { return }
        let dir = try Scratch()
        defer { dir.cleanup() }
        let csv = Repository.fixture("synthetic-logit.csv").path
        try server.load(csv: csv, into: "synthetic_logit")
        let sources: [(name: String, data: [String])] = [
            ("csv", ["--data", csv]),
            ("stata", ["--data", Repository.fixture("statfiles/synthetic-logit.dta").path]),
            ("postgresql-query", ["--data", server.url(), "--query", "SELECT * FROM synthetic_logit"]),
        ]
        let formula = "y ~ age + income + x1 + female + C(region) + C(party, ref=\"REP\")"
        let models = try Self.outputs(sources, dir: dir) { ["train", "logistic"] + $0 + ["--formula", formula, "--out", $1] }
        let reference = try Self.withoutManifest(models[0])
        #expect(reference.contains("\"estimate\""))
        for (model, source) in zip(models, sources).dropFirst() {
            #expect(try Self.withoutManifest(model) == reference, "\(source.name) model differs from the CSV one")
        }
    }

    /// The COMPAS-shaped fixture through PostgreSQL with the tutorial's --derive/--where: the same model as
    /// from the CSV, and the filters recorded beside the database record.
    @Test func rowFiltersApplyToDatabaseReads() throws {
        guard let server = DatabaseReaderTests.server() else { return }
        let dir = try Scratch()
        defer { dir.cleanup() }
        let csv = Repository.fixture("compas/compas-like.csv").path
        // The fixture repeats two column names; the server's table takes the renamed header the CSV reader gives.
        let renamed = dir.path("compas.csv")
        try Self.writeRenamedHeader(csv, to: renamed)
        try server.load(csv: renamed, into: "compas")
        let preparation = ["--derive", "high = score_text != \"Low\"", "--where", "days_b_screening_arrest <= 30",
                           "--where", "days_b_screening_arrest >= -30", "--where", "is_recid != -1", "--where", "c_charge_degree != \"O\""]
        let sources: [(name: String, data: [String])] = [
            ("csv", ["--data", renamed]),
            ("postgresql-table", ["--data", server.url(), "--table", "compas"]),
        ]
        let models = try Self.outputs(sources, dir: dir) {
            ["train", "logistic"] + $0 + preparation + ["--formula", "high ~ priors_count + C(race) + C(sex)", "--out", $1]
        }
        #expect(try Self.withoutManifest(models[1]) == Self.withoutManifest(models[0]))
        let manifest = try String(contentsOfFile: models[1], encoding: .utf8)
        #expect(manifest.contains("\"filters\"") && manifest.contains("\"derivedColumns\"") && manifest.contains("\"kind\" : \"postgresql\""))
    }

    /// Copies a CSV, giving repeated header names the `.1` suffix the CSV reader gives them.
    static func writeRenamedHeader(_ path: String, to out: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let newline = text.firstIndex(of: "\n") else { return }
        var seen = Set<String>()
        let header = text[..<newline].split(separator: ",", omittingEmptySubsequences: false).map { field -> String in
            var name = String(field)
            while seen.contains(name) { name += ".1" }
            seen.insert(name)
            return name
        }
        try (header.joined(separator: ",") + text[newline...]).write(toFile: out, atomically: true, encoding: .utf8)
    }

    @Test func reportsExplanationsAndOtherModelsMatchAndRecordTheDatabase() throws {
        guard let server = DatabaseReaderTests.server() else { return }
        let dir = try Scratch()
        defer { dir.cleanup() }
        let csv = dir.path("voters.csv")
        #expect(try GlassboxProcess.run(["simulate", "--rows", "5000", "--seed", "16", "--out", csv, "--quiet"]).status == 0)
        try server.load(csv: csv, into: "voters_report")
        let sources: [(name: String, data: [String])] = [("csv", ["--data", csv]), ("postgresql", ["--data", server.url(), "--table", "voters_report"])]
        let reports = try Self.outputs(sources, dir: dir) {
            ["report", "--score", "vendor_turnout_score", "--outcome", "voted_2024", "--group", "race", "--bootstrap", "0",
             "--format", "json"] + $0 + ["--out", $1]
        }
        #expect(try Self.withoutManifest(reports[1]) == Self.withoutManifest(reports[0]))
        #expect(try String(contentsOfFile: reports[1], encoding: .utf8).contains("\"table\": \"voters_report\""))
        #expect(!(try String(contentsOfFile: reports[0], encoding: .utf8)).contains("\"database\""))
        let lookalikes = try Self.outputs(sources, dir: dir) {
            ["train", "lookalike"] + $0 + ["--formula", "~ age + income + C(party)", "--seed", "donor", "--method", "logistic", "--out", $1]
        }
        #expect(try Self.withoutManifest(lookalikes[1]) == Self.withoutManifest(lookalikes[0]))
        #expect(try String(contentsOfFile: lookalikes[1], encoding: .utf8).contains("\"kind\" : \"postgresql\""))

        // Uplift training and evaluation, and explain: identical apart from the manifest, which records the query.
        let uplifts = try Self.outputs(sources, dir: dir) {
            ["train", "uplift"] + $0 + ["--formula", "voted_2024 ~ age + voted_2020", "--treatment", "canvassed",
                                        "--treated", "1", "--control", "0", "--out", $1]
        }
        let logistic = try Self.outputs([sources[0]], dir: dir) { ["train", "logistic"] + $0 + ["--formula", "voted_2024 ~ age + C(race)", "--out", $1] }[0]
        for command in [["evaluate", "uplift", uplifts[0]], ["explain", logistic, "--repeats", "2"]] {
            let outputs = try Self.outputs(sources, dir: dir) { command + $0 + ["--out", $1] }
            #expect(try Self.withoutManifest(outputs[1]) == Self.withoutManifest(outputs[0]), "\(command[0]) differs")
            #expect(try String(contentsOfFile: outputs[1], encoding: .utf8).contains("\"database\""))
        }
        #expect(try Self.withoutManifest(uplifts[1]) == Self.withoutManifest(uplifts[0]))
    }

    @Test func socialPressureModelIsTheSameFromPostgreSQL() throws {
        guard let server = DatabaseReaderTests.server() else { return }
        let csv = Repository.sharedDataDirectory + "/social-pressure.csv"
        guard FileManager.default.fileExists(atPath: csv) else {
            print("skipping: \(csv) is absent")
            return
        }
        try server.load(csv: csv, into: "social")
        let dir = try Scratch()
        defer { dir.cleanup() }
        let formula = "primary2006 ~ C(messages, ref=\"Control\") + primary2004 + hhsize + C(sex)"
        let models = try Self.outputs([("csv", ["--data", csv]), ("postgresql", ["--data", server.url(), "--table", "social"])], dir: dir) {
            ["train", "logistic"] + $0 + ["--formula", formula, "--out", $1]
        }
        #expect(try Self.withoutManifest(models[1]) == Self.withoutManifest(models[0]))
    }

    @Test func passwordNeverAppears() throws {
        guard let server = DatabaseReaderTests.server() else { return }
        try server.psql("DROP TABLE IF EXISTS small; CREATE TABLE small (y integer, x double precision); "
                        + "INSERT INTO small SELECT g % 2, g / 7.0 + (g % 3) FROM generate_series(1, 200) g")
        let dir = try Scratch()
        defer { dir.cleanup() }
        let password = PostgreSQLTestServer.analystPassword
        let url = server.url(user: "analyst")
        let out = dir.path("model.json")
        let good = try GlassboxProcess.run(["train", "logistic", "--data", url, "--table", "small", "--formula", "y ~ x", "--out", out],
                                           environment: Self.environment.merging(["PGPASSWORD": password]) { $1 })
        #expect(good.status == 0, "\(good.stderr)")
        let model = try String(contentsOfFile: out, encoding: .utf8)
        #expect(model.contains("\"table\" : \"small\""))
        for text in [good.stdout, good.stderr, model] { #expect(!text.contains(password)) }

        let wrong = try GlassboxProcess.run(["describe", "--data", url, "--table", "small"],
                                            environment: Self.environment.merging(["PGPASSWORD": password + "-wrong"]) { $1 })
        #expect(wrong.status == 66 && wrong.stderr.contains("password authentication failed"), "\(wrong.stderr)")
        #expect(!(wrong.stdout + wrong.stderr).contains(password))

        let inURL = url.replacingOccurrences(of: "analyst@", with: "analyst:\(password)@")
        let refused = try GlassboxProcess.run(["train", "logistic", "--data", inURL, "--table", "small", "--formula", "y ~ x",
                                               "--out", dir.path("refused.json")], environment: Self.environment)
        #expect(refused.status == 64 && refused.stderr.contains("contains a password"))
        #expect(!(refused.stdout + refused.stderr).contains(password))
        #expect(!dir.exists("refused.json"))
    }

    @Test(arguments: [
        (["--table", "small_errors", "--query", "SELECT 1"], Int32(64), "exactly one of --query and --table"),
        ([], Int32(64), "exactly one of --query and --table"),
        (["--query", "SELECT x / 0 AS y, x FROM small_errors"], Int32(65), "division by zero"),
        (["--query", "SELECT * FROM no_such_table"], Int32(65), "relation \"no_such_table\" does not exist"),
        (["--query", "SELECT y, now() AS x FROM small_errors"], Int32(65), "column 'x' has type timestamp with time zone"),
    ])
    func postgresqlErrors(extra: [String], status: Int32, message: String) throws {
        guard let server = DatabaseReaderTests.server() else { return }
        try server.psql("CREATE TABLE IF NOT EXISTS small_errors AS SELECT g % 2 AS y, g::float8 AS x FROM generate_series(1, 50) g")
        let dir = try Scratch()
        defer { dir.cleanup() }
        let r = try GlassboxProcess.run(["train", "logistic", "--data", server.url()] + extra
                                        + ["--formula", "y ~ x", "--out", dir.path("m.json")], environment: Self.environment)
        #expect(r.status == status && r.stderr.contains(message), "\(r.status): \(r.stderr)")
        #expect(!dir.exists("m.json"))
    }

    @Test func unreachableServerAndMissingFileExit66() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        for data in ["postgresql:///glassbox?host=/nonexistent-socket-dir", "sqlite:" + dir.path("missing.db")] {
            let r = try GlassboxProcess.run(["train", "logistic", "--data", data, "--query", "SELECT 1 AS y", "--formula", "y ~ 1",
                                             "--out", dir.path("m.json")], environment: Self.environment)
            #expect(r.status == 66 && r.stderr.hasPrefix("error: cannot "), "\(data): \(r.stderr)")
            #expect(!dir.exists("m.json"))
        }
        let notebook = try GlassboxProcess.run(["report", "--score", "s", "--outcome", "y", "--group", "g", "--data", "sqlite:" + dir.path("x.db"),
                                                "--table", "t", "--format", "ipynb", "--out", dir.path("r.ipynb")], environment: Self.environment)
        // A notebook is made from a database too (DatabaseNotebookTests), so a missing database is the error here.
        #expect(notebook.status == 66 && notebook.stderr.contains("cannot open the SQLite database") && !dir.exists("r.ipynb"))
        let csv = try dir.write("d.csv", "y,x\n1,2\n0,3\n")
        let r = try GlassboxProcess.run(["describe", "--data", csv, "--table", "t"], environment: Self.environment)
        #expect(r.status == 64 && r.stderr.contains("apply to a database --data"))
    }

    /// A shareable Markdown audit read from a database says so: kind, version, table and what the SHA-256 digests.
    @Test func markdownManifestNamesTheDatabase() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let csv = dir.path("voters.csv")
        #expect(try GlassboxProcess.run(["simulate", "--rows", "2000", "--seed", "3", "--out", csv, "--quiet"]).status == 0)
        let sqlite = dir.path("voters.db")
        try SQLiteTestFile.load(csv: csv, into: "voters", database: sqlite)
        let r = try GlassboxProcess.run(["audit", "--data", "sqlite:" + sqlite, "--table", "voters", "--score", "vendor_turnout_score",
                                         "--outcome", "voted_2024", "--group", "race", "--bootstrap", "0", "--format", "markdown"],
                                        environment: Self.environment)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("database: table voters on sqlite (server version SQLite 3.") && r.stdout.contains("; SHA-256 of the rows as canonical-csv"), "\(r.stdout)")
    }

}
