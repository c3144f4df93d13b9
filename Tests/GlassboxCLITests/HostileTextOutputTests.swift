import Foundation
import Testing
import GlassboxTestSupport

/// Terminal, Markdown and CSV output of the built binary fed the shared hostile corpus
/// (`Tests/Fixtures/hostile-strings.json`) as levels, and escape sequences as column names: no
/// control character reaches stdout or stderr (messages, warnings, `describe`, `inspect`, usage
/// errors), Markdown carries no raw HTML, `score --keep` writes no cell a spreadsheet would run.
@Suite("hostile strings in terminal, Markdown and CSV output", .serialized)
struct HostileTextOutputTests {
    static let corpus: [String] = {
        let url = GlassboxProcess.repositoryRoot.appendingPathComponent("Tests/Fixtures/hostile-strings.json")
        let object = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return object["strings"] as! [String]
    }()

    /// An OSC 8 hyperlink and a colour escape as column names.
    static let linkColumn = "\u{1B}]8;;http://evil.example\u{7}grp\u{1B}]8;;\u{7}"
    static let colourColumn = "\u{1B}[31mred\u{1B}[0m\u{202E}"

    static func field(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// 30 rows per corpus string: y, x, the level g, a second group column with a hostile name.
    static let csv: String = {
        var out = ["y", "x", "g", linkColumn, colourColumn].map(field).joined(separator: ",") + "\n"
        for (k, level) in corpus.enumerated() {
            for i in 0..<30 {
                let x = Double((i * 7 + k) % 11) / 3
                let y = (i + k) % 3 == 0 || x > 2.5 ? 1 : 0
                out += "\(y),\(x),\(field(level)),\(field(corpus[(k + i) % 3])),\(field(i % 2 == 0 ? "a" : "b"))\n"
            }
        }
        return out
    }()

    /// Control scalars (C0 but newline, DEL, C1, bidi controls, line separators) in `text`.
    static func controls(_ text: String) -> [String] {
        text.unicodeScalars.filter { u in
            switch u.value {
            case 0x0A: false
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
            default: false
            }
        }.map { String($0.value, radix: 16) }
    }

    static func expectClean(_ r: GlassboxProcess.Result, _ what: String) {
        #expect(controls(r.stdout).isEmpty, "\(what): stdout has \(controls(r.stdout))")
        #expect(controls(r.stderr).isEmpty, "\(what): stderr has \(controls(r.stderr))")
    }

    static func prepare(_ dir: Scratch) throws {
        _ = try dir.write("d.csv", csv)
        let r = try GlassboxProcess.run(["train", "logistic", "--data", "d.csv", "--formula", "y ~ x + C(g)", "--l2", "1", "--out", "m.json"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test("describe, inspect (text and markdown), train: no control character on the terminal")
    func describeAndInspect() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        try Self.prepare(dir)
        var r = try GlassboxProcess.run(["describe", "--data", "d.csv"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        Self.expectClean(r, "describe")
        #expect(r.stdout.contains("\\u{1B}]8;;http://evil.example\\u{7}grp"))
        r = try GlassboxProcess.run(["inspect", "m.json"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        Self.expectClean(r, "inspect")
        #expect(r.stdout.contains("g[\\u{1B}[31mred\\u{1B}[0m]"))
        r = try GlassboxProcess.run(["inspect", "m.json", "--format", "markdown"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        Self.expectClean(r, "inspect markdown")
        #expect(!r.stdout.contains("<script") && !r.stdout.contains("<img") && !r.stdout.contains("<!--"))
    }

    @Test("audit: Markdown without raw HTML, warnings and errors without control characters")
    func audit() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        try Self.prepare(dir)
        var r = try GlassboxProcess.run(["audit", "--data", "d.csv", "--score", "x", "--outcome", "y", "--group", "g", "--group", Self.linkColumn,
                                         "--threshold", "1.5", "--bootstrap", "20", "--min-group-size", "31", "--format", "markdown"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        Self.expectClean(r, "audit markdown")
        for bad in ["<script", "<img", "<!--", "<javascript", "<a href"] { #expect(!r.stdout.lowercased().contains(bad), "\(bad)") }
        #expect(r.stdout.contains("Score: x; outcome: y"))
        #expect(r.stdout.contains("| FNR |"))
        // An unknown column quoted in an error message, and a usage error quoting an option value.
        r = try GlassboxProcess.run(["audit", "--data", "d.csv", "--score", "x", "--outcome", "y", "--group", Self.colourColumn + "x"], in: dir.url)
        #expect(r.status == 65)
        Self.expectClean(r, "unknown group column")
        #expect(r.stderr.contains("\\u{1B}[31mred"))
        r = try GlassboxProcess.run(["audit", "--data", "d.csv", "--score", "x", "--outcome", "y", "--group", "g", "--reference", Self.colourColumn], in: dir.url)
        #expect(r.status == 64)
        Self.expectClean(r, "usage error")
        #expect(r.stderr.contains("--reference must be COL=VALUE"))
    }

    @Test("score --keep: hostile levels neutralised for spreadsheets, numbers untouched")
    func scoreKeep() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        try Self.prepare(dir)
        let r = try GlassboxProcess.run(["score", "m.json", "--data", "d.csv", "--keep", "g,x", "--out", "s.csv"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        Self.expectClean(r, "score")
        let text = try String(contentsOfFile: dir.path("s.csv"), encoding: .utf8)
        for start in ["\n=", ",=", "\n+", ",+c", "\n@", ",@", "\"=", "\"@", "\"+", "\n\t", ",\t"] {
            #expect(!text.contains(start), "a formula cell starts with \(start.debugDescription)")
        }
        #expect(text.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""))
        #expect(text.contains(",'-2+3,") || text.contains("\n'-2+3,"))
        // A round trip keeps every other level exact and the numbers numeric.
        let back = try GlassboxProcess.run(["describe", "--data", "s.csv"], in: dir.url)
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stdout.contains("numeric"))
    }
}
