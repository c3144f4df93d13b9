import Foundation
import Testing
import GlassboxTestSupport

/// `glassbox partial columns`: the columns a distributed fit's partials read, which a driver (the Spark
/// integration) sends instead of every column of the file (docs/scale.md §1).
@Suite("glassbox partial columns")
struct PartialColumnsTests {
    static func columns(_ state: String) throws -> [String]? {
        let r = try GlassboxProcess.run(["partial", "columns", "--state", state])
        #expect(r.status == 0, "\(r.stderr)")
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8), options: .fragmentsAllowed) as? [String]
    }

    @Test("a logistic state lists the formula's, weights and cluster columns once; a partial of only those equals one of the whole file")
    func logisticColumns() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        var r = try GlassboxProcess.run(["merge", "logistic", "--formula", "voted ~ age + C(race) + age:female", "--weights", "w",
                                         "--cluster", "age", "--out", scratch.path("s0.json")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.columns(scratch.path("s0.json")) == ["voted", "age", "race", "female", "w"])

        // Unused columns, one of them numbers in some rows and text in others: the partial never parses them.
        var wide = "id,voted,junk,age,race,note,female,w\n", narrow = "voted,age,race,female,w\n"
        for k in 0..<40 {
            let (voted, age, race, female, w) = ((k * 7) % 3 == 0 ? 1 : 0, 20 + (k * 13) % 50, ["a", "b", "c"][k % 3], k % 2, 1 + k % 4)
            wide += "v\(k),\(voted),\(k % 5 == 0 ? "n/a" : "\(k).5"),\(age),\(race),\"say, \"\"hi\"\"\",\(female),\(w)\n"
            narrow += "\(voted),\(age),\(race),\(female),\(w)\n"
        }
        let wideFile = try scratch.write("wide.csv", wide), narrowFile = try scratch.write("narrow.csv", narrow)
        for (data, out) in [(wideFile, "wide.json"), (narrowFile, "narrow.json")] {
            r = try GlassboxProcess.run(["partial", "logistic", "--state", scratch.path("s0.json"), "--data", data, "--out", scratch.path(out)])
            #expect(r.status == 0, "\(r.stderr)")
        }
        #expect(try Data(contentsOf: scratch.url.appendingPathComponent("wide.json")) == Data(contentsOf: scratch.url.appendingPathComponent("narrow.json")))
    }

    @Test("an uplift state lists the formula's columns, then the treatment column")
    func upliftColumns() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let r = try GlassboxProcess.run(["merge", "uplift", "--formula", "voted ~ age + C(race)", "--treatment", "canvassed",
                                         "--treated", "1", "--control", "0", "--out", scratch.path("u0.json")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.columns(scratch.path("u0.json")) == ["voted", "age", "race", "canvassed"])
    }

    @Test("a file that is not a fit state exits 65 naming it; a missing one 66; nothing on stdout")
    func refusals() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        for (text, message) in [("{}", "is not a logistic fit state"), ("{\"format\": \"glassbox-uplift-fit-state\"}", "is not an uplift fit state"),
                                ("not json", "is not a logistic fit state")] {
            let path = try scratch.write("state.json", text)
            let r = try GlassboxProcess.run(["partial", "columns", "--state", path])
            #expect(r.status == 65 && r.stderr.contains("--state '\(path)' \(message)") && r.stdout.isEmpty, "\(text): \(r.stderr)")
        }
        let r = try GlassboxProcess.run(["partial", "columns", "--state", scratch.path("absent.json")])
        #expect(r.status == 66 && r.stdout.isEmpty, "\(r.stderr)")
    }
}
