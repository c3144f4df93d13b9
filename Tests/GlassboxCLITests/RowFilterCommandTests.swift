import Foundation
import Testing
import GlassboxTestSupport

/// `--where` and `--derive` on the commands that read `--data` (issue 15): the stderr summary, the
/// recorded filters in model files and reports, exit 65 with no output for a bad expression, and the
/// COMPAS tutorial's commands (docs/tutorials/compas.md) on the synthetic COMPAS-shaped fixture.
@Suite("--where and --derive", .serialized)
struct RowFilterCommandTests {
    static let compas = Repository.fixture("compas/compas-like.csv").path
    /// ProPublica's filters (docs/tutorials/compas.md).
    static let propublicaFilters = ["--where", "days_b_screening_arrest <= 30 and days_b_screening_arrest >= -30",
                                    "--where", "is_recid != -1", "--where", "c_charge_degree != \"O\"", "--where", "score_text != \"N/A\""]
    static let high = ["--derive", "high = score_text != \"Low\""]
    static let formula = "high ~ C(sex, ref=\"Male\") + age_cat + C(race, ref=\"Caucasian\") + priors_count + c_charge_degree + two_year_recid"

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("train logistic: ProPublica's model on the fixture matches statsmodels; filters recorded in the model file")
    func trainLogisticOnCompasShape() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let model = dir.path("model.json")
        let r = try GlassboxProcess.run(["train", "logistic", "--data", Self.compas, "--formula", Self.formula, "--out", model]
                                        + Self.high + Self.propublicaFilters)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("note: 431 of 600 rows kept by --where 'days_b_screening_arrest <= 30 and days_b_screening_arrest >= -30' and 'is_recid != -1' and 'c_charge_degree != \"O\"' and 'score_text != \"N/A\"' (23 dropped for a missing value)"), "\(r.stderr)")
        let file = try json(try String(contentsOfFile: model, encoding: .utf8))
        let data = try #require((file["manifest"] as? [String: Any])?["data"] as? [String: Any])
        #expect(data["derivedColumns"] as? [String] == ["high = score_text != \"Low\""])
        #expect(data["filters"] as? [String] == ["days_b_screening_arrest <= 30 and days_b_screening_arrest >= -30", "is_recid != -1",
                                                 "c_charge_degree != \"O\"", "score_text != \"N/A\""])
        #expect(data["rowsRead"] as? Int == 431)
        let inspect = try GlassboxProcess.run(["inspect", model, "--format", "json"])
        let coefficients = try #require(try json(inspect.stdout)["coefficients"] as? [[String: Any]])
        var estimate = [String: Double]()
        for c in coefficients { estimate[c["term"] as! String] = c["estimate"] as? Double }
        // statsmodels' Logit on the same rows (pandas filters as ProPublica's R code), to 1e-6.
        let expected: [String: Double] = [
            "(Intercept)": -1.378634, "sex[Female]": 0.513096, "age_cat[Greater than 45]": -1.066859,
            "age_cat[Less than 25]": 1.356983, "race[African-American]": 0.090436,
            "race[Asian]": -1.293417, "race[Hispanic]": -1.039923,
            "race[Native American]": 0.576989, "race[Other]": -1.276466,
            "c_charge_degree[M]": -0.778852, "priors_count": 0.254141, "two_year_recid": 0.848576,
        ]
        for (term, value) in expected {
            let got = try #require(estimate[term], "no term \(term) in \(estimate.keys.sorted())")
            #expect(abs(got - value) < 1e-6, "\(term): \(got) vs \(value)")
        }
        let text = try GlassboxProcess.run(["inspect", model])
        #expect(text.stdout.contains("Row filters (all hold): days_b_screening_arrest <= 30"), "\(text.stdout)")
    }

    @Test("audit: ProPublica's FPR/FNR table from --derive alone; the manifest records it")
    func auditFalsePositiveRates() throws {
        let r = try GlassboxProcess.run(["audit", "--data", Self.compas, "--score", "high", "--outcome", "two_year_recid", "--group", "race",
                                         "--threshold", "0.5", "--bootstrap", "0", "--min-group-size", "1"] + Self.high)
        #expect(r.status == 0, "\(r.stderr)")
        let report = try json(r.stdout)
        let groups = try #require(report["groups"] as? [[String: Any]])
        func rate(_ race: String, _ metric: String) -> Double? {
            groups.first { $0["value"] as? String == race }?[metric] as? Double
        }
        // pandas on the same file: high = score_text != "Low", outcome two_year_recid.
        #expect(abs((rate("African-American", "fpr") ?? 0) - 0.3038674033) < 1e-9)
        #expect(abs((rate("African-American", "fnr") ?? 0) - 0.4565217391) < 1e-9)
        #expect(abs((rate("Caucasian", "fpr") ?? 0) - 0.2421875) < 1e-9)
        #expect(abs((rate("Caucasian", "fnr") ?? 0) - 0.5396825397) < 1e-9)
        let data = try #require((report["manifest"] as? [String: Any])?["data"] as? [String: Any])
        #expect(data["derivedColumns"] as? [String] == ["high = score_text != \"Low\""])
        #expect(data["filters"] == nil)
        #expect(!r.stderr.contains("rows kept"))
    }

    @Test("score: --where selects the rows scored; --derive makes the model's column")
    func scoreWithFilters() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let model = dir.path("model.json"), scores = dir.path("scores.csv")
        let trained = try GlassboxProcess.run(["train", "logistic", "--data", Self.compas, "--formula", "high ~ priors_count + age",
                                               "--out", model] + Self.high)
        #expect(trained.status == 0, "\(trained.stderr)")
        let r = try GlassboxProcess.run(["score", model, "--data", Self.compas, "--out", scores, "--id", "id", "--where", "race == \"Asian\""])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOfFile: scores, encoding: .utf8).split(separator: "\n")
        // pandas: (df.race == "Asian").sum() is 25 of 600.
        #expect(r.stderr.contains("note: 25 of 600 rows kept by --where 'race == \"Asian\"'"), "\(r.stderr)")
        #expect(lines.count - 1 == 25)
    }

    /// The `sh` code blocks of docs/tutorials/compas.md, verbatim.
    static func tutorialCommands() throws -> [String] {
        let text = try String(contentsOf: Repository.url("docs/tutorials/compas.md"), encoding: .utf8)
        return text.components(separatedBy: "```sh\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
    }

    @Test("docs/tutorials/compas.md: its commands, run verbatim on the COMPAS-shaped fixture, give pandas' and statsmodels' numbers")
    func tutorialCommandsRun() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        try FileManager.default.copyItem(atPath: Self.compas, toPath: dir.path("compas-scores-two-years.csv"))
        let commands = try Self.tutorialCommands()
        #expect(commands.count == 2)
        let path = URL(fileURLWithPath: GlassboxProcess.binary).deletingLastPathComponent().path + ":/usr/bin:/bin"
        var outputs = [String]()
        for script in commands {
            let r = try GlassboxProcess.run(executable: "/bin/sh", ["-e", "-c", script], in: dir.url, environment: ["PATH": path])
            #expect(r.status == 0, "\(script): \(r.stderr)")
            outputs.append(r.stdout + r.stderr)
        }
        #expect(outputs[0].contains("note: 431 of 600 rows kept by --where"), "\(outputs[0])")
        for line in ["sex[Female]                     0.5131", "priors_count                    0.2541", "two_year_recid                  0.8486",
                     "race[African-American]          0.0904", "Row filters (all hold): days_b_screening_arrest <= 30"] {
            #expect(outputs[0].contains(line), "missing '\(line)' in \(outputs[0])")
        }
        let audit = try String(contentsOfFile: dir.path("compas-audit.md"), encoding: .utf8)
        // pandas: FPR and FNR of high = score_text != "Low" against two_year_recid, per race.
        #expect(audit.contains("| African-American | 273 |") && audit.contains("| 0.3039 | 0.4565 |"), "\(audit)")
        #expect(audit.contains("| Caucasian |") && audit.contains("| 0.2422 | 0.5397 |"), "\(audit)")
        #expect(audit.contains("derived columns: high = score\\_text \\!= \"Low\""), "\(audit)")
    }

    @Test("a bad expression: exit 65, a specific message, no output file")
    func badExpressions() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let out = dir.path("model.json")
        let cases: [([String], String)] = [
            (["--where", "nonexistent > 1"], "in the filter 'nonexistent > 1': no column named 'nonexistent'"),
            (["--where", "race > 1"], "type mismatch: the categorical (text) column 'race' cannot be compared with the number 1"),
            (["--where", "priors_count >> 1"], "expression \"priors_count >> 1\" at character 15: expected a value, found '>'"),
            (["--where", "priors_count > 1000"], "the filter 'priors_count > 1000' keeps no row of 600"),
            (["--derive", "r = priors_count / juv_fel_count"], "in the derived column 'r': division by zero"),
            (["--derive", "age = 1"], "the derived column 'age' clashes with an existing column"),
        ]
        for (options, message) in cases {
            let r = try GlassboxProcess.run(["train", "logistic", "--data", Self.compas, "--formula", "two_year_recid ~ priors_count", "--out", out] + options)
            #expect(r.status == 65, "\(options): \(r.stderr)")
            #expect(r.stderr.contains(message), "\(options): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        let audit = try GlassboxProcess.run(["audit", "--data", Self.compas, "--score", "decile_score", "--outcome", "two_year_recid",
                                             "--group", "race", "--where", "score_text < \"Low\"", "--out", dir.path("audit.json")])
        #expect(audit.status == 65 && audit.stderr.contains("type mismatch"), "\(audit.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path("audit.json")))
    }

    @Test("without --where and --derive nothing is recorded and nothing is printed")
    func absentOptionsChangeNothing() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let model = dir.path("model.json")
        let r = try GlassboxProcess.run(["train", "logistic", "--data", Self.compas, "--formula", "two_year_recid ~ priors_count", "--out", model])
        #expect(r.status == 0 && !r.stderr.contains("kept"))
        let text = try String(contentsOfFile: model, encoding: .utf8)
        #expect(!text.contains("filters") && !text.contains("derivedColumns"))
    }
}
