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
}
