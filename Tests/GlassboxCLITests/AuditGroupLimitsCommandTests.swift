import Foundation
import Testing
import GlassboxTestSupport

/// `glassbox audit` refuses an attribute of more than 65,535 labels and an intersection of more than 2²⁰ cells
/// present (docs/metrics.md, "How many groups"): exit 65, the attribute, the count and the limit, and no output.
@Suite("audit group limits (binary)", .serialized)
struct AuditGroupLimitsCommandTests {
    /// Runs `audit` on `data` with `options`, expecting exit 65, `message` on stderr, nothing on stdout and no `--out` file.
    static func refused(_ scratch: Scratch, _ data: String, _ options: [String], message: String) throws {
        let r = try GlassboxProcess.run(["audit", "--data", data, "--score", "s", "--outcome", "y", "--bootstrap", "0",
                                         "--out", scratch.path("audit.json")] + options)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(!scratch.exists("audit.json"))
    }

    @Test("a group column of 65,536 distinct labels exits 65 naming it, the count and the limit")
    func labels() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        var text = "s,y,id\n"
        for i in 0..<65_536 { text += "0.\(i % 10),\(i % 2),\(i)\n" }
        let data = try scratch.write("ids.csv", text)
        try Self.refused(scratch, data, ["--group", "id"],
                         message: "error: group column 'id' has 65536 distinct labels (a missing value counted as one), more than the 65535 an audit reports per attribute")
    }

    @Test("audit --memory 1MB stops reading at the chunk where the labels seen exceed 65,535: exit 65, the union so far, no output")
    func streamedLabels() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        var text = "s,y,id\n"
        for i in 0..<100_000 { text += "0.\(i % 10),\(i % 2),\(i)\n" }
        let data = try scratch.write("ids.csv", text)
        let r = try GlassboxProcess.run(["audit", "--data", data, "--score", "s", "--outcome", "y", "--group", "id", "--bootstrap", "0",
                                         "--memory", "1MB", "--out", scratch.path("audit.json")])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(!scratch.exists("audit.json"))
        // The count named is the labels of the chunks read until the refusal: beyond the cap, short of the file's 100,000.
        let prefix = "error: group column 'id' has ", suffix = " distinct labels (a missing value counted as one), more than the 65535 an audit reports per attribute"
        let count = r.stderr.components(separatedBy: prefix).dropFirst().first?.components(separatedBy: suffix).first.flatMap { Int($0) }
        #expect(r.stderr.contains(suffix), "\(r.stderr)")
        #expect(count.map { $0 > 65_535 && $0 < 100_000 } == true, "\(r.stderr)")
    }

    @Test("an intersection of 2^20 + 1 cells present exits 65 and names --intersect")
    func cells() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        // 2^20 + 1 rows, each its own (a, b) cell: a = i mod 1025, b = i div 1025.
        var text = "s,y,a,b\n"
        text.reserveCapacity(16 << 20)
        for i in 0...(1 << 20) { text += "0,\(i & 1),\(i % 1_025),\(i / 1_025)\n" }
        let data = try scratch.write("cells.csv", text)
        try Self.refused(scratch, data, ["--group", "a", "--group", "b", "--intersect"],
                         message: "error: the intersection 'a:b' has 1048577 groups present, more than the 1048576 an audit reports; intersect fewer or coarser columns, or audit without --intersect")
    }
}
