import Foundation
import Testing
import GlassboxTestSupport

/// The acceptance check on real data: `train logistic` + `inspect --format json` on the
/// social-pressure experiment agree with statsmodels (stored by Tests/Reference/make_logistic_reference.py).
@Suite("glassbox on the social-pressure experiment", .serialized)
struct SocialPressureEndToEndTests {
    static var dataPath: String { SocialPressureData.path }
    static var available: Bool { SocialPressureData.available }

    @Test("Neighbors vs Control turnout model agrees with statsmodels to 1e-8", .enabled(if: available))
    func neighborsModel() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let data = try SocialPressureData.writeNeighborsVersusControl(to: dir)
        let formula = "primary2006 ~ neighbors + primary2004 + age + female + hhsize + neighbors:primary2004"
        var r = try GlassboxProcess.run(["train", "logistic", "--data", data, "--formula", formula, "--out", dir.path("m.json")])
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["inspect", dir.path("m.json"), "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let rows = try #require(json["coefficients"] as? [[String: Any]])

        let fixture = GlassboxProcess.repositoryRoot.appendingPathComponent("Tests/Fixtures/reference/logistic.json")
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: fixture)) as? [String: Any])
        let cases = try #require(reference["cases"] as? [[String: Any]])
        let neighbors = try #require(cases.first { $0["name"] as? String == "social-pressure-neighbors" })
        let expected = try #require(neighbors["coefficients"] as? [String: [String: Double]])
        #expect(rows.count == expected.count)
        for row in rows {
            let term = try #require(row["term"] as? String)
            let ref = try #require(expected[term], "no reference for \(term)")
            for key in ["estimate", "stdError", "z", "ciLower", "ciUpper"] {
                let a = try #require(row[key] as? Double), b = try #require(ref[key])
                #expect(abs(a - b) <= 1e-8 * max(abs(b), ref["stdError"] ?? 0), "\(term) \(key): \(a) vs \(b)")
            }
        }
        let fit = try #require(json["fit"] as? [String: Any])
        let refFit = try #require(neighbors["fit"] as? [String: Any])
        let ll = try #require(fit["logLikelihood"] as? Double), refLL = try #require(refFit["logLikelihood"] as? Double)
        #expect(abs(ll - refLL) <= 1e-8 * abs(refLL))
        #expect(fit["nObservations"] as? Double == refFit["nObservations"] as? Double)
    }
}
