import GlassboxCore
extension ReportDocument {
    /// One self-contained HTML5 file: inline CSS (screen and print), inline SVG charts, no scripts
    /// and no external requests (a Content-Security-Policy forbids both). Every data string is
    /// escaped with `Escaping.html(_:)`.
    public func html() -> String {
        let e = Escaping.html
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<meta name=\"generator\" content=\"Glassbox \(e(manifest.glassboxVersion))\">\n"
        out += "<title>\(e(title))</title>\n<style>\(Self.css)</style>\n</head>\n<body>\n<main>\n"
        out += "<header><p class=\"kicker\">Glassbox report</p><h1>\(e(title))</h1>"
        if let subtitle { out += "<p class=\"sub\">\(e(subtitle))</p>" }
        out += "<p class=\"meta\">Glassbox \(e(manifest.glassboxVersion)) · \(e(manifest.createdAt))"
        for i in manifest.inputs where i.role == "data" { out += " · data <code>\(e(i.path))</code>" + (i.rowsUsed.map { " (\($0) rows used)" } ?? "") }
        out += "</p></header>\n"
        if sections.count > 1 {
            out += "<nav><h2>Contents</h2><ol>" + sections.map { "<li><a href=\"#\($0.id)\">\(e($0.title))</a></li>" }.joined() + "<li><a href=\"#manifest\">Manifest</a></li></ol></nav>\n"
        }
        var chartCount = 0
        for s in sections {
            out += "<section id=\"\(s.id)\">\n<h2>\(e(s.title))</h2>\n"
            for b in s.blocks { out += Self.html(b, chartCount: &chartCount) + "\n" }
            out += "</section>\n"
        }
        out += "<section id=\"manifest\" class=\"manifest\">\n<h2>Manifest</h2>\n"
        out += "<p>Everything needed to re-run this report and check it ran on the same data. The report holds aggregates only: no row of the input data appears in it.</p>\n"
        out += Self.html(.keyValues(manifestRows()), chartCount: &chartCount) + "\n</section>\n"
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    static func html(_ block: ReportBlock, chartCount: inout Int) -> String {
        let e = Escaping.html
        switch block {
        case .heading(let t): return "<h3>\(e(t))</h3>"
        case .paragraph(let t): return "<p>\(e(t))</p>"
        case .note(let n): return "<aside class=\"note \(n.kind.rawValue)\"><strong>\(n.kind == .warning ? "Warning" : n.kind == .privacy ? "Privacy" : "Note")</strong> \(e(n.text))</aside>"
        case .keyValues(let pairs):
            return "<table class=\"kv\"><tbody>" + pairs.map { "<tr><th scope=\"row\">\(e($0.key))</th><td>\(e($0.value))</td></tr>" }.joined() + "</tbody></table>"
        case .table(let t):
            var out = "<div class=\"tw\"><table class=\"data\">"
            if let c = t.caption { out += "<caption>\(e(c))</caption>" }
            out += "<thead><tr>" + t.columns.enumerated().map { "<th scope=\"col\"\(t.numeric.indices.contains($0.offset) && t.numeric[$0.offset] ? " class=\"n\"" : "")>\(e($0.element))</th>" }.joined() + "</tr></thead><tbody>"
            for row in t.rows {
                out += "<tr>" + row.enumerated().map { k, c in
                    let numeric = t.numeric.indices.contains(k) && t.numeric[k]
                    let title = c.value.map { " title=\"\($0)\"" } ?? ""
                    return k == 0 ? "<th scope=\"row\">\(e(c.text))</th>" : "<td\(numeric ? " class=\"n\"" : "")\(title)>\(e(c.text))</td>"
                }.joined() + "</tr>"
            }
            return out + "</tbody></table></div>"
        case .chart(let c):
            chartCount += 1
            var out = "<figure>" + SVGChartRenderer().render(c, id: "chart\(chartCount)")
            if let cap = c.caption { out += "<figcaption>\(e(cap))</figcaption>" }
            return out + "</figure>"
        }
    }

