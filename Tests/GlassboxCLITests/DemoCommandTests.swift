import Foundation
import Testing
import GlassboxTestSupport

/// `glassbox demo` end to end on the built binary: every file, the report's sections, the summary's
/// findings, and byte-identical output under SOURCE_DATE_EPOCH.
@Suite("glassbox demo", .serialized)
struct DemoCommandTests {
    static let files = ["report.html", "report.md", "report.json", "report.ipynb", "turnout.json", "persuasion.json", "lookalike.json", "voters.csv"]

    @Test("demo writes four report files and three model files, with the expected sections, byte-identical across runs")
    func reproducibleReport() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        // Same arguments (relative --out) from two working directories: the command line in the manifests is identical.
        let arguments = ["demo", "--rows", "20000", "--seed", "5", "--out", "demo"]
        var bytes = [[Data]]()
        for run in ["a", "b"] {
            let cwd = dir.url.appendingPathComponent(run)
            try FileManager.default.createDirectory(at: cwd, withIntermediateDirectories: true)
            let r = try GlassboxProcess.run(arguments, in: cwd, environment: ["SOURCE_DATE_EPOCH": "1700000000"])
            #expect(r.status == 0, "\(r.stderr)")
            // stderr is a pipe here, not a terminal: no progress display.
            #expect(r.stderr.isEmpty, "\(r.stderr)")
            #expect(r.stdout.contains("Planted versus recovered"), "\(r.stdout)")
            // The planted vendor bias against Hispanic voters fails the 80 % rule; county is the proxy for race.
            #expect(r.stdout.contains("vendor_turnout_score: Hispanic"), "\(r.stdout)")
            let vendorLine = r.stdout.split(separator: "\n").first { $0.contains("vendor_turnout_score: Hispanic") }.map(String.init) ?? ""
            #expect(vendorLine.hasSuffix("→ fail"), "\(vendorLine)")
            #expect(r.stdout.contains("strongest carrier: county"), "\(r.stdout)")
            var contents = [Data]()
            for name in Self.files {
                let path = cwd.appendingPathComponent("demo/" + name).path
                #expect(FileManager.default.fileExists(atPath: path), "\(name) missing")
                contents.append(try Data(contentsOf: URL(fileURLWithPath: path)))
            }
            bytes.append(contents)
        }
        for (k, name) in Self.files.enumerated() {
            #expect(bytes[0][k] == bytes[1][k], "\(name) differs between two runs with the same seed and SOURCE_DATE_EPOCH")
        }
        // The turnout model recovers each planted coefficient (within 4.5 standard errors).
        let inspect = try GlassboxProcess.run(["inspect", dir.path("a/demo/turnout.json"), "--format", "json"])
        #expect(inspect.status == 0, "\(inspect.stderr)")
        let model = try #require(try JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8)) as? [String: Any])
        let planted: [String: Double] = ["(Intercept)": -0.8, "I((age - 50)/10)": 0.25, "voted_2018": 0.5, "voted_2020": 0.8,
                                         "voted_2022": 1.1, "female": 0.15, "canvassed": 0.4, "canvassed:voted_2022": -0.3]
        var checked = 0
        for row in try #require(model["coefficients"] as? [[String: Any]]) {
            guard let term = row["term"] as? String, let truth = planted[term],
                  let estimate = row["estimate"] as? Double, let se = row["stdError"] as? Double else { continue }
            #expect(abs(estimate - truth) < 4.5 * se, "\(term): \(estimate) vs planted \(truth)")
            checked += 1
        }
        #expect(checked == planted.count)
        let html = String(decoding: bytes[0][0], as: UTF8.self)
        for id in ["planted", "model", "explain-importance", "explain-pd", "explain-proxies", "audit", "vendor-audit",
                   "targeting", "targeting-uplift", "lookalike-composition", "manifest"] {
            #expect(html.contains("<section id=\"\(id)\""), "section \(id) missing from report.html")
        }
        #expect(html.contains("<svg"))
        #expect(html.contains("1700000000") || html.contains("2023-11-14"), "SOURCE_DATE_EPOCH time not in the manifest")
        let notebook = try #require(try JSONSerialization.jsonObject(with: bytes[0][3]) as? [String: Any])
        #expect(notebook["nbformat"] as? Int == 4)
        let json = try #require(try JSONSerialization.jsonObject(with: bytes[0][2]) as? [String: Any])
        #expect((json["sections"] as? [Any])?.isEmpty == false)
    }

    @Test("demo refuses to overwrite its files without --force")
    func refusesOverwrite() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let arguments = ["demo", "--rows", "2000", "--seed", "1", "--out", dir.path("demo"), "--quiet"]
        var r = try GlassboxProcess.run(arguments)
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(arguments)
        #expect(r.status == 73, "\(r.stderr)")
        r = try GlassboxProcess.run(arguments + ["--force"])
        #expect(r.status == 0, "\(r.stderr)")
    }
}
