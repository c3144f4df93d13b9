import Foundation
import GlassboxCore
import GlassboxReport
import GlassboxTabular
import Testing
import GlassboxTestSupport

/// The notebook renderer with a hostile corpus (issue 13): every text a code cell carries (report JSON, recipe,
/// data path, input paths, chart SVG) goes through ``Escaping/python(_:)``, so no text can end its string literal
/// or reach Python as code. Checked in Swift (ASCII-only one-line literals that decode back to the text; no
/// hostile text raw in a code cell; the notebook is valid JSON) and, where a Python is available, by `ast.parse` of
/// every code cell and `ast.literal_eval` of the embedded literals.
@Suite("notebook escaping of hostile text")
struct NotebookEscapingTests {
    /// Each holds at least one character a Python string literal cannot carry raw (quote, backslash, newline,
    /// control or non-ASCII character), so finding one raw in a code cell means it was not escaped.
    static let corpus = [
        "\"\"\"; __import__('os').system('touch PWNED'); \"\"\"",
        "'''\nimport os; os.system('touch PWNED')\n'''",
        "back\\slash\\\" end \\",
        "new\nline\r\nCRLF\u{2028}LS\u{85}NEL\u{0B}",
        "`back`quote` \\x41\\u0041\\N{BULLET} escapes as text",
        "\u{0}NUL \u{1B}[31mred\u{1B}[0m \u{7F}",
        "emoji 🎉 é \u{FEFF}BOM \u{D7FF}",
        "\"); display(__import__('os').getcwd()); (\"",
    ]

    /// Python's reading of a literal made by ``Escaping/python(_:)`` (the escapes it emits, nothing else).
    static func decodePython(_ literal: String) -> String? {
        let scalars = Array(literal.unicodeScalars)
        guard scalars.count >= 2, scalars.first == "\"", scalars.last == "\"" else { return nil }
        var out = String.UnicodeScalarView()
        var i = 1
        while i < scalars.count - 1 {
            let u = scalars[i]
            guard u.isASCII, u.value >= 0x20, u.value < 0x7F, u != "\"" else { return nil }
            if u != "\\" { out.append(u); i += 1; continue }
            let e = scalars[i + 1]
            let width = e == "x" ? 2 : e == "u" ? 4 : e == "U" ? 8 : 0
            if width == 0 {
                guard e == "\\" || e == "\"" else { return nil }
                out.append(e)
                i += 2
                continue
            }
            guard let v = UInt32(String(String.UnicodeScalarView(scalars[(i + 2)..<(i + 2 + width)])), radix: 16), let s = Unicode.Scalar(v) else { return nil }
            out.append(s)
            i += 2 + width
        }
        return String(out)
    }

    @Test("Escaping.python gives one ASCII line that Python reads back as the text")
    func literals() {
        for text in Self.corpus + ["", "plain", String(repeating: "\\\"", count: 1000)] {
            let literal = Escaping.python(text)
            #expect(literal.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }, "\(literal)")
            #expect(Self.decodePython(literal) == text, "\(literal)")
        }
    }

    /// A report whose title, sections, manifest, data path, input paths and model encoding (column and level
    /// names) are the corpus, rendered as a notebook.
    static func hostileNotebook() throws -> (notebook: String, document: ReportDocument, levels: [String]) {
        var document = try ReportFixture.document()
        document.title = corpus[0]
        document.sections.append(ReportSection(id: "hostile", title: corpus[1], blocks: corpus.map { .paragraph($0) }))
        document.manifest.commandLine += corpus
        document.manifest.inputs.append(.init(role: "model", path: corpus[2], sha256: corpus[3]))
        let levels = corpus.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var y = [Double](), x = [Double](), codes = [Int32]()
        var rng = SeededGenerator(seed: 5)
        for i in 0..<200 {
            codes.append(Int32(i % levels.count))
            x.append(rng.nextNormal())
            y.append(rng.nextBernoulli(0.4) ? 1 : 0)
        }
        let column = "q\"\n'''é"
        let table = try Table(names: ["y", column, "g"], columns: [.numeric(y), .numeric(x), .categorical(CategoricalColumn(levels: levels, codes: codes))])
        let quoted = corpus[0].replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let (encoding, _) = try DesignBuilder.fit(try Formula.parse("y ~ `\(column)` + C(g) + I(g == \"\(quoted)\")"), on: table)
        let recipe = NotebookRecipe(dataPath: corpus[4], sha256: corpus[6], delimiter: corpus[7], encoding: encoding, scoreColumn: corpus[1],
                                    outcome: corpus[2], groups: corpus, inputPaths: [corpus[2]: corpus[3]])
        return (document.notebook(recipe), document, levels)
    }

