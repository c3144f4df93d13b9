import Foundation
import Testing
import GlassboxTestSupport

/// Issue 16: the size of an audit partial (`glassbox partial audit`), as docs/scale.md §5 states it. A partial
/// carries its partition's audit projection — one score, one outcome and one group code per attribute per
/// complete row — so it is *not* bounded independently of the rows: it grows linearly with them, by a few bytes
/// per row. This test pins that statement (and so catches a partial that grows faster, or a claim that it is
/// bounded); it is not a proof of boundedness.
@Suite("audit partial size")
struct AuditPartialSizeTests {
    @Test("a partial grows linearly with its rows: ten times the rows, about ten times the bytes, at most 40 bytes per complete row")
    func partialSizeIsLinearInRows() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let simulated = try GlassboxProcess.run(["simulate", "--rows", "20000", "--seed", "3", "--out", scratch.path("all.csv"), "--quiet"])
        #expect(simulated.status == 0, "\(simulated.stderr)")
        let lines = try String(contentsOfFile: scratch.path("all.csv"), encoding: .utf8).split(separator: "\n")
        _ = try scratch.write("few.csv", lines.prefix(2001).joined(separator: "\n") + "\n")
        var sizes = [Int](), rows = [Int]()
        for name in ["few", "all"] {
            let r = try GlassboxProcess.run(["partial", "audit", "--data", scratch.path("\(name).csv"), "--score", "vendor_turnout_score",
                                             "--outcome", "voted_2024", "--group", "race", "--group", "female", "--out", scratch.path("\(name).json")])
            #expect(r.status == 0, "\(r.stderr)")
            let bytes = try Data(contentsOf: URL(fileURLWithPath: scratch.path("\(name).json")))
            let partial = try JSONSerialization.jsonObject(with: bytes) as? [String: Any] ?? [:]
            sizes.append(bytes.count)
            rows.append((partial["scores"] as? [Any])?.count ?? 0)
        }
        #expect(rows == [2000, 20000], "\(rows)")
        let ratio = Double(sizes[1]) / Double(sizes[0])
        #expect(ratio > 9 && ratio < 11, "\(sizes)")
        #expect(sizes[1] <= 40 * rows[1], "\(sizes[1]) bytes for \(rows[1]) rows")
    }
}
