import Foundation
import Testing
import GlassboxTestSupport

/// The issue's acceptance checks on the social-pressure experiment (skipped when the data are absent):
/// Neighbors vs Control average effect 0.0813 with interval about [0.0760, 0.0866], a larger effect among
/// 2004 primary voters, and a two-model uplift on `primary2006 ~ primary2004 + age + female + hhsize`
/// trained, scored and evaluated from the CLI.
@Suite("uplift on the social-pressure experiment", .serialized)
struct UpliftSocialPressureTests {
    static var available: Bool { SocialPressureEndToEndTests.available }

    /// Neighbors and Control rows with `age = 2006 - yearofbirth` and `female` derived; `voted2004` selects
    /// only 2004 primary voters (1) or non-voters (0).
    static func derived(voted2004: String? = nil) throws -> String {
        let lines = try String(contentsOfFile: SocialPressureEndToEndTests.dataPath, encoding: .utf8).split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ",").map(String.init)
        let index = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
        var out = "primary2006,messages,primary2004,age,female,hhsize\n"
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let message = f[index["messages"]!]
            guard message == "Neighbors" || message == "Control" else { continue }
            if let voted2004, f[index["primary2004"]!] != voted2004 { continue }
            let age = 2006 - Int(Double(f[index["yearofbirth"]!])!)
            out += "\(f[index["primary2006"]!]),\(message),\(f[index["primary2004"]!]),\(age),\(f[index["sex"]!] == "female" ? 1 : 0),\(f[index["hhsize"]!])\n"
        }
        return out
    }

    static func averageEffect(_ report: String) throws -> [String: Double] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
        let arm = try #require((json["arms"] as? [[String: Any]])?.first)
        let evaluation = try #require(arm["evaluation"] as? [String: Any])
        return try #require(evaluation["averageEffect"] as? [String: Any]).compactMapValues { $0 as? Double }
    }

    @Test("Neighbors vs Control: train, score and evaluate a two-model uplift end to end", .enabled(if: available))
    func neighbors() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let data = try dir.write("sp.csv", try Self.derived())
        var r = try GlassboxProcess.run(["train", "uplift", "--data", data, "--formula", "primary2006 ~ primary2004 + age + female + hhsize",
                                         "--treatment", "messages", "--treated", "Neighbors", "--control", "Control", "--learner", "two-model",
                                         "--out", dir.path("m.json")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("229444 rows"), "\(r.stdout)")
        r = try GlassboxProcess.run(["score", dir.path("m.json"), "--data", data, "--out", dir.path("s.csv"), "--keep", "primary2004"])
        #expect(r.status == 0, "\(r.stderr)")
        // Mean predicted uplift is larger for 2004 primary voters.
        var sums = [0.0, 0.0], counts = [0.0, 0.0]
        for line in try String(contentsOfFile: dir.path("s.csv"), encoding: .utf8).split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",")
            let group = Int(f[0])!
            sums[group] += Double(f[1])!
            counts[group] += 1
        }
        #expect(sums[1] / counts[1] > sums[0] / counts[0], "mean predicted uplift voters \(sums[1] / counts[1]) vs non-voters \(sums[0] / counts[0])")

        r = try GlassboxProcess.run(["evaluate", "uplift", dir.path("m.json"), "--data", data, "--bootstrap", "0"])
        #expect(r.status == 0, "\(r.stderr)")
        let ate = try Self.averageEffect(r.stdout)
        #expect(abs(ate["estimate"]! - 0.0813) < 0.00005, "\(ate)")
        #expect(abs(ate["ciLower"]! - 0.0760) < 0.0001 && abs(ate["ciUpper"]! - 0.0866) < 0.0001, "\(ate)")

        // The observed (experimental) effect is larger among 2004 primary voters than non-voters.
        var effects = [Double]()
        for voted in ["0", "1"] {
            let subset = try dir.write("sp\(voted).csv", try Self.derived(voted2004: voted))
            r = try GlassboxProcess.run(["evaluate", "uplift", dir.path("m.json"), "--data", subset, "--bootstrap", "0"])
            #expect(r.status == 0, "\(r.stderr)")
            effects.append(try Self.averageEffect(r.stdout)["estimate"]!)
        }
        #expect(effects[1] > effects[0], "effect among voters \(effects[1]) vs non-voters \(effects[0])")
    }
}
