import Foundation
import Testing
import GlassboxTestSupport

/// `glassbox report` and `--format html` of explain/audit, end to end on the built binary: structure,
/// escaping of hostile data strings, suppression, byte-identical output under SOURCE_DATE_EPOCH, and a
/// headless-Chromium screenshot when Chromium is installed.
@Suite("glassbox report", .serialized)
struct ReportCommandTests {
    static let hostileColumn = "<img src=x onerror=alert(1)>"
    static let hostileLevel = "<script>alert(1)</script>"

    /// 600 rows; the group column has a hostile name, one hostile level, and a 4-row group (suppressed).
    static let csv: String = {
        var out = "y,x,z,g,\(hostileColumn)\n"
        for i in 0..<600 {
            let x = Double(i % 20) / 4, z = Double((i * 7) % 13) / 3
            let g = ["a", "b", "c"][i % 3]
            let y = (i * 31 + i / 3) % 5 < (x > 2.5 ? 4 : 1) ? 1 : 0
            // "filler" is the complementary cell of "tiny" (else tiny = overall − the two large groups).
            let group = i < 4 ? "tiny" : i < 24 ? "filler" : (i % 4 == 0 ? hostileLevel : "plain|*md*")
            out += "\(y),\(x),\(z),\(g),\(group)\n"
        }
        return out
    }()