    @Test("a notebook of hostile text is valid JSON and no hostile text appears raw in a code cell")
    func structure() throws {
        let (text, _, _) = try Self.hostileNotebook()
        let nb = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let cells = try #require(nb["cells"] as? [[String: Any]])
        let code = cells.filter { $0["cell_type"] as? String == "code" }.map { ($0["source"] as? [String] ?? []).joined() }
        #expect(code.count >= 8)
        for source in code {
            for hostile in Self.corpus { #expect(!source.contains(hostile), "raw hostile text in a code cell: \(hostile.debugDescription)") }
            // Data reach code cells only inside ASCII literals; the only non-ASCII is the template's own (the audit's "†").
            #expect(source.unicodeScalars.allSatisfy { $0.isASCII || $0 == "\u{2020}" }, "non-ASCII in a code cell: \(source.prefix(200))")
        }
    }

    @Test("Python parses every code cell and reads the embedded report, recipe and levels back exactly",
          .enabled(if: NotebookSHAPTests.python != nil, "no Python with nbclient (GLASSBOX_PYTHON, .venv, /tmp/pyvenv)"))
    func python() throws {
        let (text, document, levels) = try Self.hostileNotebook()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("glassbox-nb-escape-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try text.write(to: dir.appendingPathComponent("h.ipynb"), atomically: true, encoding: .utf8)
        try document.json().write(to: dir.appendingPathComponent("report.json"), atomically: true, encoding: .utf8)
        try JSONSerialization.data(withJSONObject: ["levels": levels, "corpus": Self.corpus]).write(to: dir.appendingPathComponent("expected.json"))
        let script = """
        import ast, json, os
        nb = json.load(open("h.ipynb", encoding="utf-8"))
        expected = json.load(open("expected.json", encoding="utf-8"))
        code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
        for source in code:
            ast.parse(source)
        def literal_after(source, marker):
            start = source.index(marker) + len(marker)
            end = source.index("\\n", start) if "\\n" in source[start:] else len(source)
            return ast.literal_eval(source[start:end].rstrip(")"))
        report = json.loads(literal_after(code[1], "REPORT = json.loads("))
        assert report == json.load(open("report.json", encoding="utf-8")), "report differs"
        context = json.loads(literal_after(code[0], "CONTEXT = json.loads("))
        data_path = literal_after(code[0], "DATA_PATH = ")
        assert data_path == expected["corpus"][4], data_path
        assert context["groups"] == expected["corpus"], context["groups"]
        levels = next(f["levels"] for f in context["design"]["factors"] if f["kind"] == "categorical")
        assert levels == expected["levels"], levels
        assert not os.path.exists("PWNED")
        print(f"{len(code)} code cells parse; report, recipe, data path and levels read back exactly")
        """
        try script.write(to: dir.appendingPathComponent("check.py"), atomically: true, encoding: .utf8)
        let result = try NotebookPython.run(NotebookSHAPTests.python!, ["check.py"], in: dir)
        #expect(result.status == 0 && result.output.contains("code cells parse; report, recipe, data path and levels read back exactly"), "\(result.output)")
    }
}
