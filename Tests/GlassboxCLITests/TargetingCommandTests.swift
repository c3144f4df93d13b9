import Foundation
import Testing
import GlassboxTestSupport

/// `glassbox audit --uplift …` (targeting audit) and `glassbox inspect` of an uplift model, end to end
/// on the built binary.
@Suite("glassbox targeting audit", .serialized)
struct TargetingCommandTests {
    static let formula = "voted_2024 ~ I((age - 50)/10) + voted_2018 + voted_2020 + voted_2022 + female"

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("simulate → train uplift on canvassed → score → audit (column and model forms agree); inspect the model")
    func endToEnd() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let voters = dir.path("voters.csv"), model = dir.path("m.json")
        var r = try GlassboxProcess.run(["simulate", "--rows", "20000", "--seed", "3", "--out", voters])
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["train", "uplift", "--data", voters, "--formula", Self.formula, "--treatment", "canvassed",
                                     "--treated", "1", "--control", "0", "--out", model])
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["score", model, "--data", voters, "--out", dir.path("s.csv"), "--keep", "canvassed,voted_2024,race,female"])
        #expect(r.status == 0, "\(r.stderr)")
        let common = ["--outcome", "voted_2024", "--group", "race", "--group", "female", "--top", "0.3", "--bootstrap", "200",
                      "--metric-bootstrap", "20", "--seed", "5"]
        r = try GlassboxProcess.run(["audit", "--data", dir.path("s.csv"), "--uplift", "uplift", "--treatment", "canvassed", "--treated", "1",
                                     "--control", "0", "--out", dir.path("a.json")] + common)
        #expect(r.status == 0, "\(r.stderr)")
        let a = try Self.json(try String(contentsOfFile: dir.path("a.json"), encoding: .utf8))
        for key in ["qiniAuc", "upliftAuc", "upliftAtK", "qiniAucInterval", "overall", "groups", "manifest", "settings"] {
            #expect(a[key] != nil, "missing \(key)")
        }
        let groups = try #require(a["groups"] as? [[String: Any]])
        #expect(groups.count == 7)
        var share = 0.0
        for g in groups where g["attribute"] as? String == "race" {
            share += g["targetedShare"] as? Double ?? .nan
            #expect(["pass", "fail", "inconclusive"].contains(g["verdict"] as? String ?? ""))
            let effect = try #require(g["effect"] as? [String: Any])
            #expect((effect["ciLower"] as? Double ?? 1) < (effect["ciUpper"] as? Double ?? 0))
        }
        #expect(abs(share - 1) < 1e-12)
        let overall = try #require(a["overall"] as? [String: Any])
        #expect(overall["targeted"] as? Int == 6000)
        // Targeting on the model's uplift picks rows with a larger observed effect than the rest.
        let targeted = try #require((overall["targetedEffect"] as? [String: Any])?["estimate"] as? Double)
        let untargeted = try #require((overall["untargetedEffect"] as? [String: Any])?["estimate"] as? Double)
        #expect(targeted > untargeted)

        // The --model form scores first and gives the same numbers.
        r = try GlassboxProcess.run(["audit", "--data", voters, "--model", model] + common)
        #expect(r.status == 0, "\(r.stderr)")
        let b = try Self.json(r.stdout)
        #expect(b["qiniAuc"] as? Double == a["qiniAuc"] as? Double)
        let ratios = { (report: [String: Any]) in ((report["groups"] as? [[String: Any]]) ?? []).map { ($0["targetingRatio"] as? [String: Any])?["ciLower"] as? Double } }
        #expect(ratios(a) == ratios(b))

        r = try GlassboxProcess.run(["audit", "--data", voters, "--model", model, "--format", "markdown"] + common)
        #expect(r.status == 0 && r.stdout.hasPrefix("# Targeting audit") && r.stdout.contains("| qiniAuc |"))

        // inspect prints every component of the uplift model.
        r = try GlassboxProcess.run(["inspect", model])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("treated-outcome") && r.stdout.contains("control-outcome") && r.stdout.contains("voted_2022"))
        r = try GlassboxProcess.run(["inspect", model, "--format", "markdown"])
        #expect(r.status == 0 && r.stdout.contains("**control-outcome**"))
        r = try GlassboxProcess.run(["inspect", model, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let inspected = try Self.json(r.stdout)
        let arm = try #require((inspected["arms"] as? [[String: Any]])?.first)
        let components = try #require(arm["components"] as? [[String: Any]])
        #expect(components.map { $0["role"] as? String } == ["treated-outcome", "control-outcome"])
        #expect((components[0]["coefficients"] as? [[String: Any]])?.count == 6)
        // The stored coefficients are printed unchanged.
        let file = try Self.json(try String(contentsOfFile: model, encoding: .utf8))
        let stored = ((file["arms"] as? [[String: Any]])?.first?["components"] as? [[String: Any]])?.first?["coefficients"] as? [Double]
        #expect(stored == (components[0]["coefficients"] as? [[String: Any]])?.map { $0["estimate"] as? Double ?? .nan })
    }

    @Test("bad inputs: specific messages, non-zero exit, no output file")
    func badInputs() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        var csv = "u,arm,y,g,label\n"
        for i in 0..<200 { csv += "\(Double(i % 17) / 17),\(i % 2 == 0 ? "T" : "C"),\(i % 3 == 0 ? 1 : 0),\(i % 4 == 0 ? "a" : "b"),x\(i % 5)\n" }
        let data = try dir.write("d.csv", csv)
        let base = ["audit", "--data", data, "--outcome", "y", "--group", "g", "--out", dir.path("out.json")]
        let cases: [([String], Int32, String)] = [
            (["--uplift", "u", "--treatment", "arm", "--treated", "X", "--control", "C"], 65, "the treated value 'X' does not occur in column 'arm'; values found: 'C', 'T'"),
            (["--uplift", "u", "--treatment", "arm", "--treated", "T", "--control", "Z"], 65, "the control value 'Z' does not occur"),
            (["--uplift", "label", "--treatment", "arm", "--treated", "T", "--control", "C"], 65, "uplift column 'label' is not numeric"),
            (["--uplift", "nope", "--treatment", "arm", "--treated", "T", "--control", "C"], 65, "nope"),
            (["--uplift", "u", "--treatment", "arm", "--treated", "T", "--control", "C", "--threshold", "0.1"], 64, "use --top, not --threshold"),
            (["--uplift", "u", "--treatment", "arm"], 64, "--uplift needs --treatment COL, --treated VALUE and --control VALUE"),
            (["--uplift", "u", "--score", "u", "--treatment", "arm", "--treated", "T", "--control", "C"], 64, "give exactly one of --score COL, --model M.json or --uplift COL"),
            (["--uplift", "u", "--treatment", "arm", "--treated", "T", "--control", "C", "--top", "1.5"], 64, "--top must be a fraction in (0, 1]"),
            (["--uplift", "u", "--treatment", "arm", "--treated", "T,C2", "--control", "C"], 64, "one treatment with control"),
            (["--uplift", "u", "--treatment", "arm", "--treated", "T", "--control", "C", "--weights", "u"], 64, "--weights is not supported"),
        ]
        for (extra, status, message) in cases {
            let r = try GlassboxProcess.run(base + extra)
            #expect(r.status == status, "\(extra): \(r.stderr)")
            #expect(r.stderr.contains(message), "\(extra): \(r.stderr)")
            #expect(!dir.exists("out.json"))
        }
        let bad = try dir.write("bad.csv", csv.replacingOccurrences(of: ",1,a,", with: ",2,a,"))
        let r = try GlassboxProcess.run(["audit", "--data", bad, "--outcome", "y", "--group", "g", "--uplift", "u", "--treatment", "arm",
                                         "--treated", "T", "--control", "C", "--out", dir.path("out.json")])
        #expect(r.status == 65 && r.stderr.contains("outcome 'y' must be binary (0 or 1); values found: 0, 1, 2"), "\(r.stderr)")
        #expect(!dir.exists("out.json"))
    }
}
