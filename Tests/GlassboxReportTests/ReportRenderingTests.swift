import GlassboxCore
import Foundation
import GlassboxReport
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The report document rendered three ways from real fits: schema-valid JSON, escaped HTML and
/// Markdown, suppression honoured, byte-identical output for the same inputs and SOURCE_DATE_EPOCH.
@Suite("report rendering", .serialized)
struct ReportRenderingTests {
    static let document = Result { try ReportFixture.document() }

    @Test("JSON validates against the committed schema and carries every section")
    func jsonSchema() throws {
        let doc = try Self.document.get()
        let text = doc.json()
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8))
        let validator = try JSONSchemaValidator(schemaAt: ReportFixture.root.appendingPathComponent("schemas/glassbox-report.schema.json"))
        let errors = validator.validate(parsed)
        #expect(errors.isEmpty, "\(errors.prefix(10))")
        let object = try #require(parsed as? [String: Any])
        let ids = try #require(object["sections"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(ids.contains("model") && ids.contains("explain-importance") && ids.contains("explain-pd") && ids.contains("audit") && ids.contains("uplift"))
        let manifest = try #require(object["manifest"] as? [String: Any])
        #expect(manifest["createdAt"] as? String == "2023-11-14T22:13:20Z")
        #expect(manifest["seed"] as? String == "7")
        // The validator does catch a broken document.
        var broken = object
        broken["manifest"] = ["glassboxVersion": 1]
        #expect(!validator.validate(broken).isEmpty)
    }

    @Test("every chart kind the issue lists is present")
    func chartKinds() throws {
        let doc = try Self.document.get()
        let titles = doc.sections.flatMap(\.blocks).compactMap { b -> String? in if case .chart(let c) = b { return c.title }; return nil }
        for expected in ["Coefficients with 95 % intervals", "Permutation importance (auc)", "Partial dependence: x1", "ROC curves by group",
                         "Calibration by group", "Selection rate against threshold", "Qini curve", "Uplift curve", "Observed uplift by predicted-uplift bin"] {
            #expect(titles.contains(expected), "missing chart \(expected)")
        }
        #expect(titles.contains { $0.hasPrefix("Disparity ratios to ") })
        let disparity = try #require(doc.sections.flatMap(\.blocks).compactMap { b -> Chart? in if case .chart(let c) = b, c.title.hasPrefix("Disparity") { return c }; return nil }.first)
        #expect(disparity.bands.first.map { abs($0.from - 0.8) < 1e-12 && abs($0.to - 1.25) < 1e-12 } == true)
        #expect(disparity.series.allSatisfy { $0.points.allSatisfy { $0.lower != nil && $0.upper != nil } }, "bootstrap intervals on every ratio")
        let pd = try #require(doc.sections.flatMap(\.blocks).compactMap { b -> Chart? in if case .chart(let c) = b, c.title == "Partial dependence: x1" { return c }; return nil }.first)
        #expect(pd.series.filter { $0.mark == .faintLine }.count == 12, "one ICE line per sampled row")
    }

    @Test("HTML is self-contained and escapes hostile strings; each SVG is well-formed XML")
    func html() throws {
        let html = try Self.document.get().html()
        for hostile in ["<script", "<img", "onerror=alert(1)>"] { #expect(!html.contains(hostile), "raw \(hostile) in HTML") }
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("@import") && !html.contains("url(http"))
        let svgs = html.components(separatedBy: "<svg ").dropFirst().map { "<svg " + $0.components(separatedBy: "</svg>")[0] + "</svg>" }
        #expect(svgs.count >= 10)
        for svg in svgs {
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "SVG does not parse: \(parser.parserError.map { "\($0)" } ?? "")")
        }
        #expect(html.contains("#0072B2") && html.contains("#D55E00"), "Okabe–Ito palette")
    }

    @Test("Markdown escapes hostile strings and keeps table rows intact")
    func markdown() throws {
        let md = try Self.document.get().markdown()
        // Every "<" is escaped (as &lt;), except the report's own section anchors.
        let stripped = md.replacingOccurrences(of: #"<a id="[a-z0-9-]+"></a>"#, with: "", options: .regularExpression)
        #expect(!stripped.contains("<"))
        #expect(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(md.contains("\\*bold\\* \\| \\[link\\](http://evil.example) \\`code\\` \\# h"))
        // Every table row has as many unescaped pipes as its header.
        var expected: Int?
        for line in md.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            guard line.hasPrefix("|") else { expected = nil; continue }
            var pipes = 0, previous: Character = " "
            for ch in line { if ch == "|" && previous != "\\" { pipes += 1 }; previous = ch }
            if let e = expected { #expect(pipes == e, "row \(line)") } else { expected = pipes }
        }
    }

    @Test("suppressed groups show no counts, rates or curves in any format")
    func suppression() throws {
        let doc = try Self.document.get()
        let escapedHTML = "tiny&lt;b&gt;group"
        let html = doc.html(), json = doc.json(), md = doc.markdown()
        #expect(html.contains(escapedHTML) && html.contains("suppressed"))
        let charts = doc.sections.flatMap(\.blocks).compactMap { b -> Chart? in if case .chart(let c) = b { return c }; return nil }
        for c in charts {
            #expect(!c.categories.contains { $0.contains(ReportFixture.tinyGroup) }, "\(c.title)")
            #expect(!c.series.contains { $0.name.contains(ReportFixture.tinyGroup) }, "\(c.title)")
        }
        let tables = doc.sections.flatMap(\.blocks).compactMap { b -> DataTable? in if case .table(let t) = b { return t }; return nil }
        for t in tables {
            for row in t.rows where row.first?.text.hasPrefix(ReportFixture.tinyGroup) == true {
                #expect(row.dropFirst().allSatisfy { $0.value == nil }, "a number for the suppressed group in \(t.columns)")
            }
        }
        #expect(json.contains("tiny<b>group") && md.contains("tiny&lt;b&gt;group"))
    }

    @Test("same inputs, seed and SOURCE_DATE_EPOCH give byte-identical reports")
    func deterministic() throws {
        let a = try ReportFixture.document(), b = try ReportFixture.document()
        #expect(a.json() == b.json())
        #expect(a.html() == b.html())
        #expect(a.markdown() == b.markdown())
    }
}

