import GlassboxCore
extension ReportDocument {
    /// GitHub-flavoured Markdown. Data strings are escaped with `Escaping.markdown(_:)`; charts
    /// become a short description with their caption and a pointer to the HTML or JSON report
    /// (Markdown cannot hold inline SVG safely everywhere).
    public func markdown() -> String {
        let e = Escaping.markdown
        var out = "# \(e(title))\n\n"
        if let subtitle { out += "\(e(subtitle))\n\n" }
        if sections.count > 1 {
            out += sections.map { "- [\(e($0.title))](#\($0.id))" }.joined(separator: "\n") + "\n\n"
        }
        for s in sections {
            out += "<a id=\"\(s.id)\"></a>\n\n## \(e(s.title))\n\n"
            for b in s.blocks { out += Self.markdown(b) }
        }
        out += "## Manifest\n\n" + Self.markdownTable(columns: ["field", "value"], numeric: [false, false], rows: manifestRows().map { [$0.key, $0.value] })
        return out
    }

    /// Manifest fields as label–value pairs (shared by Markdown and HTML).
    func manifestRows() -> [KeyValue] {
        var rows = [KeyValue("Glassbox version", manifest.glassboxVersion),
                    KeyValue("Command line", (["glassbox"] + manifest.commandLine).map(Self.shellQuoted).joined(separator: " ")),
                    KeyValue("Created", manifest.createdAt), KeyValue("Seed", manifest.seed.map(String.init) ?? "none"),
                    KeyValue("BLAS", manifest.blas)]
        for i in manifest.inputs {
            var text = "\(i.path) (SHA-256 \(i.sha256))"
            if let r = i.rowsRead { text += "; rows read \(r)" }
            if let u = i.rowsUsed { text += ", used \(u)" }
            if let d = i.rowsDropped { text += ", dropped \(d)" }
            rows.append(KeyValue("Input (\(i.role))", text))
        }
        for line in manifest.data?.preparationLines ?? [] { rows.append(KeyValue(line.label, line.text)) }
        return rows
    }

    static func shellQuoted(_ s: String) -> String {
        if !s.isEmpty && s.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=,:@%+".contains($0) }) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func markdown(_ block: ReportBlock) -> String {
        let e = Escaping.markdown
        switch block {
        case .heading(let t): return "### \(e(t))\n\n"
        case .paragraph(let t): return e(t) + "\n\n"
        case .note(let n):
            let label = n.kind == .warning ? "Warning" : n.kind == .privacy ? "Privacy" : "Note"
            return "> **\(label):** \(e(n.text))\n\n"
        case .keyValues(let pairs): return markdownTable(columns: ["statistic", "value"], numeric: [false, false], rows: pairs.map { [$0.key, $0.value] })
        case .table(let t):
            var out = t.caption.map { "*\(e($0))*\n\n" } ?? ""
            out += markdownTable(columns: t.columns, numeric: t.numeric, rows: t.rows.map { $0.map(\.text) })
            return out
        case .chart(let c):
            var out = "*Chart: \(e(c.title))* — \(e(c.yLabel)) against \(e(c.xLabel))"
            out += c.series.isEmpty ? "" : "; series: " + c.series.filter { $0.mark != .faintLine }.map { e($0.name) }.joined(separator: ", ")
            out += ". See the HTML report for the figure and the JSON report for its points."
            if let cap = c.caption { out += " " + e(cap) }
            return out + "\n\n"
        }
    }

    static func markdownTable(columns: [String], numeric: [Bool], rows: [[String]]) -> String {
        let e = Escaping.markdown
        var out = "| " + columns.map(e).joined(separator: " | ") + " |\n|"
        out += columns.indices.map { numeric.indices.contains($0) && numeric[$0] ? "---:" : "---" }.joined(separator: "|") + "|\n"
        for r in rows { out += "| " + r.map { $0.isEmpty ? " " : e($0) }.joined(separator: " | ") + " |\n" }
        return out + "\n"
    }
}
