import Foundation
import GlassboxCore
import Testing
import GlassboxTestSupport

/// The shared hostile corpus (`Tests/Fixtures/hostile-strings.json`, also read by the Tabular, Report
/// and CLI tests) through each of the four escaping functions.
@Suite("escaping: one function per output language")
struct EscapingTests {
    static var corpus: [String] { Fixtures.hostileStrings }

    /// Scalars that must never reach a terminal or a viewer raw.
    static func controls(_ s: String) -> [Unicode.Scalar] { s.unicodeScalars.filter(Escaping.isControl) }

    /// Occurrences of `c` not preceded by an escaping backslash.
    static func unescaped(_ c: Unicode.Scalar, in s: String) -> Int {
        var count = 0, backslashes = 0
        for u in s.unicodeScalars {
            if u == c && backslashes % 2 == 0 { count += 1 }
            backslashes = u == "\\" ? backslashes + 1 : 0
        }
        return count
    }

    @Test("the corpus is loaded and hostile")
    func corpusLoaded() {
        #expect(Self.corpus.count >= 30)
        #expect(Self.corpus.contains { $0.contains("<script>") } && Self.corpus.contains { $0.unicodeScalars.contains("\u{1B}") })
    }

    @Test("HTML: no markup, no control scalar but tab and newline", arguments: corpus)
    func html(_ s: String) {
        let e = Escaping.html(s)
        #expect(!e.contains("<") && !e.contains(">") && !e.contains("\"") && !e.contains("'"))
        #expect(Self.controls(e).allSatisfy { $0 == "\n" || $0 == "\t" })
    }

    @Test("Markdown: no HTML, no line break, no control, every metacharacter escaped", arguments: corpus)
    func markdown(_ s: String) {
        let e = Escaping.markdown(s)
        #expect(!e.contains("<") && !e.contains(">"))
        #expect(Self.controls(e).isEmpty, "\(e.unicodeScalars.map { String($0.value, radix: 16) })")
        for c in ["|", "`", "*", "_", "[", "]", "#", "!", "~", "$"] as [Unicode.Scalar] {
            #expect(Self.unescaped(c, in: e) == 0, "\(c) in \(e)")
        }
        // Every & is the start of an entity this function wrote.
        #expect(e.components(separatedBy: "&").dropFirst().allSatisfy { $0.hasPrefix("lt;") || $0.hasPrefix("gt;") || $0.hasPrefix("amp;") })
        if let first = e.unicodeScalars.first { #expect(!"-+=".unicodeScalars.contains(first)) }
    }

    @Test("terminal: no control scalar at all", arguments: corpus)
    func terminal(_ s: String) {
        let e = Escaping.terminal(s)
        #expect(Self.controls(e).isEmpty)
        // Printable text is unchanged.
        #expect(Escaping.terminal("plain text, ünïcode ✓") == "plain text, ünïcode ✓")
    }

    @Test("CSV: no cell a spreadsheet would run as a formula", arguments: corpus)
    func csv(_ s: String) {
        var e = Escaping.csvCell(s)
        if e.hasPrefix("\"") {
            #expect(e.hasSuffix("\""))
            e = String(e.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
        }
        if let first = e.unicodeScalars.first { #expect(!"=+-@\t\r".unicodeScalars.contains(first)) }
        #expect(e == s || e == "'" + s)
    }

    @Test("examples: CRLF is one line break, a combining mark cannot hide a pipe, visible controls")
    func examples() {
        #expect(Escaping.markdown("a\r\nb") == "a b")
        #expect(Escaping.markdown("a\rb\u{2028}c\u{85}d") == "a b c d")
        #expect(Escaping.markdown("|\u{301}") == "\\|\u{301}")
        #expect(Escaping.markdown("<script>") == "&lt;script&gt;")
        #expect(Escaping.markdown("a & b") == "a &amp; b")
        #expect(Escaping.markdown("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))")
        #expect(Escaping.markdown("# h") == "\\# h" && Escaping.markdown("- item") == "\\- item" && Escaping.markdown("12. x") == "12\\. x")
        #expect(Escaping.markdown("3.5") == "3.5" && Escaping.markdown("C(county)") == "C(county)")
        #expect(Escaping.terminal("\u{1B}[31mred") == "\\u{1B}[31mred")
        #expect(Escaping.terminal("a\nb\tc\u{202E}d") == "a\\u{A}b\\u{9}c\\u{202E}d")
        #expect(Escaping.html("a\u{0}b\u{7}c") == "a\\u{0}b\\u{7}c")
        #expect(Escaping.html("a\nb\tc") == "a\nb\tc")
    }

    @Test("CSV rule: formula triggers get a quote, plain numbers stay numbers")
    func csvRule() {
        #expect(Escaping.csvCell("=HYPERLINK(\"http://x\",\"y\")") == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")
        #expect(Escaping.csvCell("@SUM(1)") == "'@SUM(1)")
        #expect(Escaping.csvCell("-2+3") == "'-2+3")
        #expect(Escaping.csvCell("\tx") == "'\tx")
        #expect(Escaping.csvCell("\rx") == "\"'\rx\"")
        for number in ["-1.5", "+3", "-2e-3", "-.5", "-7", "+1E+10"] { #expect(Escaping.csvCell(number) == number) }
        for text in ["-", "+", "-inf", "-nan", "-1.5.2", "-e5", "--1"] { #expect(Escaping.csvCell(text) == "'" + text) }
        #expect(Escaping.csvCell("a,b") == "\"a,b\"" && Escaping.csvCell("a\"b") == "\"a\"\"b\"" && Escaping.csvCell("plain") == "plain")
        #expect(Escaping.csvCell("a\tb", delimiter: UInt8(ascii: "\t")) == "\"a\tb\"")
    }
}
