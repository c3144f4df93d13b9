import Foundation
import Testing
import GlassboxTestSupport

/// The acceptance check: on the social-pressure turnout model, `glassbox explain --metric auc
/// --repeats 10` ranks primary2004 first and matches scikit-learn's permutation_importance within
/// sampling error (fixture from Tests/Reference/make_explain_reference.py). Skips when the data are absent.
@Suite("glassbox explain on the social-pressure experiment", .serialized)
struct ExplainSocialPressureTests {
    @Test("primary2004 first; means agree with scikit-learn", .enabled(if: SocialPressureEndToEndTests.available))
    func socialPressure() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let data = try SocialPressureData.writeNeighborsVersusControl(to: dir)
        let formula = "primary2006 ~ neighbors + primary2004 + age + female + hhsize + neighbors:primary2004"
        var r = try GlassboxProcess.run(["train", "logistic", "--data", data, "--formula", formula, "--out", dir.path("m.json")])
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["explain", dir.path("m.json"), "--data", data, "--metric", "auc", "--repeats", "10", "--seed", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let features = try #require(json["permutationImportance"] as? [[String: Any]])
        #expect(features.first?["feature"] as? String == "primary2004")

        let fixture = GlassboxProcess.repositoryRoot.appendingPathComponent("Tests/Fixtures/reference/explain.json")
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: fixture)) as? [String: Any])
        let sp = try #require(reference["socialPressure"] as? [String: Any])
        let names = sp["features"] as! [String], means = sp["mean"] as! [Double], stds = sp["std"] as! [Double]
        for (k, name) in names.enumerated() {
            let mine = try #require(features.first { $0["feature"] as? String == name })
            let (m, s) = (mine["mean"] as! Double, mine["std"] as! Double)
            let tolerance = 4 * (s * s + stds[k] * stds[k]).squareRoot() / 10.0.squareRoot() + 1e-4
            #expect(abs(m - means[k]) < tolerance, "\(name): glassbox \(m) ± \(s), sklearn \(means[k]) ± \(stds[k])")
        }
    }
}
