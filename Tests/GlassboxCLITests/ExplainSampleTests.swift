import Foundation
import Testing
import GlassboxCore
import GlassboxTestSupport

/// Issue 16: `glassbox explain --sample N` and `glassbox report --sample N` explain a seeded uniform sample of
/// the rows, drawn in one pass, and say so in every output; the rest of the explanation is that of a file of
/// exactly those rows. The report's audit streams every row and is the in-memory audit.
@Suite("explain and report --sample", .serialized)
struct ExplainSampleTests {
    static let fixture: GappedVotersAndModel = {
        let fixture = GappedVotersAndModel.make()
        atexit { ExplainSampleTests.fixture.scratch.cleanup() } // a static value has no teardown
        return fixture
    }()

    /// The file of the rows `--sample n --seed seed` draws, by Vitter's Algorithm R written out here
    /// independently (the simulated file has no quoted line breaks, so a record is a line).
    static func sampledFile(n: Int, seed: UInt64) throws -> String {
        let lines = try String(contentsOfFile: fixture.data, encoding: .utf8).split(separator: "\n")
        var generator = SeededGenerator(seed: seed)
        var reservoir = [Int]()
        for i in 0..<(lines.count - 1) {
            if i < n { reservoir.append(i) } else {
                let j = generator.nextInt(below: i + 1)
                if j < n { reservoir[j] = i }
            }
        }
        let rows = reservoir.sorted().map { lines[$0 + 1] }
        return try fixture.scratch.write("sampled.csv", ([lines[0]] + rows).joined(separator: "\n") + "\n")
    }

    static func explain(_ data: String, _ extra: [String], format: String) throws -> (String, GlassboxProcess.Result) {
        let out = fixture.scratch.path("explain.out")
        let r = try GlassboxProcess.run(["explain", fixture.model, "--data", data, "--seed", "7", "--pd", "age", "--shap", "--format", format,
                                         "--out", out, "--force", "--quiet"] + extra, environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: out)
        return (text, r)
    }

