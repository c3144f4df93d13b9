import Foundation
import Testing
import GlassboxTestSupport

/// `glassbox audit` end to end on the built binary: the JSON contract against the fairlearn/Aequitas
/// fixture, determinism, --out/--force, a messy real-world-style export, --model, and each bad-input rule.
@Suite("glassbox audit", .serialized)
struct AuditCommandTests {
    static let fixtureCSV = GlassboxProcess.repositoryRoot.appendingPathComponent("Tests/Fixtures/audit-synthetic.csv").path

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("JSON follows docs/json-contract.md and matches the fairlearn/Aequitas fixture")
    func contract() throws {
        let r = try GlassboxProcess.run(["audit", "--data", Self.fixtureCSV, "--score", "score", "--outcome", "y", "--group", "race", "--bootstrap", "0"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try Self.json(r.stdout)
        let groups = try #require(json["groups"] as? [[String: Any]])
        #expect(groups.count == 4)
        #expect((json["reference"] as? [String: String]) == ["race": "A"])
        #expect(json["overall"] is [String: Any])
        let reference = try Self.json(String(contentsOfFile: GlassboxProcess.repositoryRoot.appendingPathComponent("Tests/Fixtures/reference/audit.json").path, encoding: .utf8))
        let cases = try #require(reference["cases"] as? [[String: Any]])
        let race = try #require(((cases[0]["attributes"] as? [String: Any])?["race"] as? [String: Any]))
        let fair = try #require(race["groups"] as? [String: [String: Double]])
        let aeq = try #require(race["aequitas"] as? [String: [String: Any]])
        for g in groups {
            for key in ["attribute", "value", "n", "selectionRate", "prevalence", "tpr", "fpr", "fnr", "tnr", "precision", "npv",
                        "accuracy", "auc", "brier", "meanScore", "disparities", "verdicts", "suppressed"] {
                #expect(g[key] != nil, "missing \(key)")
            }
            let value = try #require(g["value"] as? String)
            for key in ["selectionRate", "tpr", "fpr", "precision", "auc"] {
                let a = try #require(g[key] as? Double), b = try #require(fair[value]?[key])
                #expect(abs(a - b) <= 1e-12 * abs(b), "\(value) \(key)")
            }
            guard value != "A" else { continue }
            let disparities = try #require(g["disparities"] as? [String: [String: Any]])
            let expected = try #require(aeq[value]?["disparities"] as? [String: Double])
            let ratio = try #require(disparities["fpr"]?["ratio"] as? Double)
            #expect(abs(ratio - expected["fpr"]!) <= 1e-12 * expected["fpr"]!)
            let verdicts = try #require(g["verdicts"] as? [String: String])
            #expect(verdicts == aeq[value]?["verdicts"] as? [String: String])
        }
        let summaries = try #require(json["summaries"] as? [[String: Any]])
        #expect(summaries.first?["attribute"] as? String == "race")
        #expect(json["sweep"] is [String: Any])
        #expect(!r.stdout.contains("0.266,1,B"), "no row is printed")
    }

    @Test("same seed, same bytes; --out is atomic and refuses to overwrite without --force")
    func determinismAndOut() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let args = ["audit", "--data", Self.fixtureCSV, "--score", "score", "--outcome", "y", "--group", "race", "--group", "sex",
                    "--intersect", "--bootstrap", "300", "--seed", "42", "--weights", "w", "--out", dir.path("a.json")]
        let env = ["SOURCE_DATE_EPOCH": "1700000000"]
        var r = try GlassboxProcess.run(args, environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(args, environment: env)
        #expect(r.status == 73 && r.stderr.contains("exists"))
        r = try GlassboxProcess.run(args.map { $0 == dir.path("a.json") ? dir.path("b.json") : $0 }, environment: env)
        let a = try String(contentsOfFile: dir.path("a.json"), encoding: .utf8), b = try String(contentsOfFile: dir.path("b.json"), encoding: .utf8)
        // Only the command line (the --out path) differs.
        #expect(a.replacingOccurrences(of: "a.json", with: "b.json") == b)
        let json = try Self.json(a)
        let groups = try #require(json["groups"] as? [[String: Any]])
        #expect(groups.contains { $0["attribute"] as? String == "race:sex" && $0["value"] as? String == "B:F" })
        #expect(dir.contents == ["a.json", "b.json"])
    }

    @Test("Markdown suppresses small groups and never prints rows")
    func markdown() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        var csv = "score,y,g\n"
        // "filler" (15 rows) is suppressed with "tiny" (complementary), so "small" stays shown.
        for i in 0..<200 { csv += "\(Double(i % 10) / 10),\(i % 2),\(i < 5 ? "tiny" : i < 20 ? "filler" : (i < 40 ? "small" : "big"))\n" }
        let data = try dir.write("d.csv", csv)
        let r = try GlassboxProcess.run(["audit", "--data", data, "--score", "score", "--outcome", "y", "--group", "g", "--format", "markdown", "--bootstrap", "100"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("| tiny | suppressed |") && r.stdout.contains("| filler | suppressed |"))
        #expect(r.stdout.contains("| small † | 20 |"))
        #expect(r.stderr.contains("unreliable"))
    }

    @Test("a messy export (text columns, dates, empty cells, duplicated names, quotes) is audited as it comes")
    func messy() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        var csv = "id,name,c_charge_desc,screening_date,race,decile_score,score,two_year_recid,race,notes\n"
        let races = ["African-American", "Caucasian", "Hispanic", "Other"]
        var rng = 12345 as UInt64
        func next() -> Double { rng = rng &* 6364136223846793005 &+ 1442695040888963407; return Double(rng >> 11) / Double(1 << 53) }
        for i in 0..<600 {
            let race = races[i % 4 == 3 && i % 8 == 7 ? 3 : i % 3]
            let decile = 1 + Int(next() * 10)
            let recid = next() < Double(decile) / 12 ? 1 : 0
            let name = i % 5 == 0 ? "\"Smith, John \(i)\"" : "person \(i)"
            let charge = i % 7 == 0 ? "" : "\"Battery, \"\"domestic\"\"\""
            let score = i % 50 == 0 ? "" : String(Double(decile) / 10)
            let dup = i % 11 == 0 ? "" : "x\(i % 3)"
            csv += "\(i),\(name),\(charge),2013-0\(1 + i % 9)-1\(i % 10),\(i % 40 == 0 ? "" : race),\(decile),\(score),\(recid),\(dup),free text; with: punctuation\n"
        }
        let data = try dir.write("compas-like.csv", csv)
        let r = try GlassboxProcess.run(["audit", "--data", data, "--score", "score", "--outcome", "two_year_recid", "--group", "race",
                                         "--threshold", "0.5", "--reference", "race=Caucasian", "--bootstrap", "200"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("duplicate column name 'race'"))
        #expect(r.stderr.contains("12 of 600 rows dropped"))
        let json = try Self.json(r.stdout)
        let groups = try #require(json["groups"] as? [[String: Any]])
        #expect(Set(groups.compactMap { $0["value"] as? String }) == Set(races + ["(missing)"]))
        #expect((json["reference"] as? [String: String]) == ["race": "Caucasian"])
        #expect(!r.stdout.contains("Smith"))
        let decile = try GlassboxProcess.run(["audit", "--data", data, "--score", "decile_score", "--outcome", "two_year_recid", "--group", "race",
                                              "--top", "0.3", "--bootstrap", "0"])
        #expect(decile.status == 0, "\(decile.stderr)")
        #expect(decile.stderr.contains("not all in [0, 1]"))
    }

    @Test("--model scores the data first")
    func model() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        var r = try GlassboxProcess.run(["train", "logistic", "--data", Self.fixtureCSV, "--formula", "y ~ score + sex", "--out", dir.path("m.json")])
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["audit", "--data", Self.fixtureCSV, "--model", dir.path("m.json"), "--outcome", "y", "--group", "race", "--bootstrap", "0"])
        #expect(r.status == 0, "\(r.stderr)")
        let overall = try #require(try Self.json(r.stdout)["overall"] as? [String: Any])
        #expect((overall["n"] as? Int) == 4000)
        #expect(abs((overall["meanScore"] as? Double ?? 0) - 0.44575) < 1e-6, "a fitted logistic model's mean prediction equals the prevalence")
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var csv: String
        var extra: [String]
        var status: Int32
        var message: String
        var testDescription: String { name }
    }

