import Foundation
import Testing
import GlassboxTestSupport

/// `glassbox train lookalike`, `score --size` and `evaluate lookalike` end to end on the built binary.
@Suite("glassbox lookalike commands", .serialized)
struct LookalikeCommandTests {
    static let formula = "~ C(county) + age + income"

    /// A simulated voter file with a `seedlist` column drawn from Black voters only (every 6th Black
    /// row, so no randomness is needed here); race is not a feature, county is its proxy.
    static func votersWithGroupSeed(_ dir: Scratch) throws -> String {
        let r = try GlassboxProcess.run(["simulate", "--rows", "20000", "--seed", "3", "--out", dir.path("voters.csv")])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOfFile: dir.path("voters.csv"), encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false)
        let race = try #require(header.firstIndex(of: "race"))
        var out = [lines[0] + ",seedlist"]
        var black = 0
        for line in lines.dropFirst() {
            let isBlack = line.split(separator: ",", omittingEmptySubsequences: false)[race] == "Black"
            if isBlack { black += 1 }
            out.append(line + (isBlack && black % 6 == 0 ? ",1" : ",0"))
        }
        return try dir.write("seeded.csv", out.joined(separator: "\n") + "\n")
    }

    @Test("a seed list from one group, with geography as a proxy, gives an audience the composition audit flags")
    func compositionAudit() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let data = try Self.votersWithGroupSeed(dir)
        for (method, extra) in [("similarity", ["--k", "10"]), ("logistic", []), ("pu", [])] {
            let model = dir.path("\(method).json")
            var r = try GlassboxProcess.run(["train", "lookalike", "--data", data, "--formula", Self.formula, "--seed", "seedlist",
                                             "--method", method, "--out", model] + extra)
            #expect(r.status == 0, "\(method): \(r.stderr)")
            r = try GlassboxProcess.run(["score", model, "--data", data, "--out", dir.path("\(method).csv"), "--size", "0.1", "--keep", "seedlist"])
            #expect(r.status == 0, "\(r.stderr)")
            let rows = try String(contentsOfFile: dir.path("\(method).csv"), encoding: .utf8).split(separator: "\n")
            #expect(rows.first == "seedlist,score,rank,audience")
            let audience = rows.dropFirst().filter { $0.hasSuffix(",1") }
            let seedsInAudience = audience.filter { $0.hasPrefix("1,") }.count
            #expect(seedsInAudience == 0)
            let nonSeeds = rows.dropFirst().filter { $0.hasPrefix("0,") }.count
            #expect(audience.count == Int((0.1 * Double(nonSeeds)).rounded(.up)))

            r = try GlassboxProcess.run(["evaluate", "lookalike", model, "--data", data, "--group", "race", "--size", "0.1",
                                         "--bootstrap", "200", "--out", dir.path("\(method)-eval.json")])
            #expect(r.status == 0, "\(r.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path("\(method)-eval.json")))) as? [String: Any])
            let composition = try #require((report["composition"] as? [[String: Any]])?.first)
            #expect(composition["name"] as? String == "race")
            #expect(try #require(composition["pValue"] as? Double) < 1e-6)
            let groups = try #require(composition["groups"] as? [[String: Any]])
            let black = try #require(groups.first { $0["value"] as? String == "Black" })
            #expect(try #require(black["audienceRatio"] as? Double) > 1.25)
            #expect(try #require(black["ciLower"] as? Double) > 1.25)
            #expect(black["verdict"] as? String == "fail")
            #expect((black["flag"] as? String)?.contains("Black is over-represented") == true)
            let recovery = try #require(report["recovery"] as? [String: Any])
            #expect(try #require(recovery["auc"] as? Double) > 0.7)
            #expect(try #require(recovery["lift"] as? Double) > 2)

            // inspect: the method's own figures in every format.
            r = try GlassboxProcess.run(["inspect", model])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("Lookalike model (\(method))") && r.stdout.contains("Seed column:"), "\(r.stdout)")
            switch method {
            case "similarity": #expect(r.stdout.contains("mean of the 10 nearest seeds") && r.stdout.contains("county[County A]"), "\(r.stdout)")
            case "pu": #expect(r.stdout.contains("Labelling rate ĉ") && r.stdout.contains("odds ratio"), "\(r.stdout)")
            default: #expect(r.stdout.contains("(Intercept)") && !r.stdout.contains("ĉ"), "\(r.stdout)")
            }
            r = try GlassboxProcess.run(["inspect", model, "--format", "json"])
            let inspected = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            #expect(inspected["kind"] as? String == "lookalike" && inspected["seedColumn"] as? String == "seedlist")
            #expect(((inspected["coefficients"] as? [Any])?.isEmpty ?? true) == (method == "similarity"))
            r = try GlassboxProcess.run(["inspect", model, "--format", "markdown"])
            #expect(r.stdout.hasPrefix("## Lookalike model (\(method)): seedlist"), "\(r.stdout)")
        }
    }

    @Test("similarity: one-hot counties (reference level included) with a county × age product; an unseen county is refused at scoring")
    func oneHotSimilarity() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let data = try Self.votersWithGroupSeed(dir)
        let model = dir.path("sim.json")
        var r = try GlassboxProcess.run(["train", "lookalike", "--data", data, "--formula", "~ C(county) + age + C(county):age", "--seed", "seedlist",
                                         "--method", "similarity", "--out", model])
        #expect(r.status == 0, "\(r.stderr)")
        let file = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: model))) as? [String: Any])
        let fit = try #require(file["fit"] as? [String: Any])
        let index = try #require(fit["similarity"] as? [String: Any])
        #expect(index["coding"] as? String == "oneHot")
        let features = try #require(index["features"] as? [String])
        let counties = features.filter { $0.hasPrefix("county[") && !$0.contains(":") }
        #expect(counties.count >= 2 && counties == counties.sorted())
        #expect(features.filter { $0.hasSuffix(":age") }.count == counties.count, "\(features)")
        r = try GlassboxProcess.run(["evaluate", "lookalike", model, "--data", data, "--bootstrap", "0", "--out", dir.path("eval.json")])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path("eval.json")))) as? [String: Any])
        let explained = try #require(report["explanation"] as? [[String: Any]]).compactMap { $0["term"] as? String }
        #expect(explained == features)

        // A county the model never saw.
        let lines = try String(contentsOfFile: data, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false)
        let county = try #require(header.firstIndex(of: "county"))
        var fields = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[county] = "Atlantis"
        let unseen = try dir.write("unseen.csv", ([lines[0], fields.joined(separator: ",")] + lines[2...5]).joined(separator: "\n") + "\n")
        r = try GlassboxProcess.run(["score", model, "--data", unseen, "--out", dir.path("s.csv")])
        #expect(r.status != 0)
        #expect(r.stderr.contains("column 'county' has level 'Atlantis' that was not seen in training"), "\(r.stderr)")
        #expect(!dir.exists("s.csv"))
    }

    @Test("bagging pu: --bag-size, rows never out of bag reported, same bytes for the same seed, evaluate scores its training data out of bag")
    func baggingOutOfBag() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let data = try Self.votersWithGroupSeed(dir)
        let model = dir.path("bag.json")
        // Same seed, same bytes (the manifest's time pinned by SOURCE_DATE_EPOCH).
        let train = ["train", "lookalike", "--data", data, "--formula", Self.formula, "--seed", "seedlist", "--method", "pu",
                     "--bagging", "5", "--bag-size", "300", "--random-seed", "7", "--out", model, "--force"]
        var r = try GlassboxProcess.run(train, environment: ["SOURCE_DATE_EPOCH": "0"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("5 bagging rounds of K = 300 non-seed rows, 0 non-seed rows never out of bag"), "\(r.stdout)")
        let first = try Data(contentsOf: URL(fileURLWithPath: model))
        r = try GlassboxProcess.run(train, environment: ["SOURCE_DATE_EPOCH": "0"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(first == (try Data(contentsOf: URL(fileURLWithPath: model))))

        r = try GlassboxProcess.run(["evaluate", "lookalike", model, "--data", data, "--group", "race", "--bootstrap", "0",
                                     "--out", dir.path("eval.json")])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path("eval.json")))) as? [String: Any])
        #expect(report["outOfBag"] as? Bool == true)
        let groups = try #require((report["composition"] as? [[String: Any]])?.first?["groups"] as? [[String: Any]])
        #expect(groups.first { $0["value"] as? String == "Black" }?["verdict"] as? String == "fail")

        // score: out of bag on the training file only; another file (one more row) is scored by every round.
        r = try GlassboxProcess.run(["score", model, "--data", data, "--out", dir.path("oob.csv")])
        #expect(r.status == 0 && r.stderr.contains("scored out of bag"), "\(r.stderr)")
        let text = try String(contentsOfFile: data, encoding: .utf8)
        let other = try dir.write("other.csv", text + (text.split(separator: "\n").last.map { String($0) + "\n" } ?? ""))
        r = try GlassboxProcess.run(["score", model, "--data", other, "--out", dir.path("all.csv")])
        #expect(r.status == 0 && !r.stderr.contains("out of bag"), "\(r.stderr)")
        let oob = try String(contentsOfFile: dir.path("oob.csv"), encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] }
        let all = try String(contentsOfFile: dir.path("all.csv"), encoding: .utf8).split(separator: "\n").dropFirst().prefix(oob.count).map { $0.split(separator: ",")[0] }
        let differing = zip(oob, all).filter { $0 != $1 }.count
        #expect(differing > 0 && differing < oob.count, "\(differing) of \(oob.count) training rows scored differently out of bag")

        r = try GlassboxProcess.run(["train", "lookalike", "--data", data, "--formula", Self.formula, "--seed", "seedlist",
                                     "--method", "pu", "--bag-size", "30", "--out", dir.path("x.json")])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--bag-size applies to --method pu --bagging N only"), "\(r.stderr)")
        #expect(!dir.exists("x.json"))
    }

    @Test("bad input: a specific message, a non-zero exit and no output file")
    func badInput() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        var csv = "a,b,c,flat,gone,s,none,all\n"
        for i in 0..<40 { csv += "\(i),\(i % 7),\(i % 3),5,,\(i % 4 == 0 ? 1 : 0),0,1\n" }
        let data = try dir.write("d.csv", csv)
        let cases: [([String], String)] = [
            (["--seed", "missing", "--method", "logistic"], "seed column 'missing' is not in the data"),
            (["--seed", "none", "--method", "pu"], "marks no row as a seed"),
            (["--seed", "all", "--method", "similarity"], "marks every row (40) as a seed"),
            (["--seed", "s", "--method", "similarity", "--k", "11"], "--k 11 is larger than the seed list (10 seed rows)"),
            (["--seed", "s", "--method", "similarity", "--formula", "~ a + flat"], "feature 'flat' is constant"),
            (["--seed", "s", "--method", "logistic", "--formula", "~ a + gone"], "feature 'gone' is missing in every row"),
        ]
        for (arguments, message) in cases {
            var full = ["train", "lookalike", "--data", data, "--out", dir.path("m.json")] + arguments
            if !arguments.contains("--formula") { full += ["--formula", "~ a + b + C(c)"] }
            let r = try GlassboxProcess.run(full)
            #expect(r.status != 0, "\(arguments)")
            #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
            #expect(!dir.exists("m.json"))
        }
    }
}
