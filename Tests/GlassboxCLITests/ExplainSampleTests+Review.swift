import Foundation
import Testing
import GlassboxTestSupport

/// Review fixes of `--sample`: the manifest's row counts, CR-only files, and a sample too large for memory.
extension ExplainSampleTests {
    /// The manifest's data record of `report … --sample 2000 --format json` (with `extra` arguments).
    static func reportManifestData(_ extra: [String]) throws -> [String: Any] {
        let out = fixture.scratch.path("manifest-report.json")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try GlassboxProcess.run(["report", "--data", fixture.data, "--group", "race", "--bootstrap", "20", "--sample", "2000",
                                         "--format", "json", "--out", out, "--force", "--quiet"] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any]
        let inputs = (document?["manifest"] as? [String: Any])?["inputs"] as? [[String: Any]] ?? []
        return inputs.first { $0["role"] as? String == "data" } ?? [:]
    }

    @Test("report --sample: the manifest reads every row of the file and uses no more rows than it reads")
    func sampledReportManifest() throws {
        for extra in [["--score", "age", "--outcome", "voted_2024"], [Self.fixture.model]] {
            let data = try Self.reportManifestData(extra)
            let read = data["rowsRead"] as? Int ?? -1, used = data["rowsUsed"] as? Int ?? -1, dropped = data["rowsDropped"] as? Int ?? -1
            #expect(read == 50_000, "\(extra) \(data)")
            #expect(used > 0 && used <= read && dropped >= 0, "\(extra) \(data)")
        }
    }

    @Test("a --sample whose rows exceed the memory limit is refused while drawing, with no output")
    func sampleOverMemoryLimit() throws {
        let limit = ["GLASSBOX_MEMORY_LIMIT_BYTES": "1000000"]
        let message = "'\(Self.fixture.data)': the rows --sample 100000000 keeps in memory exceed 1.0 MB, the limit set by "
            + "GLASSBOX_MEMORY_LIMIT_BYTES; pass a smaller --sample"
        for command in [["explain", Self.fixture.model], ["report", Self.fixture.model, "--group", "race", "--format", "json"]] {
            let out = Self.fixture.scratch.path("too-large.out")
            let r = try GlassboxProcess.run(command + ["--data", Self.fixture.data, "--sample", "100000000", "--out", out, "--quiet"],
                                            environment: limit)
            #expect(r.status == 65 && r.stderr.contains(message), "\(command[0]): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out), "\(command[0])")
        }
    }
}
