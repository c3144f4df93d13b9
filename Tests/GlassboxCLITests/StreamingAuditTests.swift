import Foundation
import Testing
import GlassboxTestSupport

/// Issue 16: `glassbox audit` streamed in chunks within a memory budget writes the in-memory audit's bytes
/// and messages (docs/scale.md, "Audits").
@Suite("streamed audit", .serialized)
struct StreamingAuditTests {
    /// A 50,000-row simulated voter file with `income` blank on every 7th row and `party` NA on every 11th,
    /// and a logistic model trained on another simulated file.
    static let fixture: GappedVotersAndModel = {
        let fixture = GappedVotersAndModel.make()
        atexit { StreamingAuditTests.fixture.scratch.cleanup() } // a static value has no teardown
        return fixture
    }()

    /// Audits with `options` in memory and then streamed in each of `ways` (extra arguments, and whether on one
    /// CPU), each run in a directory of its own writing `audit.out`; checks the outputs are the in-memory bytes
    /// but for the extra arguments in the manifest's command line, and stderr is the same.
    static func auditedWays(_ options: [String], format: String, ways: [([String], oneCPU: Bool)]) throws {
        let f = fixture
        let base = ["audit", "--data", f.data, "--format", format, "--quiet", "--out", "audit.out"] + options
        let environment = ["SOURCE_DATE_EPOCH": "1700000000"]
        func run(_ name: String, _ extra: [String], oneCPU: Bool) throws -> (String, GlassboxProcess.Result) {
            let directory = URL(fileURLWithPath: f.scratch.path(name))
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let r = oneCPU
                ? try GlassboxProcess.run(executable: "/usr/bin/taskset", ["-c", "0", GlassboxProcess.binary] + base + extra, in: directory, environment: environment)
                : try GlassboxProcess.run(base + extra, in: directory, environment: environment)
            let text = (try? String(contentsOf: directory.appendingPathComponent("audit.out"), encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: directory)
            return (text, r)
        }
        let (reference, memory) = try run("memory", [], oneCPU: false)
        #expect(memory.status == 0, "\(memory.stderr)")
        #expect(!reference.isEmpty)
        for (k, way) in ways.enumerated() {
            let (text, r) = try run("streamed-\(k)", way.0, oneCPU: way.oneCPU)
            #expect(r.status == 0, "\(way.0): \(r.stderr)")
            let rendered = format == "json" ? way.0.map { ", \"\($0)\"" }.joined() : way.0.map { " " + $0 }.joined()
            #expect(text.replacingOccurrences(of: rendered, with: "") == reference, "\(way.0)")
            #expect(r.stderr == memory.stderr, "\(way.0)")
        }
    }

    static let allWays: [([String], oneCPU: Bool)] = [(["--memory", "1MB"], false), (["--stream-chunk-bytes", "3000"], true),
                                                     (["--stream-chunk-bytes", "20000"], false), (["--memory", "1MB"], true)]

    @Test("a score column with weights, two attributes and their intersection, bootstrap: the in-memory JSON for any chunk size and thread count")
    func scoreColumn() throws {
        try Self.auditedWays(["--score", "vendor_turnout_score", "--outcome", "voted_2024", "--group", "race", "--group", "party",
                              "--intersect", "--weights", "weight", "--bootstrap", "200"], format: "json", ways: Self.allWays)
    }

    @Test("a model scored per chunk, rows dropped for missing inputs, --top ties: the in-memory Markdown and HTML")
    func modelScores() throws {
        let options = ["--model", Self.fixture.model, "--outcome", "voted_2024", "--group", "race", "--group", "county",
                       "--top", "0.3", "--bootstrap", "100"]
        try Self.auditedWays(options, format: "markdown", ways: [(["--memory", "1MB"], false), (["--stream-chunk-bytes", "3000"], true)])
        try Self.auditedWays(options, format: "html",
                             ways: [(["--stream-chunk-bytes", "7000"], false)])
    }

    @Test("a column the file lacks gets the in-memory message")
    func missingColumn() throws {
        let f = Self.fixture
        let base = ["audit", "--data", f.data, "--score", "vendor_turnout_score", "--outcome", "voted_2024", "--group", "no_such_column",
                    "--out", f.scratch.path("missing.json"), "--quiet"]
        let memory = try GlassboxProcess.run(base)
        let streamed = try GlassboxProcess.run(base + ["--stream-chunk-bytes", "3000"])
        #expect(memory.status == 65 || memory.status == 64)
        #expect(streamed.status == memory.status && streamed.stderr == memory.stderr, "\(streamed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: f.scratch.path("missing.json")))
    }

    @Test("SIGINT during a streamed audit leaves no output and no projection cache in $TMPDIR")
    func interrupted() throws {
        let f = Self.fixture
        let cache = f.scratch.path("tmp-interrupted")
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GlassboxProcess.binary)
        process.arguments = ["audit", "--data", f.data, "--score", "vendor_turnout_score", "--outcome", "voted_2024", "--group", "race",
                             "--out", f.scratch.path("interrupted.json"), "--stream-chunk-bytes", "400", "--quiet"]
        process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": cache]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        // The signal goes once the process holds its projection cache (created in $TMPDIR and unlinked at once).
        let outcome = try SignalWhenBusy.run(process, signal: SIGINT) { SignalWhenBusy.opensFile(pid: $0, under: cache) }
        #expect(outcome.signalled, "the audit ended before its cache appeared")
        #expect(outcome.status == 130)
        #expect(!FileManager.default.fileExists(atPath: f.scratch.path("interrupted.json")))
        #expect((try FileManager.default.contentsOfDirectory(atPath: cache)).isEmpty)
    }

