import Foundation
import Testing
import GlassboxTestSupport

/// The new user's points of issue 13 (reproducing ProPublica's COMPAS analysis): options checked before
/// any heavy computation, options that do not apply refused (exit 64, naming the option) rather than
/// silently ignored, proxy detection for an external score, FNR in the rates tables with the score and
/// outcome named, and separation in the PU lookalike said as such.
@Suite("new user's points: early checks, refused options, score proxies, FNR, PU separation", .serialized)
struct NewUserPointsTests {
    /// 600 rows: outcome y, features x and z, a group g, a protected race that z stands in for, a score s.
    static let csv: String = {
        var out = "y,x,z,g,race,s\n"
        for i in 0..<600 {
            let x = Double(i % 20) / 4, race = i % 2 == 0 ? "p" : "q"
            let z = (race == "p" ? 1.0 : 0.0) + Double((i * 7) % 5) / 10
            let y = (i * 31 + i / 3) % 5 < (x > 2.5 ? 4 : 1) ? 1 : 0
            out += "\(y),\(x),\(z),\(["a", "b", "c"][i % 3]),\(race),\(0.01 * x + z)\n"
        }
        return out
    }()

    static func prepare(_ dir: Scratch, formula: String = "y ~ x + C(g)") throws {
        _ = try dir.write("d.csv", csv)
        let r = try GlassboxProcess.run(["train", "logistic", "--data", "d.csv", "--formula", formula, "--out", "m.json"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test("report on a model whose outcome is an expression: --outcome is asked for before importance and PD run")
    func outcomeCheckedFirst() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        try Self.prepare(dir, formula: "I(y >= 1) ~ x + C(g)")
        let r = try GlassboxProcess.run(["report", "m.json", "--data", "d.csv", "--group", "g", "--pd", "x", "--format", "json", "--out", "r.json"], in: dir.url)
        #expect(r.status == 65)
        #expect(r.stderr.contains("pass --outcome COL"), "\(r.stderr)")
        // The explanation (which notes the missing outcome column when it starts) never ran.
        #expect(!r.stderr.contains("permutation importance skipped"), "\(r.stderr)")
        #expect(!dir.exists("r.json"))
        // A --pd column that is not a feature and a missing --uplift-evaluation file also fail before any computation.
        var s = try GlassboxProcess.run(["report", "m.json", "--data", "d.csv", "--outcome", "y", "--group", "g", "--pd", "nope"], in: dir.url)
        #expect(s.status == 65 && s.stderr.contains("nope"), "\(s.stderr)")
        s = try GlassboxProcess.run(["report", "m.json", "--data", "d.csv", "--outcome", "y", "--group", "g", "--uplift-evaluation", "missing.json"], in: dir.url)
        #expect(s.status == 66, "\(s.stderr)")
        #expect(!s.stderr.contains("permutation importance skipped"))
    }

    struct Refused: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var option: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let refused: [Refused] = [
        // report --score: explanation options have no model to act on.
        Refused(arguments: ["report", "--score", "s", "--outcome", "y", "--group", "g", "--pd", "x"], option: "--pd"),
        Refused(arguments: ["report", "--score", "s", "--outcome", "y", "--group", "g", "--protected", "race"], option: "--protected"),
        Refused(arguments: ["report", "--score", "s", "--outcome", "y", "--group", "g", "--repeats", "3"], option: "--repeats"),
        Refused(arguments: ["report", "--score", "s", "--outcome", "y", "--group", "g", "--metric", "auc"], option: "--metric"),
        Refused(arguments: ["report", "--score", "s", "--outcome", "y", "--group", "g", "--ice", "5"], option: "--ice"),
        // report on a model without --group: the audit options have no audit.
        Refused(arguments: ["report", "m.json", "--outcome", "y"], option: "--outcome"),
        Refused(arguments: ["report", "m.json", "--threshold", "0.3"], option: "--threshold"),
        Refused(arguments: ["report", "m.json", "--reference", "g=a"], option: "--reference"),
        Refused(arguments: ["report", "m.json", "--ice", "5"], option: "--ice"),
        // report of --uplift-evaluation files only: no score to audit.
        Refused(arguments: ["report", "--uplift-evaluation", "e.json", "--group", "g"], option: "--group"),
        // explain --score: model-only options; explain with a model: surrogate-only options.
        Refused(arguments: ["explain", "--score", "s", "--formula", "~ x", "--pd", "x"], option: "--pd"),
        Refused(arguments: ["explain", "--score", "s", "--formula", "~ x", "--shap"], option: "--shap"),
        Refused(arguments: ["explain", "--score", "s", "--formula", "~ x", "--metric", "brier"], option: "--metric"),
        Refused(arguments: ["explain", "--score", "s", "--formula", "~ x", "--repeats", "3"], option: "--repeats"),
        Refused(arguments: ["explain", "m.json", "--formula", "~ x"], option: "--formula"),
        Refused(arguments: ["explain", "m.json", "--depth", "3"], option: "--depth"),
        Refused(arguments: ["explain", "m.json", "--ice", "3"], option: "--ice"),
        Refused(arguments: ["explain", "m.json", "--threshold", "0.3"], option: "--threshold"),
        // audit: the targeting audit's metric bootstrap in a bias audit.
        Refused(arguments: ["audit", "--score", "s", "--outcome", "y", "--group", "g", "--metric-bootstrap", "50"], option: "--metric-bootstrap"),
        // train lookalike: options the method does not use.
        Refused(arguments: ["train", "lookalike", "--formula", "~ x", "--seed", "y", "--method", "logistic", "--holdout", "0.3", "--out", "l.json"], option: "--holdout"),
        Refused(arguments: ["train", "lookalike", "--formula", "~ x", "--seed", "y", "--method", "similarity", "--l2", "1", "--out", "l.json"], option: "--l2"),
    ]

    @Test("an option that does not apply is refused with exit 64, naming it", arguments: refused)
    func refusedOption(_ c: Refused) throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        try Self.prepare(dir)
        let r = try GlassboxProcess.run(c.arguments + ["--data", "d.csv"], in: dir.url)
        #expect(r.status == 64, "\(r.status) \(r.stderr)")
        #expect(r.stderr.contains(c.option), "\(r.stderr)")
        #expect(!dir.exists("l.json"))
    }

    @Test("explain --score --protected: proxy detection for an external score column")
    func scoreProxies() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        _ = try dir.write("d.csv", Self.csv)
        var r = try GlassboxProcess.run(["explain", "--data", "d.csv", "--score", "s", "--formula", "~ x + z + C(g)", "--protected", "race",
                                         "--seed", "3", "--repeats", "2"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let proxies = try #require(json["proxies"] as? [String: Any])
        let attributes = try #require(proxies["attributes"] as? [[String: Any]])
        #expect(attributes.first?["attribute"] as? String == "race")
        let level = try #require((attributes.first?["levels"] as? [[String: Any]])?.first)
        // z is race plus noise: the features predict race almost perfectly, and z carries it.
        #expect((level["proxyAUC"] as? Double ?? 0) > 0.95)
        #expect(((level["carriers"] as? [[String: Any]])?.first?["feature"] as? String) == "z")
        // The score itself (z + 0.01 x) separates the groups.
        let scoreAUC = try #require(level["scoreAUC"] as? Double)
        #expect(scoreAUC > 0.9 || scoreAUC < 0.1)
        #expect(json["surrogate"] != nil)
        r = try GlassboxProcess.run(["explain", "--data", "d.csv", "--score", "s", "--formula", "~ x + z", "--protected", "z"], in: dir.url)
        #expect(r.status == 65 && r.stderr.contains("also a feature"), "\(r.stderr)")
        r = try GlassboxProcess.run(["explain", "--data", "d.csv", "--score", "s", "--formula", "~ x + z", "--protected", "nope"], in: dir.url)
        #expect(r.status == 65 && r.stderr.contains("protected column 'nope' is not in the data"), "\(r.stderr)")
    }

    @Test("rates tables carry FNR; audit sections name the score and the outcome")
    func fnrAndNames() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        try Self.prepare(dir)
        var r = try GlassboxProcess.run(["report", "--data", "d.csv", "--score", "s", "--outcome", "y", "--group", "g", "--bootstrap", "0",
                                         "--format", "json"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"FNR\""))
        #expect(r.stdout.contains("Score audited: s; outcome: y"))
        r = try GlassboxProcess.run(["report", "m.json", "--data", "d.csv", "--group", "g", "--bootstrap", "0", "--repeats", "1", "--format", "markdown"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("| FNR |") && r.stdout.contains("Score audited: the model's predicted probability; outcome: y"))
        r = try GlassboxProcess.run(["audit", "--data", "d.csv", "--model", "m.json", "--outcome", "y", "--group", "g", "--bootstrap", "0",
                                     "--format", "markdown"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("| FNR |") && r.stdout.contains("outcome: y") && r.stdout.contains("Decision: positive when score ≥ 0.5"))
    }

    @Test("PU lookalike with a county that has no seeds: separation named, --l2 suggested")
    func puSeparation() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        var text = "seed,x,county\n"
        for i in 0..<800 {
            let county = ["Adams", "Baker", "Clark", "Dune"][i % 4]
            let x = Double((i * 13) % 17) / 4
            let seed = county != "Dune" && (i * 7 + Int(x * 4)) % 5 == 0 ? 1 : 0
            text += "\(seed),\(x),\(county)\n"
        }
        _ = try dir.write("d.csv", text)
        var r = try GlassboxProcess.run(["train", "lookalike", "--data", "d.csv", "--formula", "~ x + C(county)", "--seed", "seed", "--method", "pu",
                                         "--out", "l.json"], in: dir.url)
        // The fit ends (its coefficient for Dune runs off); the warning names the level and suggests --l2.
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("separation: the seed list separates the rows on 'county[Dune]' (no seed)") && r.stderr.contains("--l2"), "\(r.stderr)")
        r = try GlassboxProcess.run(["inspect", "l.json"], in: dir.url)
        #expect(r.stdout.contains("[!] separation") && r.stdout.contains("county[Dune]"))
        r = try GlassboxProcess.run(["train", "lookalike", "--data", "d.csv", "--formula", "~ x + C(county)", "--seed", "seed", "--method", "pu",
                                     "--l2", "1", "--out", "l2.json"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("separation: the seed list"), "with a ridge penalty the estimates are finite: \(r.stderr)")
    }
}
