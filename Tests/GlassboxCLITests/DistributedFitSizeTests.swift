import Foundation
import Testing
import GlassboxTestSupport

/// A state's claimed design size is bounded before anything is allocated (docs/scale.md §2, "What a state may
/// claim"): a doctored logistic or uplift state claiming 60,000 design columns, or matrices beyond the memory
/// budget, exits 65 naming the file, the size and the limit, and writes nothing.
@Suite("distributed fits refuse states claiming too many design columns", .serialized)
struct DistributedFitSizeTests {
    /// 600 rows of an outcome y, a three-level text column g and a 0/1 treatment t.
    static let data = "y,g,t\n" + (0..<600).map { i in "\((i * 7 + i / 5) % 2),\(["a", "b", "c"][i % 3]),\((i / 3) % 2)\n" }.joined()

    static func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    }

    /// An encoding of `y ~ g` (JSON, as a state holds it) with `levels` levels of g (`levels` design columns): valid, as a levels merge
    /// over data with that many levels would write it.
    static func doctored(_ encoding: [String: Any], levels: Int) -> [String: Any] {
        var e = encoding
        let names = (0..<levels).map { "l" + String(repeating: "0", count: 6 - String($0).count) + String($0) }
        var factors = e["factors"] as! [[String: Any]]
        factors[0]["levels"] = names
        factors[0]["reference"] = names[0]
        e["factors"] = factors
        e["columns"] = [[Any]()] + (1..<levels).map { [["factor": 0, "level": $0]] }
        e["termNames"] = ["(Intercept)"] + names.dropFirst().map { "g[\($0)]" }
        let sources = e["termSources"] as! [Any]
        e["termSources"] = [sources[0]] + Array(repeating: sources[1], count: levels - 1)
        return e
    }

    /// Writes `state` (read from `from`) with its encoding, and every component's, of `levels` levels to `to`.
    static func doctor(_ from: String, levels: Int, to: String) throws {
        var state = try json(from)
        let encoding = doctored(state["encoding"] as! [String: Any], levels: levels)
        state["encoding"] = encoding
        if var components = state["components"] as? [[String: Any]] {
            for k in components.indices { components[k]["encoding"] = encoding }
            state["components"] = components
        }
        try JSONSerialization.data(withJSONObject: state).write(to: URL(fileURLWithPath: to))
    }

    /// The state after the levels pass of `kind` (`logistic`, or `uplift` with `options`) over ``data``,
    /// written to `s1.json`, with its levels partial `p0.json`.
    static func afterLevels(_ scratch: Scratch, kind: String, options: [String] = []) throws {
        let data = try scratch.write("data.csv", Self.data)
        var r = try GlassboxProcess.run(["merge", kind, "--formula", "y ~ g", "--out", scratch.path("s0.json")] + options)
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["partial", kind, "--state", scratch.path("s0.json"), "--data", data, "--out", scratch.path("p0.json")])
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["merge", kind, "--state", scratch.path("s0.json"), scratch.path("p0.json"), "--out", scratch.path("s1.json"),
                                     "--model-out", scratch.path("m.json")])
        #expect(r.status == 0, "\(r.stderr)")
        _ = try scratch.write("empty.csv", "y,g,t\n")
    }

    /// `partial` and `merge` of `kind` on the state `state` exit 65 with `message` on stderr and write nothing.
    static func refused(_ scratch: Scratch, kind: String, state: String, message: String, environment: [String: String] = [:]) throws {
        let before = scratch.contents
        var r = try GlassboxProcess.run(["partial", kind, "--state", scratch.path(state), "--data", scratch.path("empty.csv"),
                                         "--out", scratch.path("part.json")], environment: environment)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        r = try GlassboxProcess.run(["merge", kind, "--state", scratch.path(state), scratch.path("p0.json"), "--out", scratch.path("next.json"),
                                     "--model-out", scratch.path("model.json")], environment: environment)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(scratch.contents == before, "files written: \(Set(scratch.contents).subtracting(before))")
    }

    @Test("a logistic state claiming 60,000 design columns, or matrices beyond the budget, exits 65 and writes nothing")
    func logistic() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        try Self.afterLevels(scratch, kind: "logistic")
        try Self.doctor(scratch.path("s1.json"), levels: 60_000, to: scratch.path("big.json"))
        try Self.refused(scratch, kind: "logistic", state: "big.json",
                         message: "error: --state '\(scratch.path("big.json"))': its design encoding claims 60000 design columns, more than the 10000 a model can be fitted with")
        try Self.doctor(scratch.path("s1.json"), levels: 3_000, to: scratch.path("mid.json"))
        try Self.refused(scratch, kind: "logistic", state: "mid.json", message: "--state '\(scratch.path("mid.json"))': ",
                         environment: ["GLASSBOX_MEMORY_LIMIT_BYTES": "10000000"])
        let r = try GlassboxProcess.run(["partial", "logistic", "--state", scratch.path("mid.json"), "--data", scratch.path("empty.csv")],
                                        environment: ["GLASSBOX_MEMORY_LIMIT_BYTES": "10000000"])
        #expect(r.stderr.contains("mid.json': computing a partial of its pass needs about "), "\(r.stderr)")
        let merge = try GlassboxProcess.run(["merge", "logistic", "--state", scratch.path("mid.json"), scratch.path("p0.json"), scratch.path("p0.json"),
                                             "--out", scratch.path("next.json"), "--model-out", scratch.path("model.json")],
                                            environment: ["GLASSBOX_MEMORY_LIMIT_BYTES": "10000000"])
        #expect(merge.status == 65 && merge.stderr.contains("mid.json': merging 2 partial(s) of its pass needs about "), "\(merge.stderr)")
        #expect(!scratch.exists("next.json") && !scratch.exists("model.json"))
        #expect(r.stderr.contains("for a 3000 × 3000 matrix of doubles (and their sums), more than 10.0 MB, the limit set by GLASSBOX_MEMORY_LIMIT_BYTES; run it on a machine with more memory"), "\(r.stderr)")
    }

    @Test("an uplift state claiming 60,000 design columns exits 65 and writes nothing",
          arguments: [["--learner", "two-model"], ["--learner", "x-learner"]])
    func uplift(_ learner: [String]) throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        try Self.afterLevels(scratch, kind: "uplift", options: ["--treatment", "t", "--treated", "1", "--control", "0"] + learner)
        try Self.doctor(scratch.path("s1.json"), levels: 60_000, to: scratch.path("big.json"))
        // The levels partial p0.json is of another pass: the state is refused before the partials are read.
        try Self.refused(scratch, kind: "uplift", state: "big.json",
                         message: "error: --state '\(scratch.path("big.json"))': its design encoding claims 60000 design columns, more than the 10000")
    }
}