    @Test("a streamed audit keeps its rows in $TMPDIR: an unusable $TMPDIR is an error naming the projection cache (exit 74), not a whole read")
    func unusableTemporaryDirectory() throws {
        let f = Self.fixture
        let missing = f.scratch.path("no-such-directory")
        let r = try GlassboxProcess.run(["audit", "--data", f.data, "--score", "vendor_turnout_score", "--outcome", "voted_2024", "--group", "race",
                                         "--out", f.scratch.path("unusable.json"), "--memory", "1MB", "--quiet"], environment: ["TMPDIR": missing])
        #expect(r.status == 74, "\(r.stderr)")
        #expect(r.stderr.contains("\(missing): create the streamed audit's projection cache in failed: No such file or directory"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: f.scratch.path("unusable.json")))
        // A file of no complete rows needs no cache: the whole file's error (exit 65), whatever $TMPDIR is — streamed
        // (forced chunks) as when the small file is read whole.
        let empty = f.scratch.path("no-complete-rows.csv")
        try Data("score,y,g\n,1,a\n0.5,,b\n".utf8).write(to: URL(fileURLWithPath: empty))
        for extra in [[], ["--stream-chunk-bytes", "4096"]] {
            let e = try GlassboxProcess.run(["audit", "--data", empty, "--score", "score", "--outcome", "y", "--group", "g", "--out", f.scratch.path("empty.json"),
                                             "--memory", "1MB", "--quiet"] + extra, environment: ["TMPDIR": missing])
            #expect(e.status == 65, "\(extra): \(e.stderr)")
            #expect(e.stderr.contains("no rows left"), "\(extra): \(e.stderr)")
            #expect(!FileManager.default.fileExists(atPath: f.scratch.path("empty.json")))
        }
    }

    @Test("a group column that reads as numbers in one chunk and as text in another is refused streamed, with no output")
    func mixedKinds() throws {
        let f = Self.fixture
        var lines = ["score,y,g"]
        for i in 0..<2000 { lines.append("\(Double(i % 10) / 10),\(i % 2),\(i < 1500 ? "\(i % 3)" : "x\(i % 3)")") }
        let path = try f.scratch.write("mixed.csv", lines.joined(separator: "\n") + "\n")
        let r = try GlassboxProcess.run(["audit", "--data", path, "--score", "score", "--outcome", "y", "--group", "g",
                                         "--out", f.scratch.path("mixed.json"), "--quiet", "--stream-chunk-bytes", "4096"])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("column 'g' reads as numbers in one part of the file and as text in another; a streamed audit needs one kind per column"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: f.scratch.path("mixed.json")))
    }
}