    @Test("JSON and Markdown are those of a file holding exactly the sampled rows, but for the sample statement and the data record")
    func sameAsSampledFile() throws {
        let sampled = try Self.sampledFile(n: 2000, seed: 7)
        let (streamed, r1) = try Self.explain(Self.fixture.data, ["--sample", "2000"], format: "json")
        let (direct, r2) = try Self.explain(sampled, [], format: "json")
        #expect(r1.status == 0 && r2.status == 0, "\(r1.stderr) \(r2.stderr)")
        // JSON: the same bytes once the sample block and the manifest's command line, data file and rows read are set aside.
        func blocks(_ text: String) -> (kept: [Substring], sample: [Substring]) {
            var kept = [Substring](), sample = [Substring](), skipping: Substring?, inSample = false
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if let end = skipping { if line == end { skipping = nil }; if inSample { sample.append(line) }; continue }
                if line.hasSuffix("\"commandLine\" : [") { skipping = line.prefix(while: { $0 == " " }) + "],"; inSample = false; continue }
                if line.hasSuffix("\"sample\" : {") { skipping = line.prefix(while: { $0 == " " }) + "},"; inSample = true; continue }
                // Rows read are the whole file's with --sample, the sampled file's without (ExplainSampleTests+RowCounts).
                if line.contains("\"path\" : ") || line.contains("\"sha256\" : ") || line.contains("\"rowsRead\" : ") { continue }
                kept.append(line)
            }
            return (kept, sample)
        }
        let withSample = blocks(streamed), without = blocks(direct)
        #expect(withSample.sample.contains { $0.contains("\"statement\" : \"computed on a seeded uniform sample of 2000 of 50000 rows (seed 7)\"") },
                "\(withSample.sample)")
        #expect(withSample.sample.contains { $0.hasSuffix("\"of\" : 50000,") } && withSample.sample.contains { $0.hasSuffix("\"rows\" : 2000,") })
        #expect(without.sample.isEmpty)
        #expect(withSample.kept == without.kept)
        #expect(withSample.kept.count > 100)
        // Markdown: the same bytes but for the sample sentence and the data file named in the first line.
        let (markdown, r3) = try Self.explain(Self.fixture.data, ["--sample", "2000"], format: "markdown")
        let (directMarkdown, _) = try Self.explain(sampled, [], format: "markdown")
        #expect(r3.status == 0, "\(r3.stderr)")
        let sentence = "Every section is computed on a seeded uniform sample of 2000 of 50000 rows (seed 7).\n\n"
        #expect(markdown.contains(sentence))
        func body(_ text: String) -> [Substring] { text.replacingOccurrences(of: sentence, with: "").split(separator: "\n").filter { !$0.hasPrefix("Rows used:") } }
        #expect(body(markdown) == body(directMarkdown))
        let (html, _) = try Self.explain(Self.fixture.data, ["--sample", "2000"], format: "html")
        #expect(html.contains("Every explanation below is computed on a seeded uniform sample of 2000 of 50000 rows (seed 7)."))
    }

    @Test("a 1 MB memory limit refuses the whole file and explains a sample of it")
    func withinBudget() throws {
        let limit = ["GLASSBOX_MEMORY_LIMIT_BYTES": "1000000"]
        let base = ["explain", Self.fixture.model, "--data", Self.fixture.data, "--pd", "age", "--quiet", "--force",
                    "--out", Self.fixture.scratch.path("budget.json")]
        let whole = try GlassboxProcess.run(base, environment: limit)
        #expect(whole.status == 65, "\(whole.stderr)")
        let sampled = try GlassboxProcess.run(base + ["--sample", "1000"], environment: limit)
        #expect(sampled.status == 0, "\(sampled.stderr)")
    }

    @Test("--sample larger than the file takes every row; a bad --sample is a usage error")
    func edges() throws {
        let (json, r) = try Self.explain(Self.fixture.data, ["--sample", "60000", "--no-importance"], format: "json")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(json.contains("\"statement\" : \"computed on a seeded uniform sample of 50000 of 50000 rows (seed 7)\"")
                || json.contains("\"statement\": \"computed on a seeded uniform sample of 50000 of 50000 rows (seed 7)\""), "\(json.prefix(400))")
        let bad = try GlassboxProcess.run(["explain", Self.fixture.model, "--data", Self.fixture.data, "--sample", "0"])
        #expect(bad.status == 64 && bad.stderr.contains("--sample must be at least 1, got 0"), "\(bad.stderr)")
    }

    /// The report's sections by id, each as sorted-key JSON bytes.
    static func reportSections(_ data: String, _ extra: [String]) throws -> [String: Data] {
        let out = fixture.scratch.path("report.json")
        let r = try GlassboxProcess.run(["report", fixture.model, "--data", data, "--group", "race", "--seed", "7", "--bootstrap", "100",
                                         "--format", "json", "--out", out, "--force", "--quiet"] + extra,
                                        environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        #expect(r.status == 0, "\(r.stderr)")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as! [String: Any]
        var sections = [String: Data]()
        for section in document["sections"] as! [[String: Any]] {
            sections[section["id"] as! String] = try JSONSerialization.data(withJSONObject: section, options: [.sortedKeys])
        }
        return sections
    }

    @Test("report --sample under a 1 MB budget: the explanation of the sampled rows, the audit of every row")
    func report() throws {
        let sampled = try Self.sampledFile(n: 2000, seed: 7)
        let streamed = try Self.reportSections(Self.fixture.data, ["--sample", "2000", "--memory", "1MB"])
        let whole = try Self.reportSections(Self.fixture.data, [])
        let direct = try Self.reportSections(sampled, [])
        for id in ["audit", "audit-race"] { #expect(streamed[id] != nil && streamed[id] == whole[id], "\(id)") }
        for id in ["model", "explain-importance"] { #expect(streamed[id] != nil && streamed[id] == direct[id], "\(id)") }
        let statement = String(decoding: streamed["explain-sample"] ?? Data(), as: UTF8.self)
        #expect(statement.contains("computed on a seeded uniform sample of 2000 of 50000 rows (seed 7)"), "\(statement)")
        #expect(whole["explain-sample"] == nil && direct["explain-sample"] == nil)
        let notebook = try GlassboxProcess.run(["report", Self.fixture.model, "--data", Self.fixture.data, "--sample", "10", "--format", "ipynb"])
        #expect(notebook.status == 64 && notebook.stderr.contains("--sample does not apply to --format ipynb"), "\(notebook.stderr)")
    }
}
