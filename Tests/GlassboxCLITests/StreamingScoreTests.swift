import Foundation
import Testing
import GlassboxTestSupport

/// Issue 16: `glassbox score` streamed in chunks within a memory budget writes the in-memory path's bytes
/// and messages, for every model kind, with missing inputs, `--where` and `--derive` (docs/scale.md, "Scoring").
@Suite("streamed scoring", .serialized)
struct StreamingScoreTests {
    static let formula = "voted_2024 ~ age + female + C(race) + party + voted_2020 + log(income)"

    /// A 50,000-row simulated voter file with `income` blank on every 7th row and `party` NA on every 11th,
    /// and logistic, uplift and lookalike models trained on another simulated file.
    struct Fixture: @unchecked Sendable {
        let scratch: Scratch
        var data: String { scratch.path("voters.csv") }
        func model(_ kind: String) -> String { scratch.path("\(kind).json") }
    }

    static let fixture: Fixture = {
        let scratch = try! Scratch()
        SimulatedVotersWithGaps.write("voters.csv", in: scratch)
        var r = try! GlassboxProcess.run(["simulate", "--rows", "3000", "--seed", "4", "--out", scratch.path("train.csv"), "--quiet"])
        precondition(r.status == 0, r.stderr)
        let train = scratch.path("train.csv")
        for command in [["train", "logistic", "--data", train, "--formula", formula, "--out", scratch.path("logistic.json")],
                        ["train", "uplift", "--data", train, "--formula", formula, "--treatment", "canvassed", "--treated", "1",
                         "--control", "0", "--out", scratch.path("uplift.json")],
                        ["train", "lookalike", "--data", train, "--formula", "~ age + female + party", "--seed", "donor",
                         "--method", "pu", "--out", scratch.path("lookalike.json")]] {
            r = try! GlassboxProcess.run(command + ["--quiet"])
            precondition(r.status == 0, r.stderr)
        }
        atexit { StreamingScoreTests.fixture.scratch.cleanup() } // a static value has no teardown
        return Fixture(scratch: scratch)
    }()

    /// Scores with `options` three ways — in memory, under a 1 MB budget, in 3,000-byte chunks on one CPU —
    /// and checks that the outputs, stdout (but for the file name) and stderr are the same.
    static func scoredThreeWays(_ kind: String, _ options: [String]) throws {
        let f = fixture
        let base = ["score", f.model(kind), "--data", f.data, "--quiet", "--force"] + options
        let memory = try GlassboxProcess.run(base + ["--out", f.scratch.path("\(kind)-memory.csv")])
        #expect(memory.status == 0, "\(memory.stderr)")
        let budget = try GlassboxProcess.run(base + ["--out", f.scratch.path("\(kind)-budget.csv"), "--memory", "1MB"])
        #expect(budget.status == 0, "\(budget.stderr)")
        let tiny = try GlassboxProcess.run(executable: "/usr/bin/taskset", ["-c", "0", GlassboxProcess.binary] + base
                                           + ["--out", f.scratch.path("\(kind)-tiny.csv"), "--stream-chunk-bytes", "3000"])
        #expect(tiny.status == 0, "\(tiny.stderr)")
        let reference = try Data(contentsOf: URL(fileURLWithPath: f.scratch.path("\(kind)-memory.csv")))
        #expect(try Data(contentsOf: URL(fileURLWithPath: f.scratch.path("\(kind)-budget.csv"))) == reference)
        #expect(try Data(contentsOf: URL(fileURLWithPath: f.scratch.path("\(kind)-tiny.csv"))) == reference)
        #expect(budget.stdout == memory.stdout.replacingOccurrences(of: "-memory.csv", with: "-budget.csv"))
        #expect(tiny.stdout == memory.stdout.replacingOccurrences(of: "-memory.csv", with: "-tiny.csv"))
        #expect(budget.stderr == memory.stderr && tiny.stderr == memory.stderr)
        #expect(memory.stderr.contains("have a missing model value"), "\(memory.stderr)")
    }

    @Test("logistic, uplift and lookalike models: the in-memory bytes for any chunk size", arguments: ["logistic", "uplift", "lookalike"])
    func sameBytes(kind: String) throws {
        try Self.scoredThreeWays(kind, ["--id", "voter_id", "--keep", "county,age"] + (kind == "lookalike" ? ["--size", "0.1"] : []))
    }

    @Test("--where and --derive apply per chunk with the same kept and dropped counts")
    func filtered() throws {
        try Self.scoredThreeWays("logistic", ["--id", "voter_id", "--keep", "old,party", "--derive", "old = age >= 60",
                                              "--where", "party != \"IND\"", "--where", "age > 20"])
        let r = try GlassboxProcess.run(["score", Self.fixture.model("uplift"), "--data", Self.fixture.data, "--quiet", "--force",
                                         "--where", "income > 20", "--out", Self.fixture.scratch.path("w.csv"), "--stream-chunk-bytes", "3000"])
        #expect(r.stderr.contains("rows kept by --where 'income > 20' ("), "\(r.stderr)")
    }

    @Test("a column read as numbers in one chunk and as text in another is an error, with no output")
    func mixedKinds() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let rows = (0..<2000).map { "\($0 < 1500 ? "\($0)" : "X\($0)"),\($0 % 80 + 18),\($0 % 2),White,DEM,1,30.5" }
        let data = try scratch.write("mixed.csv", (["voter_id,age,female,race,party,voted_2020,income"] + rows).joined(separator: "\n") + "\n")
        let out = scratch.path("out.csv")
        let r = try GlassboxProcess.run(["score", Self.fixture.model("logistic"), "--data", data, "--id", "voter_id", "--out", out,
                                         "--stream-chunk-bytes", "2000", "--quiet"])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("column 'voter_id' reads as numbers in one part of the file and as text in another"), "\(r.stderr)")
        #expect(!scratch.exists("out.csv"))
        #expect(scratch.contents.filter { $0.contains("glassbox") }.isEmpty, "\(scratch.contents)")
    }

    @Test("a bagging-PU model's own training file (scored out of bag only whole) is refused streamed, with no output")
    func outOfBagRefused() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let train = Self.fixture.scratch.path("train.csv")
        var r = try GlassboxProcess.run(["train", "lookalike", "--data", train, "--formula", "~ age + female", "--seed", "donor",
                                         "--method", "pu", "--bagging", "5", "--out", scratch.path("bagged.json"), "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["score", scratch.path("bagged.json"), "--data", train, "--out", scratch.path("out.csv"),
                                     "--stream-chunk-bytes", "3000", "--quiet"])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("scored out of bag: that needs the whole table in memory"), "\(r.stderr)")
        #expect(!scratch.exists("out.csv"))
    }

    @Test("SIGINT during streamed scoring leaves no output and no temporary file")
    func interrupted() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GlassboxProcess.binary)
        process.arguments = ["score", Self.fixture.model("uplift"), "--data", Self.fixture.data, "--id", "voter_id",
                             "--out", scratch.path("scores.csv"), "--stream-chunk-bytes", "300", "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        // The signal goes once the temporary output exists: scoring is then under way.
        let outcome = try SignalWhenBusy.run(process, signal: SIGINT) { _ in
            scratch.contents.contains { $0.contains(".glassbox-tmp-") }
        }
        #expect(outcome.signalled, "scoring ended before its temporary output appeared")
        #expect(outcome.status == 130)
        #expect(scratch.contents.isEmpty, "\(scratch.contents)")
    }
}
