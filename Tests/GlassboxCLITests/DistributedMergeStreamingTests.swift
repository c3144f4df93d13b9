import Foundation
import Testing
import GlassboxCore
import GlassboxTestSupport

/// `glassbox merge logistic` reads, checks and adds its partials one at a time (docs/scale.md §2), so its memory
/// estimate holds one partial besides the running sums, however many partitions there are: a merge of 40 partials
/// that the estimate of holding all 40 refused now runs, and a bad partial among them is still refused by name.
@Suite("merge adds partials one at a time", .serialized)
struct DistributedMergeStreamingTests {
    /// The design columns of `y ~ g` over ``DistributedFitSizeTests/data`` (intercept, g[b], g[c]).
    static let p = 3.0

    /// `FitStateLimits.passBytes` of one p × p matrix with `held` partials held besides the sums (docs/scale.md §2:
    /// 8·((1 + N)·p² + (W + 3)·p² + W·4,096·p)), W the worker threads of this machine, as the binary counts them.
    static func bytes(held: Double) -> Double {
        let w = Double(Parallel.workerCount)
        return 8 * ((1 + held) * p * p + (w + 3) * p * p + w * 4_096 * p)
    }

    /// Runs `glassbox` with `arguments`, expecting success.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> GlassboxProcess.Result {
        let r = try GlassboxProcess.run(arguments, environment: environment)
        #expect(r.status == 0, "\(arguments): \(r.stderr)")
        return r
    }

    @Test("40 partials under a budget that holding all 40 exceeded: every pass merges, and the model is that of no budget")
    func fortyPartials() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        // Four partitions, each given ten times: 40 partial files of the data repeated ten times.
        let lines = DistributedFitSizeTests.data.split(separator: "\n").map(String.init)
        let partitions = try (0..<4).map { b in try scratch.write("part\(b).csv", ([lines[0]] + lines[(1 + b * 150)...(150 + b * 150)]).joined(separator: "\n") + "\n") }
        let budget = (Self.bytes(held: 1) + Self.bytes(held: 40)) / 2
        #expect(Self.bytes(held: 40) > budget && Self.bytes(held: 1) < budget)
        let limited = ["GLASSBOX_MEMORY_LIMIT_BYTES": String(UInt64(budget))]
        _ = try Self.run(["merge", "logistic", "--formula", "y ~ g", "--out", scratch.path("s0.json")])
        var pass = 0, done = false
        while !done && pass < 30 {
            let state = scratch.path("s\(pass).json")
            let partials = try (0..<4).map { b -> String in
                let out = scratch.path("p\(pass)-\(b).json")
                _ = try Self.run(["partial", "logistic", "--state", state, "--data", partitions[b], "--out", out])
                return out
            }
            let forty = (0..<10).flatMap { _ in partials }
            let merged = try Self.run(["merge", "logistic", "--state", state] + forty + ["--out", scratch.path("s\(pass + 1).json"),
                                       "--model-out", scratch.path("model.json")], environment: limited)
            // The same merge without a budget writes the same state.
            _ = try Self.run(["merge", "logistic", "--state", state] + forty + ["--out", scratch.path("free\(pass + 1).json"),
                              "--model-out", scratch.path("free-model.json")])
            #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path("s\(pass + 1).json")))
                    == Data(contentsOf: URL(fileURLWithPath: scratch.path("free\(pass + 1).json"))))
            done = merged.stdout.hasPrefix("done: ")
            pass += 1
        }
        #expect(done)
        let model = try DistributedFitSizeTests.json(scratch.path("model.json"))
        let data = (model["manifest"] as? [String: Any])?["data"] as? [String: Any]
        #expect(data?["rowsUsed"] as? Int == 6_000)
    }

    @Test("a bad partial among 40 exits 65 naming it, and writes nothing")
    func badPartialInTheMiddle() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let data = try scratch.write("data.csv", DistributedFitSizeTests.data)
        _ = try Self.run(["merge", "logistic", "--formula", "y ~ g", "--out", scratch.path("s0.json")])
        _ = try Self.run(["partial", "logistic", "--state", scratch.path("s0.json"), "--data", data, "--out", scratch.path("p0.json")])
        _ = try Self.run(["merge", "logistic", "--state", scratch.path("s0.json"), scratch.path("p0.json"), "--out", scratch.path("s1.json"),
                          "--model-out", scratch.path("m.json")])
        _ = try Self.run(["partial", "logistic", "--state", scratch.path("s1.json"), "--data", data, "--out", scratch.path("p1.json")])
        // Partial 20 of 40: a summary with a column too many.
        var bad = try DistributedFitSizeTests.json(scratch.path("p1.json"))
        var summary = bad["summary"] as! [String: Any]
        summary["largest"] = (summary["largest"] as! [Any]) + [1.0]
        bad["summary"] = summary
        try JSONSerialization.data(withJSONObject: bad).write(to: URL(fileURLWithPath: scratch.path("bad.json")))
        let before = scratch.contents
        let partials = Array(repeating: scratch.path("p1.json"), count: 20) + [scratch.path("bad.json")] + Array(repeating: scratch.path("p1.json"), count: 19)
        let r = try GlassboxProcess.run(["merge", "logistic", "--state", scratch.path("s1.json")] + partials + ["--out", scratch.path("s2.json"),
                                         "--model-out", scratch.path("model.json")])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("\(scratch.path("bad.json")) holds no summary of 3 design columns"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(scratch.contents == before)
    }
}
