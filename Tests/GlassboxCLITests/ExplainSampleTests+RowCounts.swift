import Foundation
import Testing
import GlassboxTestSupport

/// Regression tests of `--sample` row counts and of the streamed passes' progress:
/// - `explain --sample N` recorded the sample's size as the manifest's rows read; it reads every row of the file;
/// - `report --score COL --sample N` drew a sample it never used (a wasted pass over the file);
/// - the streamed passes' progress lines show the rows read beside the bytes.
extension ExplainSampleTests {
    /// The first object in `value` (depth first) that has a `rowsRead` key: the manifest's data record.
    static func dataRecord(_ value: Any) -> [String: Any]? {
        if let object = value as? [String: Any] {
            if object["rowsRead"] != nil { return object }
            for key in object.keys.sorted() { if let found = dataRecord(object[key]!) { return found } }
        } else if let array = value as? [Any] {
            for element in array { if let found = dataRecord(element) { return found } }
        }
        return nil
    }

    @Test("explain --sample: the manifest reads every row of the file; the sample's size and the rows used are recorded apart")
    func explainSampleRowCounts() throws {
        let (json, r) = try Self.explain(Self.fixture.data, ["--sample", "2000"], format: "json")
        #expect(r.status == 0, "\(r.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] ?? [:]
        let data = Self.dataRecord(document["manifest"] as Any) ?? [:]
        let sample = document["sample"] as? [String: Any] ?? [:]
        let used = document["rowsUsed"] as? Int ?? -1, dropped = document["rowsDropped"] as? Int ?? -1
        #expect(data["rowsRead"] as? Int == 50_000, "\(data)")
        #expect(sample["rows"] as? Int == 2000 && sample["of"] as? Int == 50_000, "\(sample)")
        #expect(data["rowsUsed"] as? Int == used && data["rowsDropped"] as? Int == dropped, "\(data) \(used) \(dropped)")
        #expect(used > 0 && used + dropped == 2000, "\(used) \(dropped)")
        // HTML lists the manifest: the file's rows read, the sample's rows used and dropped.
        let (html, h) = try Self.explain(Self.fixture.data, ["--sample", "2000"], format: "html")
        #expect(h.status == 0, "\(h.stderr)")
        #expect(html.contains("rows read 50000, used \(used), dropped \(dropped)"), "\(html.suffix(3000))")
    }

    @Test("report --score --sample draws no sample (nothing is explained) and writes the report of every row, as without --sample")
    func scoreReportDrawsNoSample() throws {
        func report(_ extra: [String]) throws -> ([String: Any], GlassboxProcess.Result) {
            let out = Self.fixture.scratch.path("score-report.json")
            defer { try? FileManager.default.removeItem(atPath: out) }
            let r = try GlassboxProcess.run(["report", "--data", Self.fixture.data, "--score", "age", "--outcome", "voted_2024", "--group", "race",
                                             "--bootstrap", "20", "--format", "json", "--out", out, "--force"] + extra,
                                            environment: ["SOURCE_DATE_EPOCH": "1700000000", "GLASSBOX_PROGRESS": ""])
            var document = (try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out)))) as? [String: Any] ?? [:]
            var manifest = document["manifest"] as? [String: Any] ?? [:]
            manifest["commandLine"] = nil
            document["manifest"] = manifest
            return (document, r)
        }
        let (sampled, r1) = try report(["--sample", "2000", "--memory", "1MB", "--progress"])
        let (whole, r2) = try report(["--quiet"])
        #expect(r1.status == 0 && r2.status == 0, "\(r1.stderr) \(r2.stderr)")
        #expect(!r1.stderr.contains("sampling rows"), "\(r1.stderr)")
        #expect(r1.stderr.contains("\rreading \(Self.fixture.data)") && r1.stderr.contains(" bytes, 50.0k rows  "), "\(r1.stderr)")
        #expect(!sampled.isEmpty && NSDictionary(dictionary: sampled).isEqual(to: whole), "\(sampled["manifest"] ?? "") \(whole["manifest"] ?? "")")
        #expect(Self.dataRecord(sampled["manifest"] as Any)?["rowsRead"] as? Int == 50_000)
        // A report of --uplift-evaluation files only explains no model: --sample is refused, not silently a wasted pass.
        let evaluationOnly = try GlassboxProcess.run(["report", "--data", Self.fixture.data, "--uplift-evaluation", Self.fixture.scratch.path("none.json"),
                                                      "--sample", "10", "--quiet"])
        #expect(evaluationOnly.status == 64 && evaluationOnly.stderr.contains(
            "--sample does not apply to a report of --uplift-evaluation files only: it samples the rows a model is explained on"), "\(evaluationOnly.stderr)")
    }

    @Test("--progress: the streamed passes show the rows read beside the bytes; outputs are unchanged")
    func streamedPassesShowRows() throws {
        let environment = ["SOURCE_DATE_EPOCH": "1700000000", "GLASSBOX_PROGRESS": ""]
        // Sampling (explain --sample) counts the file's rows while it draws.
        let explained = try GlassboxProcess.run(["explain", Self.fixture.model, "--data", Self.fixture.data, "--sample", "100", "--no-importance",
                                                 "--out", Self.fixture.scratch.path("rows-explain.json"), "--force", "--progress"], environment: environment)
        #expect(explained.status == 0 && explained.stderr.contains("\rsampling rows  [") && explained.stderr.contains(" bytes, 50.0k rows  "),
                "\(explained.stderr)")
        // A streamed fit's levels and design passes.
        let formula = "voted_2024 ~ age + female + C(race) + party + voted_2020 + log(income)"
        let fit = try GlassboxProcess.run(["train", "logistic", "--data", Self.fixture.data, "--formula", formula, "--memory", "1MB",
                                           "--out", Self.fixture.scratch.path("rows-fit.json"), "--force", "--progress"], environment: environment)
        #expect(fit.status == 0, "\(fit.stderr)")
        for pass in ["levels pass", "design pass"] {
            let finished = fit.stderr.split(separator: "\n").map { $0.split(separator: "\r").last ?? "" }.first { $0.hasPrefix(pass) } ?? ""
            #expect(finished.contains("100%") && finished.contains(" bytes, 50.0k rows  ") && finished.contains("ETA 0:00"), "\(pass): \(finished)")
        }
        // Streamed scoring: the bytes and rows, and the scores are those of a run without the display.
        let score = ["score", Self.fixture.model, "--data", Self.fixture.data, "--memory", "1MB", "--force", "--out"]
        let shown = try GlassboxProcess.run(score + [Self.fixture.scratch.path("rows-shown.csv"), "--progress"], environment: environment)
        let hidden = try GlassboxProcess.run(score + [Self.fixture.scratch.path("rows-hidden.csv")], environment: environment)
        #expect(shown.status == 0 && hidden.status == 0, "\(shown.stderr)")
        #expect(shown.stderr.contains("\rscoring  [") && shown.stderr.contains(" bytes, 50.0k rows  "), "\(shown.stderr.suffix(500))")
        let scores = try [("rows-shown.csv"), ("rows-hidden.csv")].map { try Data(contentsOf: URL(fileURLWithPath: Self.fixture.scratch.path($0))) }
        #expect(scores[0] == scores[1] && !scores[0].isEmpty)
    }
}
