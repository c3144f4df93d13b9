import Foundation
import GlassboxCore
import GlassboxReport
import GlassboxTabular

/// libFuzzer entry for the notebook renderer. The input is cut at NUL bytes into the texts a hostile
/// data or model file controls — report title, column names, category levels, data path, SHA-256 field,
/// manifest strings — and a notebook is rendered with those texts and compared with the rendering that
/// has harmless placeholders in their places (made once). Two properties must hold, else the process traps:
/// 1. the notebook is valid JSON (nbformat is JSON);
/// 2. every code cell, with the contents of its Python string literals and comments blanked, is the
///    same in both renderings: the texts can only ever land inside string literals (or comments that
///    they cannot end), never in code that Python would run.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNotebook(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let parts = UnsafeBufferPointer(start: data, count: size).split(separator: 0, maxSplits: 7, omittingEmptySubsequences: false)
        .map { String(decoding: $0, as: UTF8.self) }
    var texts = (0..<8).map { $0 < parts.count ? parts[$0] : "t\($0)" }
    // Column names and levels must be distinct (the table refuses duplicates), and a back-quote cannot
    // appear inside a back-quoted formula name.
    for k in [1, 2, 6] { texts[k] = texts[k].replacingOccurrences(of: "`", with: "") }
    guard let fuzzed = render(texts) else { return 0 }
    guard let sources = codeCellSources(fuzzed) else { fatalError("the notebook is not valid JSON") }
    guard sources.count == plain.sources.count else { fatalError("the number of code cells changed") }
    for (k, source) in sources.enumerated() where source != plain.sources[k] {
        let skeleton = pythonSkeleton(source)
        if skeleton != plain.skeletons[k] {
            fatalError("a text from the input changed the code outside string literals in code cell \(k):\n\(skeleton)\n---\n\(plain.skeletons[k])")
        }
    }
    return 0
}

/// The rendering with harmless placeholders, once: its code cells and their skeletons.
let plain: (sources: [String], skeletons: [String]) = {
    let sources = codeCellSources(render((0..<8).map { "p\($0)" })!)!
    return (sources, sources.map(pythonSkeleton))
}()

/// The notebook of a small report whose every string comes from `t`; nil when the names cannot form a
/// table (then neither rendering happens).
func render(_ t: [String]) -> String? {
    let title = t[0], numeric = "n" + t[1], categorical = "c" + t[2], levelA = "a" + t[3], levelB = "b" + t[4]
    let dataPath = t[5], group = "g" + t[6], sha = t[7]
    guard Set([numeric, categorical, group, "y"]).count == 4, levelA != levelB else { return nil }
    let rows = 6
    guard let table = try? Table(names: ["y", numeric, categorical, group], columns: [
        .numeric((0..<rows).map { Double($0 % 2) }), .numeric((0..<rows).map { Double($0) * 0.5 }),
        .categorical(CategoricalColumn(levels: [levelA, levelB], codes: (0..<rows).map { Int32($0 % 3 == 0 ? 0 : 1) })),
        .categorical(CategoricalColumn(levels: [levelB, levelA], codes: (0..<rows).map { Int32($0 % 2) })),
    ]) else { return nil }
    let formulaText = "y ~ `\(numeric)` + C(`\(categorical)`) + `\(numeric)`:C(`\(categorical)`)"
    let encoding = (try? Formula.parse(formulaText, requireResponse: true)).flatMap { try? DesignBuilder.fit($0, on: table).0 }
    var manifest = Provenance(commandLine: ["glassbox", "report", dataPath, title],
                              data: .init(path: dataPath, sha256: sha, rowsRead: rows, rowsUsed: rows, rowsDropped: 0, missingByColumn: [:]),
                              seed: 7, blas: levelB, environment: [:])
    manifest.glassboxVersion = title
    manifest.createdAt = levelA
    manifest.otherInputs = [.init(role: "model", path: levelA, sha256: levelB)]
    let cells: [[DataTable.Cell]] = [[.init(levelA), .init(levelB, value: 0.5)], [.init(title), .init(numeric, value: 1)]]
    let section = ReportSection(id: categorical, title: title, blocks: [
        .heading(levelA), .paragraph(levelB), .keyValues([KeyValue(numeric, categorical)]),
        .table(DataTable(caption: title, columns: [categorical, numeric], numeric: [false, true], rows: cells)),
    ])
    let document = ReportDocument(title: title, subtitle: levelB, sections: [section], manifest: manifest)
    let recipe = NotebookRecipe(dataPath: dataPath, sha256: sha, encoding: encoding, outcome: "y", groups: [group],
                                inputPaths: [levelA: dataPath])
    return document.notebook(recipe)
}

/// Each code cell's source, in cell order; nil when the notebook is not valid JSON of the nbformat shape.
func codeCellSources(_ notebook: String) -> [String]? {
    guard let object = try? JSONSerialization.jsonObject(with: Data(notebook.utf8)) as? [String: Any],
          let cells = object["cells"] as? [[String: Any]] else { return nil }
    return cells.compactMap { cell -> String? in
        guard cell["cell_type"] as? String == "code" else { return nil }
        return (cell["source"] as? [String] ?? []).joined()
    }
}

/// Python source with the contents of string literals (any quote style, prefixes, escapes) and comments
/// blanked. Backslashes escape inside every literal (in raw literals too a backslash keeps the next quote
/// from closing the literal).
func pythonSkeleton(_ source: String) -> String {
    let s = Array(source.unicodeScalars)
    var out = String.UnicodeScalarView()
    var i = 0
    while i < s.count {
        let c = s[i]
        if c == "#" {
            while i < s.count && s[i] != "\n" { i += 1 }
            out.append("#")
            continue
        }
        if c == "\"" || c == "'" {
            let triple = i + 2 < s.count && s[i + 1] == c && s[i + 2] == c
            let quote = triple ? 3 : 1
            out.append(contentsOf: s[i..<(i + quote)])
            i += quote
            while i < s.count {
                if s[i] == "\\" { i += 2; continue }
                if !triple && s[i] == "\n" { break }  // an unterminated literal: the rest is code
                if s[i] == c && (!triple || (i + 2 < s.count && s[i + 1] == c && s[i + 2] == c)) { break }
                i += 1
            }
            if i < s.count && s[i] == c {
                out.append(contentsOf: s[i..<min(s.count, i + quote)])
                i += quote
            }
            continue
        }
        out.append(c)
        i += 1
    }
    return String(out)
}
