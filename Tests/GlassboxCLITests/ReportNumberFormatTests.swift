import Foundation
import GlassboxTestSupport
import Testing

/// The uplift and lookalike report sections format numbers with the reports' one formatter (`ReportNumber`):
/// an exactly-zero figure reads "0" and an infinite one "∞"/"−∞", as in every other report section. They used
/// to keep a copy that wrote "0.0000"/"0.000000" and "–" (issue 14's drift).
@Suite("report number format of uplift and lookalike sections", .serialized)
struct ReportNumberFormatTests {
    /// Outcome driven by `x` (more so when treated); `noise` has no effect, so an L1 penalty zeroes it.
    static let csv: String = {
        var out = "y,t,x,noise\n"
        var state: UInt64 = 12_345
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        for i in 0..<800 {
            let t = i % 2, x = 4 * uniform() - 2, noise = 4 * uniform() - 2
            let p = 1 / (1 + exp(-(0.8 * x + 0.5 * Double(t) * x)))
            out += "\(uniform() < p ? 1 : 0),\(t),\(String(format: "%.4f", x)),\(String(format: "%.4f", noise))\n"
        }
        return out
    }()

    @Test("an L1-zeroed coefficient of an uplift model reads 0 (odds ratio 1.0000) in the report, not 0.0000")
    func zeroedCoefficient() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let data = try dir.write("d.csv", Self.csv)
        let model = dir.path("up.json")
        let trained = try GlassboxProcess.run(["train", "uplift", "--data", data, "--formula", "y ~ x + noise", "--treatment", "t",
                                               "--treated", "1", "--control", "0", "--l1", "20", "--out", model])
        #expect(trained.status == 0, "\(trained.stderr)")
        let r = try GlassboxProcess.run(["report", model, "--data", data, "--bootstrap", "0", "--format", "markdown"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").filter { $0.hasPrefix("| noise |") }
        #expect(rows.count == 2, "\(r.stdout)")
        #expect(rows.contains("| noise | 0 | 1.0000 |"), "\(rows)")
        #expect(!r.stdout.contains("0.0000 |"))
        let json = try GlassboxProcess.run(["report", model, "--data", data, "--bootstrap", "0", "--format", "json"])
        #expect(json.status == 0 && json.stdout.contains("\"text\": \"0\","), "\(json.stderr)")
    }
}
