import Foundation
import Testing
import GlassboxTestSupport

/// `--memory` is never silently ignored (docs/scale.md §6): a command path that reads the CSV file whole keeps
/// an explicit budget the file fits and refuses one it would exceed (exit 64, naming the option and the
/// model kind); a report too large for memory says to pass `--sample`; each command's help says what its
/// `--memory` does.
@Suite("--memory of audit and report", .serialized)
struct MemoryOptionTests {
    struct Fixture: @unchecked Sendable {
        let scratch: Scratch
        var data: String { scratch.path("voters.csv") }
    }

    /// 3,000 simulated voters with a seed list, an uplift model and a lookalike model trained on them.
    static let fixture: Fixture = {
        let scratch = try! Scratch()
        _ = try! ReportKindsTests.voters(scratch, rows: 3000)
        var r = try! ReportKindsTests.run(["train", "uplift", "--data", "voters.csv", "--formula", ReportKindsTests.upliftFormula,
                                           "--treatment", "canvassed", "--treated", "1", "--control", "0", "--learner", "two-model",
                                           "--out", "uplift.json"], in: scratch)
        precondition(r.status == 0, r.stderr)
        r = try! ReportKindsTests.run(["train", "lookalike", "--data", "voters.csv", "--formula", ReportKindsTests.lookalikeFormula,
                                       "--seed", "seedlist", "--method", "pu", "--out", "lookalike.json"], in: scratch)
        precondition(r.status == 0, r.stderr)
        atexit { MemoryOptionTests.fixture.scratch.cleanup() } // a static value has no teardown
        return Fixture(scratch: scratch)
    }()

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> GlassboxProcess.Result {
        try GlassboxProcess.run(arguments + ["--quiet", "--force", "--out", fixture.scratch.path("out.txt")], in: fixture.scratch.url,
                                environment: environment)
    }

    /// Runs `arguments` with a budget the 3,000 rows do not fit (refused, 64, with `message`) and with one they fit (exit 0).
    static func refusedUnlessFits(_ arguments: [String], message: String) throws {
        let small = try run(arguments + ["--memory", "1KiB"])
        #expect(small.status == 64, "\(arguments): \(small.stderr)")
        #expect(small.stderr.contains(message), "\(small.stderr)")
        #expect(small.stderr.contains("more than the budget of 1.0 kB"), "\(small.stderr)")
        let large = try run(arguments + ["--memory", "1GiB"])
        #expect(large.status == 0, "\(arguments): \(large.stderr)")
    }

    static let targeting = ["--treatment", "canvassed", "--treated", "1", "--control", "0", "--outcome", "voted_2024", "--group", "race",
                            "--bootstrap", "20", "--metric-bootstrap", "0"]

    @Test("audit --memory for a targeting audit, by --uplift column or uplift model: kept when the data fit, refused when not")
    func targetingAudit() throws {
        let message = "--memory 1KiB is too small for a targeting audit (--uplift COL or an uplift model), which reads the data whole"
        try Self.refusedUnlessFits(["audit", "--data", "voters.csv", "--uplift", "age"] + Self.targeting, message: message)
        try Self.refusedUnlessFits(["audit", "--data", "voters.csv", "--model", "uplift.json"] + Self.targeting, message: message)
    }

    @Test("audit --memory with --where: read whole, refused when the data do not fit")
    func filteredAudit() throws {
        try Self.refusedUnlessFits(["audit", "--data", "voters.csv", "--score", "age", "--outcome", "voted_2024", "--group", "race",
                                    "--bootstrap", "0", "--where", "age >= 30"],
                                   message: "--memory 1KiB is too small for a bias audit with --where or --derive, which reads the data whole")
    }

    @Test("report --memory of uplift and lookalike models: kept when the data fit, refused naming the model kind when not")
    func upliftAndLookalikeReports() throws {
        try Self.refusedUnlessFits(["report", "uplift.json", "--data", "voters.csv", "--group", "race", "--bootstrap", "20", "--format", "json"],
                                   message: "--memory 1KiB is too small for an uplift model's report, which reads the data whole")
        try Self.refusedUnlessFits(["report", "lookalike.json", "--data", "voters.csv", "--group", "race", "--bootstrap", "20", "--format", "json"],
                                   message: "--memory 1KiB is too small for a lookalike model's report, which reads the data whole")
    }

    @Test("report --score over the budget says to pass --sample, which then streams the audit")
    func scoreReportNeedsSample() throws {
        let base = ["report", "--score", "age", "--outcome", "voted_2024", "--data", "voters.csv", "--group", "race", "--bootstrap", "20",
                    "--format", "json"]
        try Self.refusedUnlessFits(base, message: "--memory 1KiB is too small for a report without --sample, which reads the data whole")
        let refused = try Self.run(base + ["--memory", "1KiB"])
        #expect(refused.stderr.contains("pass --sample N (the audit of the score column then streams every row) or raise --memory"), "\(refused.stderr)")
        let sampled = try Self.run(base + ["--memory", "1KiB", "--sample", "500"])
        #expect(sampled.status == 0, "\(sampled.stderr)")
        // Over the memory limit itself (no --memory): the read's refusal, with the same hint.
        let limit = ["GLASSBOX_MEMORY_LIMIT_BYTES": "50000"]
        let whole = try Self.run(base, environment: limit)
        #expect(whole.status == 65, "\(whole.stderr)")
        #expect(whole.stderr.contains("GLASSBOX_MEMORY_LIMIT_BYTES; pass --sample N (the audit of the score column then streams every row), "
                                      + "use a machine with more memory or split the file"), "\(whole.stderr)")
        let withSample = try Self.run(base + ["--sample", "500"], environment: limit)
        #expect(withSample.status == 0, "\(withSample.stderr)")
    }

    @Test("each command's --help says what its --memory does")
    func help() throws {
        func help(_ command: [String]) throws -> String {
            let r = try GlassboxProcess.run(command + ["--help"])
            #expect(r.status == 0, "\(r.stderr)")
            return r.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        let audit = try help(["audit"]), report = try help(["report"]), score = try help(["score"])
        #expect(audit.contains("A bias audit of a CSV file that would not fit is streamed in chunks of the audit's columns, its rows kept in a temporary projection cache in $TMPDIR"), "\(audit)")
        #expect(audit.contains("A targeting audit, or a bias audit with --where or --derive, reads the file whole and is refused"), "\(audit)")
        #expect(report.contains("With --sample, the bias audit streams every row of the CSV file within it"), "\(report)")
        #expect(!audit.contains("design cache") && !report.contains("design cache"))
        #expect(score.contains("streamed from a temporary design cache"), "\(score)")
    }
}
