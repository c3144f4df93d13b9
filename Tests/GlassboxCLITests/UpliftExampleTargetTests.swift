import Foundation
import Testing

/// The `glassbox-example-uplift` executable (Examples/Uplift, the code of the DocC article "Persuasion
/// (uplift) models") end to end: its printed figures recover the planted canvassing effect. The article
/// and the example are kept identical by ``ExampleTargetTests/articleMatchesExample(articleName:examplePath:)``.
@Suite("glassbox-example-uplift", .serialized)
struct UpliftExampleTargetTests {
    static var binary: String { ExampleTargetTests.sibling("glassbox-example-uplift") }

    /// The value after `key` on the first line starting with `prefix`.
    static func value(_ stdout: String, _ prefix: String, _ key: String) -> Double? {
        guard let line = stdout.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return nil }
        let fields = line.split(separator: " ")
        return fields.firstIndex(of: Substring(key)).flatMap { $0 + 1 < fields.count ? Double(fields[$0 + 1]) : nil }
    }

    @Test("the example fits, evaluates and audits a persuasion model: the planted effect and its heterogeneity are recovered")
    func runsEndToEnd() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build the package first (swift build): \(Self.binary) is missing")
        let r = try ExampleTargetTests.runExample([], binary: Self.binary)
        #expect(r.status == 0, "\(r.stderr)")
        let out = r.stdout
        #expect(out.contains("data: 20000 rows, 15 columns"), "\(out)")

        // Two-model learner: one outcome model per arm. Canvassing helps most those who skipped 2022
        // (planted canvassed:voted_2022 = −0.3), so voted_2022 weighs less in the treated outcome model.
        let treated = try #require(Self.value(out, "component 1 treated-outcome", "rows"))
        let control = try #require(Self.value(out, "component 1 control-outcome", "rows"))
        #expect(treated + control == 20000)
        func coefficient(_ role: String, _ term: String) -> Double? {
            out.split(separator: "\n").first { $0.hasPrefix("component 1 \(role)") }?.split(separator: " ")
                .first { $0.hasPrefix(term + "=") }.flatMap { Double($0.dropFirst(term.count + 1)) }
        }
        let difference = try #require(coefficient("treated-outcome", "voted_2022")) - (try #require(coefficient("control-outcome", "voted_2022")))
        #expect(difference < -0.05 && difference > -0.6, "voted_2022: treated − control = \(difference), planted −0.3")

        // Evaluation: a positive average effect and a Qini AUC whose bootstrap interval excludes 0.
        let ate = try #require(Self.value(out, "evaluation 1 vs 0", "ate"))
        #expect(ate > 0.01 && ate < 0.1, "average effect \(ate)")
        let qini = try #require(Self.value(out, "evaluation 1 vs 0", "qiniAuc"))
        let qiniLower = try #require(Self.value(out, "evaluation 1 vs 0", "qiniInterval"))
        #expect(qini > 0 && qiniLower > 0, "qiniAuc \(qini), interval lower bound \(qiniLower)")
        #expect(out.split(separator: "\n").filter { $0.hasPrefix("upliftAtK ") }.count == 6)
        // Deciles: the top three deciles of predicted uplift gain more than the bottom three.
        let deciles = out.split(separator: "\n").filter { $0.hasPrefix("decile ") }.compactMap { Double($0.split(separator: " ")[3]) }
        #expect(deciles.count == 10)
        if deciles.count == 10 { #expect(deciles[0..<3].reduce(0, +) > deciles[7..<10].reduce(0, +), "\(deciles)") }

        // Targeting audit: every race group with a share, a ratio and a verdict.
        let groups = out.split(separator: "\n").filter { $0.hasPrefix("targeting ") }.map { String($0.split(separator: " ")[1]) }
        #expect(groups.sorted() == ["Asian", "Black", "Hispanic", "Other", "White"], "\(out)")
        #expect(out.split(separator: "\n").filter { $0.hasPrefix("targeting ") }.allSatisfy { !$0.hasSuffix("verdict none") })
    }

    @Test("the example is deterministic: two runs print the same figures")
    func deterministic() throws {
        let first = try ExampleTargetTests.runExample([], binary: Self.binary), second = try ExampleTargetTests.runExample([], binary: Self.binary)
        #expect(first.status == 0 && second.status == 0)
        #expect(first.stdout == second.stdout)
    }
}
