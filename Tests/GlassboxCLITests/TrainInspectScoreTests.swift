import Foundation
import Testing
import GlassboxTestSupport

/// End to end on the built binary: simulate → train → inspect → score.
@Suite("glassbox end to end", .serialized)
struct TrainInspectScoreTests {
    static let turnoutFormula = "voted_2024 ~ I((age - 50)/10) + voted_2018 + voted_2020 + voted_2022 + female + canvassed + canvassed:voted_2022"

    @Test("simulate, train logistic, inspect --format json: planted coefficients recovered; score writes one row per voter")
    func pipeline() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let voters = dir.path("voters.csv"), model = dir.path("m.json"), scores = dir.path("scores.csv")
        var r = try GlassboxProcess.run(["simulate", "--rows", "60000", "--seed", "7", "--out", voters])
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["train", "logistic", "--data", voters, "--formula", Self.turnoutFormula, "--out", model])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("converged"))
        r = try GlassboxProcess.run(["inspect", model, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let coefficients = try #require(json["coefficients"] as? [[String: Any]])
        let planted: [String: Double] = ["(Intercept)": -0.8, "voted_2018": 0.5, "voted_2020": 0.8, "voted_2022": 1.1,
                                         "female": 0.15, "canvassed": 0.4, "canvassed:voted_2022": -0.3]
        var checked = 0
        for row in coefficients {
            guard let term = row["term"] as? String, let truth = planted[term] else { continue }
            let estimate = try #require(row["estimate"] as? Double)
            let se = try #require(row["stdError"] as? Double)
            #expect(abs(estimate - truth) < 4.5 * se, "\(term): \(estimate) vs planted \(truth)")
            for key in ["z", "pValue", "ciLower", "ciUpper", "oddsRatio"] { #expect(row[key] is Double, "\(key)") }
            checked += 1
        }
        #expect(checked == planted.count)
        let fit = try #require(json["fit"] as? [String: Any])
        for key in ["nObservations", "logLikelihood", "deviance", "nullDeviance", "aic", "iterations"] { #expect(fit[key] != nil, "\(key)") }
        #expect(fit["converged"] as? Bool == true)

        r = try GlassboxProcess.run(["score", model, "--data", voters, "--out", scores, "--id", "voter_id", "--keep", "race,county"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOfFile: scores, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "voter_id,race,county,score")
        #expect(lines.count == 60_001)
        let firstScore = try #require(Double(lines[1].split(separator: ",").last.map(String.init) ?? ""))
        #expect(firstScore > 0 && firstScore < 1)

        r = try GlassboxProcess.run(["inspect", model])
        #expect(r.status == 0 && r.stdout.contains("Logistic regression results") && r.stdout.contains("canvassed:voted_2022"))
        r = try GlassboxProcess.run(["inspect", model, "--format", "markdown"])
        #expect(r.status == 0 && r.stdout.contains("| term | estimate |"))
        #expect(dir.contents == ["m.json", "scores.csv", "voters.csv"], "no temporary files left behind")
    }

    @Test("simulate is deterministic: the same seed gives the same bytes, another seed differs")
    func simulateDeterministic() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        for (name, seed) in [("a.csv", "5"), ("b.csv", "5"), ("c.csv", "6")] {
            let r = try GlassboxProcess.run(["simulate", "--rows", "2000", "--seed", seed, "--out", dir.path(name)])
            #expect(r.status == 0)
        }
        let a = try Data(contentsOf: dir.url.appendingPathComponent("a.csv"))
        #expect(a == (try Data(contentsOf: dir.url.appendingPathComponent("b.csv"))))
        #expect(a != (try Data(contentsOf: dir.url.appendingPathComponent("c.csv"))))
    }

    @Test("an existing output is kept without --force and replaced with it")
    func force() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let out = try dir.write("voters.csv", "keep me\n")
        var r = try GlassboxProcess.run(["simulate", "--rows", "100", "--out", out])
        #expect(r.status == 73)
        #expect(r.stderr.contains("already exists (use --force to replace it)"))
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "keep me\n")
        r = try GlassboxProcess.run(["simulate", "--rows", "100", "--out", out, "--force"])
        #expect(r.status == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("voter_id,"))
    }

    @Test("demo runs and reports planted versus recovered coefficients")
    func demo() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let r = try GlassboxProcess.run(["demo", "--rows", "20000", "--seed", "3", "--out", dir.path("demo")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Planted versus recovered"))
        #expect(r.stdout.contains("planted coefficients lie inside their 95% intervals"))
        #expect(FileManager.default.fileExists(atPath: dir.path("demo/turnout.json")))
    }
}
