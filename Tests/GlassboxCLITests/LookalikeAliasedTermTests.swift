import Foundation
import GlassboxTestSupport
import Testing

/// Regression test (issue 14): bagged lookalike coefficient means were computed in three places that
/// disagreed about a term aliased in every round — `evaluate lookalike` wrote 0, `inspect` and
/// `report` "aliased". All three now show `LookalikeFit.meanCoefficients`: no value in JSON (as
/// `inspect` already did), "aliased" in text and Markdown.
@Suite("lookalike aliased terms", .serialized)
struct LookalikeAliasedTermTests {
    @Test("a term aliased in every bagging round: evaluate, inspect and report agree")
    func aliasedAgree() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        var csv = "a,twice_a,b,s\n"
        for i in 0..<300 { csv += "\(i % 17),\(2 * (i % 17)),\((i * 7) % 11),\(i % 5 == 0 ? 1 : 0)\n" }
        let data = try dir.write("d.csv", csv)
        var r = try GlassboxProcess.run(["train", "lookalike", "--data", data, "--formula", "~ a + twice_a + b", "--seed", "s",
                                         "--method", "pu", "--bagging", "3", "--out", dir.path("m.json")])
        #expect(r.status == 0, "\(r.stderr)")

        r = try GlassboxProcess.run(["evaluate", "lookalike", dir.path("m.json"), "--data", data, "--bootstrap", "0", "--out", dir.path("e.json")])
        #expect(r.status == 0, "\(r.stderr)")
        let eval = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path("e.json")))) as? [String: Any])
        let explanation = try #require(eval["explanation"] as? [[String: Any]])
        let evaluated = Dictionary(uniqueKeysWithValues: explanation.map { ($0["term"] as! String, $0["value"] as? Double) })

        r = try GlassboxProcess.run(["inspect", dir.path("m.json"), "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let inspection = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let coefficients = try #require(inspection["coefficients"] as? [[String: Any]])
        let inspected = Dictionary(uniqueKeysWithValues: coefficients.map { ($0["term"] as! String, $0["estimate"] as? Double) })

        // The same terms, the same values, and the same terms without one.
        #expect(evaluated.count == 4 && evaluated.keys.sorted() == inspected.keys.sorted())
        let aliased = evaluated.filter { $0.value == nil }.keys.sorted()
        #expect(aliased.count == 1 && ["a", "twice_a"].contains(aliased.first ?? ""), "\(evaluated)")
        for (term, value) in evaluated { #expect(inspected[term] ?? nil == value, "\(term)") }
        #expect(explanation.first { $0["term"] as? String == aliased.first }?.keys.contains("value") == false)

        r = try GlassboxProcess.run(["inspect", dir.path("m.json")])
        let text = r.stdout.split(separator: "\n").first { $0.hasPrefix(aliased.first! + " ") }.map(String.init) ?? ""
        #expect(text.contains("(aliased)"), "\(r.stdout)")

        r = try GlassboxProcess.run(["report", dir.path("m.json"), "--data", data, "--bootstrap", "0", "--format", "markdown",
                                     "--out", dir.path("r.md")])
        #expect(r.status == 0, "\(r.stderr)")
        let markdown = try String(contentsOfFile: dir.path("r.md"), encoding: .utf8)
        // Markdown escapes "_" and a leading "-".
        func md(_ s: String) -> String { s.replacingOccurrences(of: "_", with: "\\_").replacingOccurrences(of: "-", with: "\\-") }
        #expect(markdown.contains("| \(md(aliased.first!)) | aliased | – |"), "\(markdown)")
        for (term, value) in evaluated {
            guard let value else { continue }
            #expect(markdown.contains("| \(md(term)) | \(md(String(format: "%.6f", value))) |"), "\(term) \(value)")
        }
    }
}
