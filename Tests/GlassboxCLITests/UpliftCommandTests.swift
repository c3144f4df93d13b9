import Foundation
import Testing
import GlassboxTestSupport

/// `glassbox train uplift`, `score` and `evaluate uplift` end to end on the built binary.
@Suite("glassbox uplift commands", .serialized)
struct UpliftCommandTests {
    static let formula = "voted_2024 ~ I((age - 50)/10) + voted_2018 + voted_2020 + voted_2022 + female"

    @Test("simulate → train uplift (every learner) → score → evaluate uplift")
    func endToEnd() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        var r = try GlassboxProcess.run(["simulate", "--rows", "20000", "--seed", "3", "--out", dir.path("voters.csv")])
        #expect(r.status == 0, "\(r.stderr)")
        for learner in ["two-model", "s-learner", "x-learner", "class-transformation"] {
            let model = dir.path("\(learner).json"), scores = dir.path("\(learner).csv")
            r = try GlassboxProcess.run(["train", "uplift", "--data", dir.path("voters.csv"), "--formula", Self.formula, "--treatment", "canvassed",
                                         "--treated", "1", "--control", "0", "--learner", learner, "--out", model])
            #expect(r.status == 0, "\(learner): \(r.stderr)")
            #expect(r.stdout.contains("uplift model (\(learner))"))
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: model))) as? [String: Any])
            #expect(json["kind"] as? String == "uplift" && json["schemaVersion"] as? Int == 1)
            r = try GlassboxProcess.run(["score", model, "--data", dir.path("voters.csv"), "--out", scores, "--id", "voter_id"])
            #expect(r.status == 0, "\(r.stderr)")
            let lines = try String(contentsOfFile: scores, encoding: .utf8).split(separator: "\n")
            #expect(lines.first == "voter_id,uplift,p_treated,p_control,recommended_treatment")
            #expect(lines.count == 20_001)
        }
        r = try GlassboxProcess.run(["evaluate", "uplift", dir.path("two-model.json"), "--data", dir.path("voters.csv"), "--bootstrap", "20",
                                     "--seed", "7", "--out", dir.path("eval.json")])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path("eval.json")))) as? [String: Any])
        let arms = try #require(report["arms"] as? [[String: Any]])
        let evaluation = try #require(arms.first?["evaluation"] as? [String: Any])
        for key in ["qiniAuc", "upliftAuc", "upliftAtK", "averageEffect", "byPercentile", "qiniCurve", "upliftCurve", "qiniAucInterval"] {
            #expect(evaluation[key] != nil, "missing \(key)")
        }
        #expect((evaluation["byPercentile"] as? [Any])?.count == 10)
        // The same numbers from the score column through --uplift.
        r = try GlassboxProcess.run(["score", dir.path("two-model.json"), "--data", dir.path("voters.csv"), "--out", dir.path("s2.csv"),
                                     "--keep", "canvassed,voted_2024"])
        r = try GlassboxProcess.run(["evaluate", "uplift", "--data", dir.path("s2.csv"), "--uplift", "uplift", "--treatment", "canvassed",
                                     "--treated", "1", "--control", "0", "--outcome", "voted_2024", "--bootstrap", "0"])
        #expect(r.status == 0, "\(r.stderr)")
        let external = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let e2 = try #require((external["arms"] as? [[String: Any]])?.first?["evaluation"] as? [String: Any])
        #expect(abs((e2["qiniAuc"] as? Double ?? 0) - (evaluation["qiniAuc"] as? Double ?? 1)) < 1e-12)
        r = try GlassboxProcess.run(["evaluate", "uplift", dir.path("two-model.json"), "--data", dir.path("voters.csv"), "--format", "markdown",
                                     "--bootstrap", "0"])
        #expect(r.status == 0 && r.stdout.contains("| qiniAuc |"))
        r = try GlassboxProcess.run(["evaluate", "uplift", dir.path("two-model.json"), "--data", dir.path("voters.csv"), "--importance",
                                     "--repeats", "2", "--bootstrap", "0"])
        #expect(r.status == 0, "\(r.stderr)")
        let explained = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let importance = try #require((explained["arms"] as? [[String: Any]])?.first?["importance"] as? [String: Any])
        #expect(importance["metric"] as? String == "qini")
        #expect((importance["permutationImportance"] as? [[String: Any]])?.count == 5)
    }

    @Test("several treatments: suffixed columns and a recommended treatment")
    func severalTreatments() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        var csv = "y,arm,x\n"
        for i in 0..<3_000 {
            let arm = ["A", "B", "Control"][i % 3]
            let x = Double(i % 100) / 50 - 1
            let p = 0.3 + (arm == "A" ? 0.1 : 0) + (arm == "B" ? 0.3 * x : 0)
            csv += "\(Double((i * 7919) % 1000) / 1000 < p ? 1 : 0),\(arm),\(x)\n"
        }
        let data = try dir.write("d.csv", csv)
        var r = try GlassboxProcess.run(["train", "uplift", "--data", data, "--formula", "y ~ x", "--treatment", "arm", "--treated", "A, B",
                                         "--control", "Control", "--out", dir.path("m.json")])
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["score", dir.path("m.json"), "--data", data, "--out", dir.path("s.csv")])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOfFile: dir.path("s.csv"), encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "uplift[A],p_treated[A],p_control[A],uplift[B],p_treated[B],p_control[B],recommended_treatment")
        let recommended = Set(lines.dropFirst().map { $0.split(separator: ",").last.map(String.init) ?? "" })
        #expect(recommended == ["A", "B"])
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var csv: String
        var arguments: [String]
        var formula = "y ~ x"
        var status: Int32 = 65
        var message: String
        var testDescription: String { name }
    }

    static let data = "y,arm,x,z\n" + (0..<60).map { i in "\(i % 2),\(["T", "C", "U"][i % 3]),\(i % 7),\(i % 4 == 0 ? "" : "1")" }.joined(separator: "\n") + "\n"

    static let cases: [Case] = [
        Case(name: "treatment column missing", csv: data, arguments: ["--treatment", "group", "--treated", "T", "--control", "C"],
             message: "no column named 'group'"),
        Case(name: "treated value absent", csv: data, arguments: ["--treatment", "arm", "--treated", "X", "--control", "C"],
             message: "the treated value 'X' does not occur in column 'arm'; values found: 'C', 'T', 'U'"),
        Case(name: "control value absent", csv: data, arguments: ["--treatment", "arm", "--treated", "T", "--control", "Ctrl"],
             message: "the control value 'Ctrl' does not occur in column 'arm'; values found: 'C', 'T', 'U'"),
        Case(name: "arm with no rows left", csv: "y,arm,x\n" + (0..<40).map { "\($0 % 2),\($0 % 2 == 0 ? "T" : "C"),\($0 % 2 == 0 ? "" : "\($0)")" }.joined(separator: "\n") + "\n",
             arguments: ["--treatment", "arm", "--treated", "T", "--control", "C"], message: "no treated rows ('T') remain"),
        Case(name: "non-binary outcome", csv: data.replacingOccurrences(of: "\n1,T,", with: "\n3,T,"),
             arguments: ["--treatment", "arm", "--treated", "T", "--control", "C"], message: "must be binary (0 or 1)"),
        Case(name: "unknown learner", csv: data, arguments: ["--treatment", "arm", "--treated", "T", "--control", "C", "--learner", "t-learner"],
             status: 64, message: "--learner must be one of"),
        Case(name: "treated equals control", csv: data, arguments: ["--treatment", "arm", "--treated", "C", "--control", "C"],
             status: 64, message: "both in --treated and as --control"),
        Case(name: "formula uses the treatment", csv: data, arguments: ["--treatment", "x", "--treated", "1", "--control", "0"],
             message: "the formula uses the treatment column 'x'"),
        Case(name: "estimated propensity of 0 or 1", csv: "y,arm,leak,x\n" + (0..<200).map { "\(($0 * 7) % 3 % 2),\($0 % 2 == 1 ? "T" : "C"),\($0 % 2),\($0 % 11)" }.joined(separator: "\n") + "\n",
             arguments: ["--treatment", "arm", "--treated", "T", "--control", "C", "--learner", "x-learner", "--propensity", "estimated"],
             formula: "y ~ x + leak", message: "the estimated propensity of 'T' is 0 or 1 for 200 row(s): the predictors separate treated from control rows"),
    ]

    @Test("train uplift rejects bad input with a specific message, a non-zero exit and no output", arguments: cases)
    func rejects(_ c: Case) throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let data = try dir.write("data.csv", c.csv)
        let r = try GlassboxProcess.run(["train", "uplift", "--data", data, "--formula", c.formula, "--out", dir.path("m.json")] + c.arguments)
        #expect(r.status == c.status, "\(c.name): status \(r.status), stderr \(r.stderr)")
        #expect(r.stderr.contains(c.message), "\(c.name): \(r.stderr)")
        #expect(!dir.exists("m.json"))
        #expect(dir.contents == ["data.csv"])
    }

    @Test("evaluate uplift rejects a non-binary outcome, an unknown score column and a missing control value")
    func evaluateRejects() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let data = try dir.write("d.csv", "y,arm,s\n0,T,0.1\n1,C,0.2\n2,T,0.3\n1,T,0.4\n0,C,0.5\n1,C,0.6\n")
        let base = ["evaluate", "uplift", "--data", data, "--treatment", "arm", "--treated", "T", "--outcome", "y", "--out", dir.path("e.json")]
        var r = try GlassboxProcess.run(base + ["--control", "C", "--uplift", "s"])
        #expect(r.status == 65 && r.stderr.contains("outcome 'y' must be binary (0 or 1), but holds 2"), "\(r.stderr)")
        r = try GlassboxProcess.run(base + ["--control", "C", "--uplift", "score"])
        #expect(r.status == 65 && r.stderr.contains("no column named 'score'"), "\(r.stderr)")
        r = try GlassboxProcess.run(base + ["--control", "Z", "--uplift", "s"])
        #expect(r.status == 65 && r.stderr.contains("the control value 'Z' does not occur in column 'arm'; values found: 'C', 'T'"), "\(r.stderr)")
        #expect(dir.contents == ["d.csv"])
    }

    @Test("an arm under 1 % of rows trains with a warning")
    func smallArmWarning() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        var csv = "y,arm,x\n"
        for i in 0..<2_000 { csv += "\((i * 37) % 3 == 0 ? 1 : 0),\(i % 250 == 0 || i % 250 == 1 ? "T" : "C"),\(i % 13)\n" }
        let data = try dir.write("d.csv", csv)
        let r = try GlassboxProcess.run(["train", "uplift", "--data", data, "--formula", "y ~ x", "--treatment", "arm", "--treated", "T",
                                         "--control", "C", "--out", dir.path("m.json")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("under 1 %"), "\(r.stderr)")
        #expect(dir.exists("m.json"))
    }
}
