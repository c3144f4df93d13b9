import Foundation
import Testing
import GlassboxTestSupport

/// `glassbox report` of uplift (persuasion) and lookalike models, end to end on the built binary: the
/// sections in every format, the same numbers as `evaluate uplift` / `evaluate lookalike`, the
/// composition audit flagging the group the seed list was drawn from, refused option combinations and
/// escaping of hostile group strings.
@Suite("glassbox report of uplift and lookalike models", .serialized)
struct ReportKindsTests {
    static let hostileColumn = "<img src=x onerror=alert(1)>"
    static let hostileLevel = "<script>alert(1)</script>"
    static let markdownLevel = "plain|*md*"
    static let epoch = ["SOURCE_DATE_EPOCH": "1700000000"]
    static let upliftFormula = "voted_2024 ~ I((age - 50)/10) + voted_2018 + voted_2020 + voted_2022 + female"
    static let lookalikeFormula = "~ C(county) + age + income"

    /// A simulated voter file plus a `seedlist` column drawn from Black voters only (every 6th Black
    /// row: race is not a lookalike feature, county is its proxy) and a group column with a hostile
    /// name whose levels are hostile strings, with a 4-row group that must be suppressed.
    static func voters(_ dir: Scratch, rows: Int) throws -> String {
        let r = try GlassboxProcess.run(["simulate", "--rows", String(rows), "--seed", "3", "--out", dir.path("sim.csv")])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOfFile: dir.path("sim.csv"), encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false)
        let race = try #require(header.firstIndex(of: "race"))
        var out = [lines[0] + ",seedlist,\"\(hostileColumn)\""]
        var black = 0
        for (i, line) in lines.dropFirst().enumerated() {
            let isBlack = line.split(separator: ",", omittingEmptySubsequences: false)[race] == "Black"
            if isBlack { black += 1 }
            let group = i < 4 ? "tiny" : (i % 3 == 0 ? hostileLevel : "\"\(markdownLevel)\"")
            out.append(line + (isBlack && black % 6 == 0 ? ",1" : ",0") + ",\(group)")
        }
        return try dir.write("voters.csv", out.joined(separator: "\n") + "\n")
    }

    static func json(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    static func sections(_ report: [String: Any]) throws -> [String: [[String: Any]]] {
        let list = try #require(report["sections"] as? [[String: Any]])
        var out = [String: [[String: Any]]]()
        for s in list { out[s["id"] as? String ?? ""] = s["blocks"] as? [[String: Any]] ?? [] }
        return out
    }

    /// Every table of a section: rows of cells `{"text", "value"}`.
    static func tables(_ blocks: [[String: Any]]?) -> [[[[String: Any]]]] {
        (blocks ?? []).filter { $0["type"] as? String == "table" }.compactMap { $0["rows"] as? [[[String: Any]]] }
    }

    static func keyValue(_ blocks: [[String: Any]]?, _ key: String) -> String? {
        for b in blocks ?? [] where b["type"] as? String == "keyValues" {
            for item in b["items"] as? [[String: Any]] ?? [] where item["key"] as? String == key { return item["value"] as? String }
        }
        return nil
    }

    static func run(_ arguments: [String], in dir: Scratch) throws -> GlassboxProcess.Result {
        try GlassboxProcess.run(arguments, in: dir.url, environment: epoch)
    }

    @Test("uplift model: every format, sections, the numbers of evaluate uplift, the targeting audit, escaping")
    func uplift() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let data = try Self.voters(dir, rows: 5000)
        var r = try Self.run(["train", "uplift", "--data", data, "--formula", Self.upliftFormula, "--treatment", "canvassed", "--treated", "1",
                              "--control", "0", "--learner", "two-model", "--out", "up.json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let common = ["report", "up.json", "--data", data, "--group", "race", "--group", Self.hostileColumn, "--top", "0.3",
                      "--bootstrap", "50", "--seed", "4"]
        for format in ["html", "markdown", "json", "ipynb"] {
            r = try Self.run(common + ["--format", format, "--out", "r.\(format)"], in: dir)
            #expect(r.status == 0, "\(format): \(r.stderr)")
        }
        r = try Self.run(["evaluate", "uplift", "up.json", "--data", data, "--bootstrap", "50", "--seed", "4", "--out", "eval.json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")

        let report = try Self.json(dir.path("r.json"))
        let ids = try #require(report["sections"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(Array(ids.prefix(5)) == ["about", "uplift-model", "uplift", "targeting", "targeting-race"], "\(ids)")
        #expect(ids.count == 6, "one targeting section per group attribute, no repeated uplift evaluation: \(ids)")
        let sections = try Self.sections(report)
        // Numbers: as evaluate uplift computes them on the same data, bootstrap and seed.
        let eval = try Self.json(dir.path("eval.json"))
        let arm = try #require((eval["arms"] as? [[String: Any]])?.first?["evaluation"] as? [String: Any])
        let qini = try #require(arm["qiniAuc"] as? Double), auuc = try #require(arm["upliftAuc"] as? Double)
        #expect(Self.keyValue(sections["uplift"], "Qini AUC") == String(format: "%.6f", qini))
        #expect(Self.keyValue(sections["uplift"], "Uplift AUC") == String(format: "%.6f", auuc))
        let interval = try #require(arm["qiniAucInterval"] as? [String: Any])
        #expect(Self.keyValue(sections["uplift"], "Qini AUC interval")?.hasPrefix(
            String(format: "[%.6f, %.6f]", try #require(interval["ciLower"] as? Double), try #require(interval["ciUpper"] as? Double))) == true)
        let deciles = try #require(arm["byPercentile"] as? [[String: Any]])
        let binRows = try #require(Self.tables(sections["uplift"]).last)
        #expect(binRows.count == deciles.count && deciles.count == 10)
        for (row, bin) in zip(binRows, deciles) {
            #expect(row[5]["value"] as? Double == bin["uplift"] as? Double, "decile \(bin["percentile"] ?? "?")")
            #expect(row[1]["value"] as? Double == (bin["nTreatment"] as? Int).map(Double.init))
        }
        let ate = try #require(arm["averageEffect"] as? [String: Any])
        let aboutEffect = try #require((sections["uplift"]?.first?["text"] as? String))
        #expect(aboutEffect.hasPrefix(String(format: "Average treatment effect %.4f", try #require(ate["estimate"] as? Double))))
        // Targeting audit: the top 30 % of the rows by predicted uplift.
        let targeting = try #require(sections["targeting"]?.first?["text"] as? String)
        #expect(targeting.contains("top 30.0 %") && targeting.contains("1500 rows"), "\(targeting)")
        #expect(Self.tables(sections["targeting-race"]).first?.count == 5)
        // The model section lists both outcome models' coefficients.
        let modelTables = Self.tables(sections["uplift-model"])
        #expect(modelTables.count == 2 && modelTables.allSatisfy { $0.count == 6 && $0[0][0]["text"] as? String == "(Intercept)" })

        let md = try String(contentsOfFile: dir.path("r.markdown"), encoding: .utf8)
        for title in ["## Model: uplift (two-model) of voted\\_2024", "## Persuasion (uplift) evaluation: 1 vs 0 on voted\\_2024",
                      "## Targeting audit", "## Targeting by race", "| Qini AUC | \(String(format: "%.6f", qini)) |"] {
            #expect(md.contains(title), "markdown lacks \(title)")
        }
        try Self.expectEscaped(dir, formats: ["html", "markdown"])
        let nb = try Self.json(dir.path("r.ipynb"))
        #expect(nb["nbformat"] as? Int == 4)
    }

    @Test("uplift model with two treatments: one evaluation and one targeting audit per arm, as evaluate uplift")
    func twoArms() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let data = try Self.voters(dir, rows: 3000)
        // Split the canvassed rows into two treatments, alternately.
        let lines = try String(contentsOfFile: data, encoding: .utf8).split(separator: "\n")
        let canvassed = try #require(lines[0].split(separator: ",", omittingEmptySubsequences: false).firstIndex(of: "canvassed"))
        var out = [lines[0] + ",arm"]
        for (i, line) in lines.dropFirst().enumerated() {
            let treated = line.split(separator: ",", omittingEmptySubsequences: false)[canvassed] == "1"
            out.append(line + (treated ? (i % 2 == 0 ? ",door" : ",phone") : ",none"))
        }
        _ = try dir.write("arms.csv", out.joined(separator: "\n") + "\n")
        var r = try Self.run(["train", "uplift", "--data", "arms.csv", "--formula", Self.upliftFormula, "--treatment", "arm", "--treated", "door,phone",
                              "--control", "none", "--out", "up.json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        r = try Self.run(["report", "up.json", "--data", "arms.csv", "--group", "race", "--bootstrap", "0", "--format", "json", "--out", "r.json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        r = try Self.run(["evaluate", "uplift", "up.json", "--data", "arms.csv", "--bootstrap", "0", "--out", "eval.json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let report = try Self.json(dir.path("r.json"))
        let titles = try #require(report["sections"] as? [[String: Any]]).compactMap { $0["title"] as? String }
        #expect(titles == ["About this report", "Model: uplift (two-model) of voted_2024",
                           "Persuasion (uplift) evaluation: door vs none on voted_2024", "Persuasion (uplift) evaluation: phone vs none on voted_2024",
                           "Targeting audit (door vs none)", "Targeting by race (door vs none)",
                           "Targeting audit (phone vs none)", "Targeting by race (phone vs none)"], "\(titles)")
        let sections = try Self.sections(report)
        let arms = try #require(try Self.json(dir.path("eval.json"))["arms"] as? [[String: Any]])
        #expect(arms.map { $0["treated"] as? String } == ["door", "phone"])
        for (id, arm) in zip(["uplift1", "uplift2"], arms) {
            let qini = try #require((arm["evaluation"] as? [String: Any])?["qiniAuc"] as? Double)
            #expect(Self.keyValue(sections[id], "Qini AUC") == String(format: "%.6f", qini), "\(id)")
        }
        #expect(Self.tables(sections["uplift-model"]).count == 4, "two outcome models per arm")
    }

    @Test("lookalike models (pu, similarity): every format, the numbers of evaluate lookalike, the planted group flagged")
    func lookalike() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let data = try Self.voters(dir, rows: 12000)
        for (method, extra) in [("pu", [String]()), ("similarity", ["--k", "10"])] {
            var r = try Self.run(["train", "lookalike", "--data", data, "--formula", Self.lookalikeFormula, "--seed", "seedlist",
                                  "--method", method, "--out", "\(method).json"] + extra, in: dir)
            #expect(r.status == 0, "\(method): \(r.stderr)")
            let common = ["report", "\(method).json", "--data", data, "--group", "race", "--group", Self.hostileColumn, "--size", "0.1",
                          "--bootstrap", "100", "--seed", "4"]
            for format in ["html", "markdown", "json", "ipynb"] {
                r = try Self.run(common + ["--format", format, "--out", "r.\(format)", "--force"], in: dir)
                #expect(r.status == 0, "\(method) \(format): \(r.stderr)")
            }
            #expect(r.stderr.contains("flag: race = Black is over-represented"), "\(r.stderr)")
            r = try Self.run(["evaluate", "lookalike", "\(method).json", "--data", data, "--group", "race", "--size", "0.1", "--bootstrap", "100",
                              "--random-seed", "4", "--out", "eval.json", "--force"], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
            let eval = try Self.json(dir.path("eval.json"))
            let report = try Self.json(dir.path("r.json"))
            let ids = try #require(report["sections"] as? [[String: Any]]).compactMap { $0["id"] as? String }
            #expect(ids == ["about", "lookalike-model", "lookalike-recovery", "lookalike-composition"], "\(ids)")
            let sections = try Self.sections(report)

            // Recovery: the same figures as evaluate lookalike (same hold-out seed).
            let recovery = try #require(eval["recovery"] as? [String: Any])
            let measures = Dictionary(uniqueKeysWithValues: try #require(Self.tables(sections["lookalike-recovery"]).first).map {
                ($0[0]["text"] as? String ?? "", $0[1]["value"] as? Double)
            })
            for (label, key) in [("Recovery AUC", "auc"), ("Precision at size", "precisionAtSize"), ("Recall at size", "recallAtSize"), ("Lift", "lift"),
                                 ("Base rate (hidden seeds / candidates)", "baseRate")] {
                #expect(measures[label] ?? nil == recovery[key] as? Double, "\(method) \(label)")
            }
            #expect(measures["Audience size"] ?? nil == (recovery["audienceSize"] as? Int).map(Double.init))
            #expect(try #require(recovery["auc"] as? Double) > 0.7)

            // Composition: the same shares and ratios; Black (the seed list's group) over-represented.
            let groups = try #require((eval["composition"] as? [[String: Any]])?.first?["groups"] as? [[String: Any]])
            let compositionTables = Self.tables(sections["lookalike-composition"])
            #expect(compositionTables.count == 2, "one table per group attribute")
            let rows = try #require(compositionTables.first)
            #expect(rows.count == groups.count)
            for (row, g) in zip(rows, groups) {
                #expect(row[0]["text"] as? String == g["value"] as? String)
                #expect(row[3]["value"] as? Double == g["audienceShare"] as? Double, "\(method) \(g["value"] ?? "")")
                #expect(row[4]["value"] as? Double == g["audienceRatio"] as? Double)
            }
            let black = try #require(rows.first { $0[0]["text"] as? String == "Black" })
            let verdict = try #require(black[5]["text"] as? String)
            #expect(verdict.hasPrefix("fail (race = Black is over-represented"), "\(verdict)")
            #expect(try #require(black[4]["value"] as? Double) > 1.25)
            let chart = (sections["lookalike-composition"] ?? []).first { $0["type"] as? String == "chart" }
            #expect(chart?["title"] as? String == "Lookalike composition by race")

            // The model section: coefficients and ĉ for pu, the standardised features for similarity.
            let model = sections["lookalike-model"]
            if method == "pu" {
                #expect(Self.keyValue(model, "Labelling rate ĉ = P(on the list | positive)") != nil)
                #expect(Self.tables(model).first?.first?[0]["text"] as? String == "(Intercept)")
            } else {
                #expect(Self.keyValue(model, "Similarity to") == "the mean of the 10 nearest seeds")
                let features = try #require(Self.tables(model).first).compactMap { $0[0]["text"] as? String }
                #expect(features.contains("age") && features.contains("income"), "\(features)")
            }
            let md = try String(contentsOfFile: dir.path("r.markdown"), encoding: .utf8)
            for title in ["## Model: lookalike (\(method)) of the seed list seedlist", "## Recovery of held-out seeds",
                          "## Lookalike audience composition", "### Composition by race"] {
                #expect(md.contains(title), "\(method) markdown lacks \(title)")
            }
            try Self.expectEscaped(dir, formats: ["html", "markdown"])
        }
    }

    /// The hostile column name and levels appear only escaped; the 4-row group carries no numbers.
    static func expectEscaped(_ dir: Scratch, formats: [String]) throws {
        let html = try String(contentsOfFile: dir.path("r.html"), encoding: .utf8)
        #expect(!html.contains("<script") && !html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(!html.contains("<th scope=\"row\">tiny</th><td class=\"n\">0"), "the tiny group must be suppressed")
        let md = try String(contentsOfFile: dir.path("r.markdown"), encoding: .utf8)
        #expect(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && md.contains("plain\\|\\*md\\*"))
        let stripped = md.replacingOccurrences(of: "\\<", with: "").replacingOccurrences(of: #"<a id="[a-z0-9-]+"></a>"#, with: "", options: .regularExpression)
        #expect(!stripped.contains("<"))
        let tinyRows = md.split(separator: "\n").filter { $0.hasPrefix("| tiny |") }
        #expect(!tinyRows.isEmpty && tinyRows.allSatisfy { $0.contains("suppressed") || $0.contains("< 10") }, "\(tinyRows)")
    }

    @Test("options that do not apply to the model's kind are refused with exit 64 and no output")
    func refusals() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let data = try Self.voters(dir, rows: 2000)
        var r = try Self.run(["train", "uplift", "--data", data, "--formula", Self.upliftFormula, "--treatment", "canvassed", "--treated", "1",
                              "--control", "0", "--out", "up.json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        r = try Self.run(["train", "lookalike", "--data", data, "--formula", Self.lookalikeFormula, "--seed", "seedlist", "--method", "similarity",
                          "--out", "sim.json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        r = try Self.run(["train", "logistic", "--data", data, "--formula", "voted_2024 ~ age", "--out", "logit.json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let cases: [([String], String)] = [
            (["up.json", "--pd", "age"], "--pd does not apply to an uplift model"),
            (["up.json", "--threshold", "0.5", "--group", "race"], "--threshold does not apply to an uplift model: the targeting audit selects the top fraction"),
            (["up.json", "--size", "0.1"], "--size does not apply to an uplift model"),
            (["up.json", "--top", "0.2"], "--top without --group does not apply to an uplift model"),
            (["up.json", "--reference", "race=White", "--group", "race"], "--reference does not apply to an uplift model"),
            (["sim.json", "--pd", "age"], "--pd does not apply to a lookalike model"),
            (["sim.json", "--outcome", "voted_2024"], "--outcome does not apply to a lookalike model"),
            (["sim.json", "--top", "0.1", "--group", "race"], "--top does not apply to a lookalike model: the audience of a lookalike model is set by --size"),
            (["sim.json", "--metric", "auc"], "--metric does not apply to a lookalike model"),
            (["logit.json", "--size", "0.1"], "--size does not apply to a logistic model"),
            (["logit.json", "--holdout", "0.3"], "--holdout does not apply to a logistic model"),
        ]
        for (arguments, message) in cases {
            r = try Self.run(["report"] + arguments + ["--data", data, "--format", "json", "--out", "r.json"], in: dir)
            #expect(r.status == 64, "\(arguments): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
            #expect(!dir.exists("r.json"))
        }
        // A lookalike composition needs the seed column; without --group the data need not have it.
        let withoutSeeds = try String(contentsOfFile: data, encoding: .utf8).replacingOccurrences(of: ",seedlist,", with: ",other,")
        _ = try dir.write("noseed.csv", withoutSeeds)
        r = try Self.run(["report", "sim.json", "--data", "noseed.csv", "--group", "race", "--format", "json", "--out", "r.json"], in: dir)
        #expect(r.status == 65 && r.stderr.contains("the composition audit needs the model's seed column 'seedlist'"), "\(r.stderr)")
        #expect(!dir.exists("r.json"))
        r = try Self.run(["report", "sim.json", "--data", "noseed.csv", "--format", "json", "--out", "r.json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let ids = try #require(try Self.json(dir.path("r.json"))["sections"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(ids == ["about", "lookalike-model"])
    }

    @Test("same model, data, seed and SOURCE_DATE_EPOCH give byte-identical uplift and lookalike reports")
    func reproducible() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let data = try Self.voters(dir, rows: 3000)
        var r = try Self.run(["train", "uplift", "--data", data, "--formula", Self.upliftFormula, "--treatment", "canvassed", "--treated", "1",
                              "--control", "0", "--out", "up.json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        r = try Self.run(["train", "lookalike", "--data", data, "--formula", Self.lookalikeFormula, "--seed", "seedlist", "--method", "pu",
                          "--out", "pu.json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        for model in ["up.json", "pu.json"] {
            var outputs = [Data]()
            // The same command twice (the output name is part of the manifest's command line).
            for _ in 0..<2 {
                r = try Self.run(["report", model, "--data", data, "--group", "race", "--bootstrap", "30", "--seed", "9", "--format", "json",
                                  "--out", "r.json", "--force"], in: dir)
                #expect(r.status == 0, "\(r.stderr)")
                outputs.append(try Data(contentsOf: URL(fileURLWithPath: dir.path("r.json"))))
            }
            #expect(outputs[0] == outputs[1], "\(model)")
        }
    }
}
