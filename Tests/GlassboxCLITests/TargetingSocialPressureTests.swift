import Foundation
import Testing
import GlassboxTestSupport

/// The "audited end to end from the CLI" check on the social-pressure experiment (skipped when
/// the data are absent): a two-model uplift on `primary2006 ~ primary2004 + age + female + hhsize`
/// (Neighbors vs Control) is trained, then audited for targeting by 2004 primary voting and sex.
@Suite("targeting audit on the social-pressure experiment", .serialized)
struct TargetingSocialPressureTests {
    @Test("Neighbors vs Control: train two-model uplift → audit --model by primary2004 and female", .enabled(if: UpliftSocialPressureTests.available))
    func neighbors() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let data = try dir.write("sp.csv", try UpliftSocialPressureTests.derived())
        var r = try GlassboxProcess.run(["train", "uplift", "--data", data, "--formula", "primary2006 ~ primary2004 + age + female + hhsize",
                                         "--treatment", "messages", "--treated", "Neighbors", "--control", "Control", "--learner", "two-model",
                                         "--out", dir.path("m.json")])
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["audit", "--data", data, "--model", dir.path("m.json"), "--outcome", "primary2006", "--group", "primary2004",
                                     "--group", "female", "--top", "0.3", "--bootstrap", "200", "--metric-bootstrap", "0", "--out", dir.path("a.json")])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path("a.json")))) as? [String: Any])
        #expect((report["data"] as? [String: Any])?["rowsUsed"] as? Int == 229_444)
        let overall = try #require(report["overall"] as? [String: Any])
        let effect = try #require(overall["effect"] as? [String: Any])
        #expect(abs((effect["estimate"] as? Double ?? 0) - 0.0813) < 5e-5, "\(effect)")
        let groups = try #require(report["groups"] as? [[String: Any]])
        func group(_ attribute: String, _ value: String) throws -> [String: Any] {
            try #require(groups.first { $0["attribute"] as? String == attribute && $0["value"] as? String == value })
        }
        let voters = try group("primary2004", "1"), nonVoters = try group("primary2004", "0")
        func estimate(_ g: [String: Any]) -> Double { (g["effect"] as? [String: Any])?["estimate"] as? Double ?? .nan }
        // The observed effect is larger for 2004 primary voters, and the model targets them more.
        #expect(estimate(voters) > estimate(nonVoters))
        #expect((voters["meanUplift"] as? Double ?? 0) > (nonVoters["meanUplift"] as? Double ?? 1))
        let voterRatio = try #require((voters["targetingRatio"] as? [String: Any])?["ratio"] as? Double)
        let nonVoterRatio = try #require((nonVoters["targetingRatio"] as? [String: Any])?["ratio"] as? Double)
        #expect(voterRatio > 1 && nonVoterRatio < 1)
        #expect(report["qiniAuc"] is Double && report["upliftAuc"] is Double)
    }
}