    static let css = """
    :root{--ink:#1b1f24;--muted:#5b6470;--rule:#d8dde3;--band:#eef3f8;--accent:#0072B2}
    *{box-sizing:border-box}
    body{margin:0;background:#fff;color:var(--ink);font:15px/1.55 "Source Serif Pro",Georgia,"Times New Roman",serif}
    main{max-width:980px;margin:0 auto;padding:32px 28px 64px}
    header{border-bottom:2px solid var(--ink);margin-bottom:18px;padding-bottom:10px}
    .kicker{font:600 12px/1.2 system-ui,-apple-system,"Segoe UI",sans-serif;letter-spacing:.08em;text-transform:uppercase;color:var(--accent);margin:0 0 4px}
    h1{font-size:30px;line-height:1.2;margin:0 0 6px}
    h2{font-size:22px;margin:34px 0 10px;padding-top:6px;border-top:1px solid var(--rule)}
    h3{font-size:17px;margin:22px 0 8px}
    .sub{font-size:17px;color:var(--muted);margin:0 0 6px}
    .meta{font:13px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--muted);margin:0}
    nav{font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;background:var(--band);padding:10px 18px;border-radius:4px}
    nav h2{font-size:14px;margin:0;border:0;padding:0;text-transform:uppercase;letter-spacing:.06em}
    nav ol{margin:6px 0 0;padding-left:20px;columns:2}
    a{color:var(--accent)}
    code{font:13px ui-monospace,"DejaVu Sans Mono",monospace;word-break:break-all}
    .tw{overflow-x:auto;margin:10px 0 16px}
    table{border-collapse:collapse;font:12.5px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;font-variant-numeric:tabular-nums}
    caption{caption-side:top;text-align:left;font-style:italic;color:var(--muted);padding-bottom:4px}
    table.data{min-width:50%;border-top:2px solid var(--ink);border-bottom:2px solid var(--ink)}
    table.data thead th{border-bottom:1px solid var(--ink);font-weight:600;text-align:left;padding:5px 7px;vertical-align:bottom}
    table.data td,table.data tbody th{padding:4px 7px;border-bottom:1px solid #eceff2;text-align:left;font-weight:400}
    table.data tbody th{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12.5px}
    .n{text-align:right!important;white-space:nowrap}
    table.kv{margin:8px 0 14px}
    table.kv th{text-align:left;font-weight:600;padding:3px 18px 3px 0;vertical-align:top;white-space:nowrap;color:var(--muted)}
    table.kv td{padding:3px 0;word-break:break-word}
    figure{margin:16px 0 22px;page-break-inside:avoid;break-inside:avoid}
    figcaption{font:13px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--muted);margin-top:4px;max-width:680px}
    svg.chart{width:100%;max-width:680px;height:auto;display:block;font-family:system-ui,-apple-system,"Segoe UI",sans-serif}
    svg .ct{font-size:14px;font-weight:600;fill:var(--ink)}
    svg .ax text,svg .lg text{font-size:11px;fill:#333}
    svg .al{font-size:12px!important;fill:var(--ink)!important}
    svg .pa{fill:#fff}
    svg .gr{stroke:#e3e7eb;stroke-width:1}
    svg .bl{stroke:#555;stroke-width:1}
    svg .st{fill:#f6f8fa}
    svg .bd{fill:#009E73;fill-opacity:.13}
    svg .rf{stroke:#444;stroke-width:1.2;stroke-dasharray:5 4;fill:none}
    .note{font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;border-left:4px solid var(--accent);background:var(--band);padding:8px 12px;margin:12px 0}
    .note.warning{border-color:#D55E00;background:#fbf0e9}
    .note.privacy{border-color:#009E73;background:#eaf6f1}
    .manifest td{font:12.5px ui-monospace,"DejaVu Sans Mono",monospace}
    @media print{
      body{font-size:10.5pt}
      main{max-width:none;padding:0}
      nav{display:none}
      a{color:inherit;text-decoration:none}
      h2{break-after:avoid;page-break-after:avoid}
      table.data tr{break-inside:avoid}
      .tw{overflow:visible}
      @page{margin:16mm 14mm}
    }
    """
}