    static let good = "s,y,g\n0.1,0,a\n0.8,1,a\n0.4,1,b\n0.6,0,b\n"
    static let cases: [Case] = [
        Case(name: "outcome not binary", csv: "s,y,g\n0.1,0,a\n0.8,2,a\n0.4,1,b\n0.6,3,b\n", extra: [], status: 65,
             message: "outcome 'y' must be binary (0 or 1); values found: 0, 1, 2, 3"),
        Case(name: "outcome is text", csv: "s,y,g\n0.1,no,a\n0.8,yes,a\n", extra: [], status: 65, message: "values found: no, yes"),
        Case(name: "score not numeric", csv: "s,y,g\nlow,0,a\nhigh,1,a\n", extra: [], status: 65, message: "score column 's' is not numeric (it holds text such as 'low')"),
        Case(name: "group column missing", csv: good, extra: ["--group", "race"], status: 65, message: "group column 'race' not found; columns are: 's', 'y', 'g'"),
        Case(name: "reference value absent", csv: good, extra: ["--reference", "g=c"], status: 65,
             message: "reference value 'c' does not occur in 'g'; its levels are: 'a', 'b'"),
        Case(name: "no rows left", csv: "s,y,g\n,0,a\n0.8,,a\n", extra: [], status: 65, message: "no rows left to audit"),
        Case(name: "score and model both", csv: good, extra: ["--model", "m.json"], status: 64, message: "exactly one of --score"),
        Case(name: "threshold and top", csv: good, extra: ["--top", "0.2", "--threshold", "0.5"], status: 64, message: "cannot be combined"),
        Case(name: "top outside [0, 1]", csv: good, extra: ["--top", "2"], status: 64, message: "--top must be a fraction"),
        Case(name: "text weights", csv: "s,y,g,w\n0.1,0,a,x\n0.8,1,a,y\n", extra: ["--weights", "w"], status: 65, message: "weights column 'w' must be numeric"),
        Case(name: "negative weights", csv: "s,y,g,w\n0.1,0,a,1\n0.8,1,a,-2\n", extra: ["--weights", "w"], status: 65, message: "must be non-negative"),
    ]

    @Test("bad input: specific message, non-zero exit, no output file", arguments: cases)
    func rejects(_ c: Case) throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let data = try dir.write("data.csv", c.csv)
        let group = c.extra.contains("--group") ? [] : ["--group", "g"]
        let r = try GlassboxProcess.run(["audit", "--data", data, "--score", "s", "--outcome", "y"] + group + c.extra + ["--out", dir.path("a.json")])
        #expect(r.status == c.status, "\(c.name): status \(r.status), stderr: \(r.stderr)")
        #expect(r.stderr.contains(c.message), "\(c.name): \(r.stderr)")
        #expect(!dir.exists("a.json"))
        #expect(dir.contents == ["data.csv"], "no temporary file")
    }

    @Test("threshold outside the score range is a warning, not an error")
    func thresholdWarning() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let data = try dir.write("data.csv", Self.good)
        let r = try GlassboxProcess.run(["audit", "--data", data, "--score", "s", "--outcome", "y", "--group", "g", "--threshold", "2",
                                         "--min-group-size", "0", "--out", dir.path("a.json")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning: threshold 2.0 is outside the score range [0.1, 0.8]: every row is negative"))
        #expect(dir.exists("a.json"))
    }
}