@Suite("report building blocks")
struct ReportBuildingBlockTests {
    @Test("nice ticks cover the range at 1, 2, 2.5 or 5 × 10^k steps")
    func ticks() {
        let s = NiceScale(0.013, 0.87, targetTicks: 5)
        #expect(s.step == 0.2 && s.lower == 0 && abs(s.upper - 1) < 1e-12)
        #expect(s.ticks.count == 6 && s.label(0.4) == "0.4")
        let t = NiceScale(-3.2, 41, targetTicks: 5)
        #expect(t.step == 10 && t.lower == -10 && t.upper == 50)
        let u = NiceScale(0.8, 1.25, targetTicks: 6)
        #expect(u.lower <= 0.8 && u.upper >= 1.25 && u.label(1) == "1.0")
        let flat = NiceScale(5, 5)
        #expect(flat.lower < 5 && flat.upper > 5)
    }

    @Test("escaping for HTML and Markdown")
    func escaping() {
        #expect(Escaping.html("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        // Control characters are shown, not dropped (two names differing in one stay distinct).
        #expect(Escaping.html("a\u{0}b\u{7}c") == "a\\u{0}b\\u{7}c")
        #expect(Escaping.markdown("a|b\nc*d_[e](f)") == "a\\|b c\\*d\\_\\[e\\](f)")
        #expect(Escaping.markdown("- item") == "\\- item" && Escaping.markdown("12. x") == "12\\. x" && Escaping.markdown("3.5") == "3.5")
    }

    @Test("section ids are safe slugs")
    func slugs() {
        #expect(ReportSection.slug("Audit: <img src=x onerror=alert(1)>") == "audit-img-src-x-onerror-alert-1")
        #expect(ReportSection.slug("<>") == "section")
    }
}