    func prepare(_ dir: Scratch) throws {
        _ = try dir.write("d.csv", Self.csv)
        // A fixed epoch: the model file is an input of the report, so its bytes (createdAt) must not depend on the clock.
        let r = try GlassboxProcess.run(["train", "logistic", "--data", "d.csv", "--formula", "y ~ x + z + C(g)", "--out", "m.json"], in: dir.url,
                                        environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        #expect(r.status == 0, "\(r.stderr)")
    }

    func reportArguments(_ format: String, out: String) -> [String] {
        ["report", "m.json", "--data", "d.csv", "--group", Self.hostileColumn, "--pd", "x,g", "--ice", "8", "--repeats", "2",
         "--bootstrap", "100", "--seed", "3", "--format", format, "--out", out]
    }

    @Test("html, markdown and json: sections, charts, escaping, suppression")
    func formats() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        try prepare(dir)
        for format in ["html", "markdown", "json"] {
            let r = try GlassboxProcess.run(reportArguments(format, out: "r.\(format)"), in: dir.url, environment: ["SOURCE_DATE_EPOCH": "1700000000"])
            #expect(r.status == 0, "\(format): \(r.stderr)")
        }
        let html = try String(contentsOfFile: dir.path("r.html"), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        #expect(!html.contains("<script") && !html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.components(separatedBy: "<svg ").count - 1 >= 7, "coefficients, importance, 2 PD, disparity, ROC, selection rate, calibration")
        for title in ["Coefficients with 95 % intervals", "Permutation importance (auc)", "ROC curves by group", "Calibration by group", "Manifest"] {
            #expect(html.contains(title), "missing \(title)")
        }
        #expect(html.contains("2023-11-14T22:13:20Z"))
        // The 4-row group is named but carries no numbers.
        #expect(html.contains("<th scope=\"row\">tiny</th><td class=\"n\">suppressed</td>"))
        #expect(html.contains("<th scope=\"row\">filler</th><td class=\"n\">suppressed</td>"))
        let md = try String(contentsOfFile: dir.path("r.markdown"), encoding: .utf8)
        #expect(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && md.contains("plain\\|\\*md\\*"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path("r.json")))) as? [String: Any])
        #expect(json["schema"] as? String == "glassbox-report/1")
        let inputs = try #require((json["manifest"] as? [String: Any])?["inputs"] as? [[String: Any]])
        #expect(inputs.map { $0["role"] as? String } == ["data", "model"])
        #expect(inputs.allSatisfy { ($0["sha256"] as? String)?.count == 64 })
    }

    @Test("same command, inputs, seed and SOURCE_DATE_EPOCH give byte-identical reports")
    func reproducible() throws {
        let a = try Scratch(), b = try Scratch()
        defer { a.cleanup(); b.cleanup() }
        try prepare(a)
        try prepare(b)
        for format in ["html", "json", "markdown", "ipynb"] {
            for dir in [a, b] {
                let r = try GlassboxProcess.run(reportArguments(format, out: "r.out"), in: dir.url, environment: ["SOURCE_DATE_EPOCH": "1700000000"])
                #expect(r.status == 0, "\(r.stderr)")
            }
            let x = try Data(contentsOf: URL(fileURLWithPath: a.path("r.out"))), y = try Data(contentsOf: URL(fileURLWithPath: b.path("r.out")))
            #expect(x == y, "\(format) differs")
            #expect(x.count > 1000)
            try FileManager.default.removeItem(atPath: a.path("r.out"))
            try FileManager.default.removeItem(atPath: b.path("r.out"))
        }
    }

    @Test("explain and audit accept --format html")
    func htmlFormats() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        try prepare(dir)
        var r = try GlassboxProcess.run(["explain", "m.json", "--data", "d.csv", "--repeats", "2", "--pd", "x", "--format", "html", "--out", "e.html"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        let e = try String(contentsOfFile: dir.path("e.html"), encoding: .utf8)
        #expect(e.contains("<svg ") && e.contains("Permutation importance"))
        r = try GlassboxProcess.run(["audit", "--data", "d.csv", "--model", "m.json", "--outcome", "y", "--group", Self.hostileColumn,
                                     "--bootstrap", "50", "--format", "html", "--out", "a.html"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        let a = try String(contentsOfFile: dir.path("a.html"), encoding: .utf8)
        #expect(a.contains("<svg ") && a.contains("Disparity ratios") && !a.contains("<img"))
    }

    @Test("a score without a model is audited; bad combinations are usage errors")
    func scoreOnly() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        _ = try dir.write("s.csv", "s,y,grp\n" + (0..<200).map { "\(Double($0 % 10) / 10),\($0 % 3 == 0 ? 1 : 0),\($0 % 2 == 0 ? "p" : "q")" }.joined(separator: "\n") + "\n")
        var r = try GlassboxProcess.run(["report", "--data", "s.csv", "--score", "s", "--outcome", "y", "--group", "grp", "--bootstrap", "20", "--format", "json"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"Groups by grp\""))
        r = try GlassboxProcess.run(["report", "--data", "s.csv", "--format", "json"], in: dir.url)
        #expect(r.status == 64)
        r = try GlassboxProcess.run(["report", "--data", "s.csv", "--score", "s", "--format", "json"], in: dir.url)
        #expect(r.status == 64 && r.stderr.contains("--outcome"))
    }

    @Test("an uplift evaluation from 'glassbox evaluate uplift' becomes a persuasion section with Qini and decile charts")
    func upliftSection() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        var r = try GlassboxProcess.run(["simulate", "--rows", "4000", "--seed", "5", "--out", "v.csv"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["train", "uplift", "--data", "v.csv", "--formula", "voted_2024 ~ age + voted_2022", "--treatment", "canvassed",
                                     "--treated", "1", "--control", "0", "--learner", "two-model", "--out", "u.json"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["evaluate", "uplift", "u.json", "--data", "v.csv", "--bootstrap", "20", "--format", "json", "--out", "e.json"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["report", "--data", "v.csv", "--uplift-evaluation", "e.json", "--format", "html", "--out", "r.html"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOfFile: dir.path("r.html"), encoding: .utf8)
        for title in ["Persuasion: 1 vs 0 on voted_2024", "Qini curve", "Uplift curve", "Observed uplift by predicted-uplift bin"] {
            #expect(html.contains(title), "missing \(title)")
        }
        #expect(html.contains("Input (uplift evaluation)"))
        _ = try dir.write("bad.json", "{\"arms\": 3}")
        r = try GlassboxProcess.run(["report", "--data", "v.csv", "--uplift-evaluation", "bad.json", "--format", "html"], in: dir.url)
        #expect(r.status == 65 && r.stderr.contains("evaluate uplift"))
    }

    @Test("a targeting audit (--uplift) renders as HTML with ratio, share and effect charts")
    func targetingHTML() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        var r = try GlassboxProcess.run(["simulate", "--rows", "4000", "--seed", "5", "--out", "v.csv"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["train", "uplift", "--data", "v.csv", "--formula", "voted_2024 ~ age + voted_2022", "--treatment", "canvassed",
                                     "--treated", "1", "--control", "0", "--out", "u.json"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["audit", "--data", "v.csv", "--model", "u.json", "--outcome", "voted_2024", "--group", "race", "--top", "0.3",
                                     "--bootstrap", "50", "--metric-bootstrap", "10", "--format", "html", "--out", "t.html"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOfFile: dir.path("t.html"), encoding: .utf8)
        for title in ["Targeting ratio by race", "Who is targeted: race", "Effect of contact by race", "Qini curve", "Targeting by group"] {
            #expect(html.contains(title), "missing \(title)")
        }
        #expect(html.hasSuffix("</html>\n"))
    }

    /// A Python with pandas and statsmodels: `GLASSBOX_PYTHON`, else the cross-check venv.
    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test("headless Chromium renders the report to a non-blank screenshot", .enabled(if: chromium != nil, "Chromium is not installed"))
    func screenshot() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        try prepare(dir)
        let r = try GlassboxProcess.run(reportArguments("html", out: "r.html"), in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.chromium!)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--screenshot=\(dir.path("r.png"))",
                             "--window-size=1200,2400", "file://\(dir.path("r.html"))"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let png = try Data(contentsOf: URL(fileURLWithPath: dir.path("r.png")))
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "not a PNG")
        // IHDR width and height (big-endian) follow the 8-byte signature and the chunk header.
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 1200 && height == 2400)
        // A blank white page of that size compresses to a few kilobytes; text and charts do not.
        #expect(png.count > 60_000, "screenshot only \(png.count) bytes: did the page render?")
    }
}
