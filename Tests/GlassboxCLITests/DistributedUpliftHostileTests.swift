import Foundation
import Testing
import GlassboxTestSupport

/// Partial and state files come from other machines: doctored row counts, component options or arm
/// counts are refused with a specific error (exit 65, nothing written) instead of trapping on overflow.
@Suite("distributed uplift fits refuse hostile partials and states", .serialized)
struct DistributedUpliftHostileTests {
    static let arms = ["--treatment", "canvassed", "--treated", "1", "--control", "0"]

    static func refused(_ arguments: [String], _ message: String, status: Int32 = 65) throws {
        let r = try GlassboxProcess.run(arguments)
        #expect(r.status == status, "\(arguments): \(r.stderr)")
        #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    static func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    }

    static func write(_ object: [String: Any], _ path: String) throws {
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
    }

    /// The simulated voter file (`voters.csv`), the first uplift state (`s0.json`) and its first partial
    /// (`p0.json`): the common start of every hostile-partial test.
    static func firstPartial() throws -> Scratch {
        let scratch = try DistributedUpliftTests.simulated()
        let data = scratch.path("voters.csv")
        var r = try GlassboxProcess.run(["merge", "uplift", "--formula", DistributedUpliftTests.formula, "--out", scratch.path("s0.json")] + Self.arms)
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["partial", "uplift", "--state", scratch.path("s0.json"), "--data", data, "--out", scratch.path("p0.json")])
        #expect(r.status == 0, "\(r.stderr)")
        return scratch
    }

    @Test("row counts near Int.max in uplift and logistic partials exit 65 naming the file, without trapping")
    func overflowingCounts() throws {
        let scratch = try Self.firstPartial()
        defer { scratch.cleanup() }
        let data = scratch.path("voters.csv")
        let formula = DistributedUpliftTests.formula
        var r: GlassboxProcess.Result
        let merge = { (partials: [String]) in
            ["merge", "uplift", "--state", scratch.path("s0.json")] + partials + ["--out", scratch.path("s1.json"), "--model-out", scratch.path("m.json")]
        }
        let partial = try Self.json(scratch.path("p0.json"))
        var levels = partial
        var inner = levels["levels"] as! [String: Any]
        inner["rowsRead"] = Int.max
        levels["levels"] = inner
        try Self.write(levels, scratch.path("levels.json"))
        try Self.refused(merge([scratch.path("levels.json"), scratch.path("levels.json")]), "levels.json: 9223372036854775807 rows read")
        var read = partial
        read["rowsRead"] = Int.max
        try Self.write(read, scratch.path("read.json"))
        try Self.refused(merge([scratch.path("read.json"), scratch.path("read.json")]), "read.json: 9223372036854775807 rows")
        var arm = partial
        var tally = arm["arms"] as! [String: Any]
        tally["rowsPerArm"] = [Int.max, 1]
        arm["arms"] = tally
        try Self.write(arm, scratch.path("arm.json"))
        try Self.refused(merge([scratch.path("arm.json"), scratch.path("arm.json")]), "arm.json: 9223372036854775807 rows")
        #expect(!scratch.exists("s1.json") && !scratch.exists("m.json"))

        // The logistic summary pass: its row count is added over the partials.
        r = try GlassboxProcess.run(["merge", "logistic", "--formula", formula, "--out", scratch.path("l0.json")])
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["partial", "logistic", "--state", scratch.path("l0.json"), "--data", data, "--out", scratch.path("lp0.json")])
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["merge", "logistic", "--state", scratch.path("l0.json"), scratch.path("lp0.json"), "--out", scratch.path("l1.json"), "--model-out", scratch.path("lm.json")])
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["partial", "logistic", "--state", scratch.path("l1.json"), "--data", data, "--out", scratch.path("lp1.json")])
        #expect(r.status == 0, "\(r.stderr)")
        var summary = try Self.json(scratch.path("lp1.json"))
        var s = summary["summary"] as! [String: Any]
        s["rows"] = Int.max
        summary["summary"] = s
        try Self.write(summary, scratch.path("summary.json"))
        try Self.refused(["merge", "logistic", "--state", scratch.path("l1.json"), scratch.path("summary.json"), scratch.path("summary.json"),
                          "--out", scratch.path("l2.json"), "--model-out", scratch.path("lm.json")], "summary.json: 9223372036854775807 rows")
        #expect(!scratch.exists("l2.json") && !scratch.exists("lm.json"))
    }

    @Test("a component whose training differs from the uplift fit's, or too many treated values, is refused")
    func componentsAndArms() throws {
        let scratch = try Self.firstPartial()
        defer { scratch.cleanup() }
        let data = scratch.path("voters.csv")
        var r = try GlassboxProcess.run(["merge", "uplift", "--state", scratch.path("s0.json"), scratch.path("p0.json"), "--out", scratch.path("s1.json"), "--model-out", scratch.path("m.json")])
        #expect(r.status == 0, "\(r.stderr)")
        let state = try Self.json(scratch.path("s1.json"))
        for (key, value) in [("maxIterations", 7 as Any), ("lambda", 3.0 as Any), ("weightsColumn", "age" as Any)] {
            var edited = state
            var components = edited["components"] as! [[String: Any]]
            var training = components[1]["training"] as! [String: Any]
            training[key] = value
            components[1]["training"] = training
            edited["components"] = components
            try Self.write(edited, scratch.path("edited.json"))
            try Self.refused(["partial", "uplift", "--state", scratch.path("edited.json"), "--data", data, "--out", scratch.path("p1.json")],
                             "component 1: its training options are not the uplift fit's")
        }
        #expect(!scratch.exists("p1.json"))

        let many = (1...1_001).map(String.init).joined(separator: ",")
        r = try GlassboxProcess.run(["merge", "uplift", "--formula", DistributedUpliftTests.formula, "--treatment", "canvassed", "--treated", many, "--control", "0",
                                     "--out", scratch.path("many.json")])
        #expect(r.status != 0 && r.stderr.contains("1001 treated values, more than the 1000"), "\(r.stderr)")
        #expect(!scratch.exists("many.json"))
        var edited = try Self.json(scratch.path("s0.json"))
        var treatment = (edited["training"] as! [String: Any])["treatment"] as! [String: Any]
        treatment["treated"] = (1...1_001).map(String.init)
        var training = edited["training"] as! [String: Any]
        training["treatment"] = treatment
        edited["training"] = training
        try Self.write(edited, scratch.path("many-arms.json"))
        try Self.refused(["partial", "uplift", "--state", scratch.path("many-arms.json"), "--data", data, "--out", scratch.path("p1.json")],
                         "1001 treated values, more than the 1000")
    }
}
