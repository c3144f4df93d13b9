import Foundation
import Testing
import GlassboxCore
import GlassboxTestSupport

/// Issue 16: `partial`/`merge uplift` with the S-learner, X-learner and class transformation (docs/scale.md §7) over row
/// splits of a simulated voter file give the `train uplift` model file — bit for bit with one partition (and
/// an empty one), to 1e-12 of each component's largest coefficient over four — and refuse doctored states
/// and partials (exit 65, nothing written).
@Suite("distributed uplift fits of the s-learner, x-learner and class transformation", .serialized)
struct DistributedUpliftLearnersTests {
    static let variants: [[String]] = [
        ["--treatment", "party", "--treated", "DEM,REP", "--control", "IND", "--l2", "2", "--learner", "s-learner"],
        ["--treatment", "canvassed", "--treated", "1", "--control", "0", "--learner", "class-transformation"],
        ["--treatment", "party", "--treated", "DEM,REP", "--control", "IND", "--l2", "2", "--learner", "class-transformation",
         "--propensity", "estimated"],
        ["--treatment", "canvassed", "--treated", "1", "--control", "0", "--learner", "x-learner"],
        ["--treatment", "party", "--treated", "DEM,REP", "--control", "IND", "--l2", "2", "--learner", "x-learner", "--propensity", "estimated"],
    ]

    @Test("one partition and an empty one give the train uplift model file bit for bit", arguments: variants)
    func onePartitionIsExact(options: [String]) throws {
        let scratch = try DistributedUpliftTests.simulated()
        defer { scratch.cleanup() }
        let single = try DistributedUpliftTests.single(scratch, options: options)
        let model = try DistributedUpliftTests.distributed(scratch, parts: 1, options: options)
        #expect(try StreamingFitTests.comparable(model) == StreamingFitTests.comparable(single))
    }

    /// Sums added in another order move a coefficient by rounding of the fit's scale: a coefficient of 3e-4
    /// beside others of 0.1 moves by 3e-12 of itself. So coefficients are compared to 1e-12 of their
    /// component's largest, everything else as in the two-model test (numbers to 1e-12 relative, counts and
    /// texts exactly).
    @Test("four row splits and an empty one agree with train uplift to 1e-12, counts exactly", arguments: variants)
    func fourPartitionsAgree(options: [String]) throws {
        let scratch = try DistributedUpliftTests.simulated()
        defer { scratch.cleanup() }
        let single = try StreamingFitTests.comparable(DistributedUpliftTests.single(scratch, options: options)) as! [String: Any]
        let model = try StreamingFitTests.comparable(DistributedUpliftTests.distributed(scratch, parts: 4, options: options)) as! [String: Any]
        func components(_ file: [String: Any]) -> [[String: Any]] {
            (file["arms"] as! [[String: Any]]).flatMap { $0["components"] as! [[String: Any]] }
        }
        let (a, b) = (components(single), components(model))
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) {
            let p = x["coefficients"] as! [Double], q = y["coefficients"] as! [Double]
            let scale = p.map(abs).max() ?? 0
            #expect(p.count == q.count && zip(p, q).allSatisfy { abs($0 - $1) <= 1e-12 * scale }, "\(p) vs \(q)")
        }
        func stripped(_ file: [String: Any]) -> [String: Any] {
            var file = file
            file["arms"] = (file["arms"] as! [[String: Any]]).map { arm in
                var arm = arm
                arm["components"] = (arm["components"] as! [[String: Any]]).map { var c = $0; c["coefficients"] = nil; return c }
                return arm
            }
            return file
        }
        DistributedUpliftTests.expectClose(stripped(single), stripped(model))
    }

    static func refused(_ arguments: [String], _ message: String) throws {
        try DistributedUpliftHostileTests.refused(arguments, message)
    }

    @Test("doctored rows per arm, propensity checks and component designs are refused (exit 65, nothing written)")
    func doctored() throws {
        let scratch = try DistributedUpliftTests.simulated()
        defer { scratch.cleanup() }
        let data = scratch.path("voters.csv")
        let json = DistributedUpliftHostileTests.json, write = DistributedUpliftHostileTests.write
        let options = ["--treatment", "canvassed", "--treated", "1", "--control", "0", "--learner", "class-transformation", "--propensity", "estimated"]
        func partial(_ state: String, _ out: String) throws {
            let r = try GlassboxProcess.run(["partial", "uplift", "--state", scratch.path(state), "--data", data, "--out", scratch.path(out)])
            #expect(r.status == 0, "\(r.stderr)")
        }
        func merge(_ state: String, _ partials: [String], _ out: String) -> [String] {
            ["merge", "uplift", "--state", scratch.path(state)] + partials.map(scratch.path) + ["--out", scratch.path(out), "--model-out", scratch.path("m.json")]
        }
        var r = try GlassboxProcess.run(["merge", "uplift", "--formula", DistributedUpliftTests.formula, "--out", scratch.path("s0.json")] + options)
        #expect(r.status == 0, "\(r.stderr)")
        try partial("s0.json", "p0.json")

        // Levels partials: complete rows per arm missing, or not adding up to the rows kept.
        var levels = try json(scratch.path("p0.json"))
        levels["keptPerArm"] = nil
        try write(levels, scratch.path("nokept.json"))
        try Self.refused(merge("s0.json", ["nokept.json"], "s1.json"), "nokept.json holds no complete rows of the state's 2 arms")
        levels = try json(scratch.path("p0.json"))
        levels["keptPerArm"] = [5, 5]
        try write(levels, scratch.path("kept.json"))
        try Self.refused(merge("s0.json", ["kept.json"], "s1.json"), "complete rows per arm add up to 10")
        #expect(!scratch.exists("s1.json") && !scratch.exists("m.json"))

        // Run the fit until the propensity is fitted and its check is asked for.
        r = try GlassboxProcess.run(merge("s0.json", ["p0.json"], "s1.json"))
        #expect(r.status == 0, "\(r.stderr)")
        var pass = 1
        while pass < 40 {
            let state = try json(scratch.path("s\(pass).json"))
            if (state["components"] as! [[String: Any]])[0]["status"] as? String == "done" { break }
            try partial("s\(pass).json", "p\(pass).json")
            r = try GlassboxProcess.run(merge("s\(pass).json", ["p\(pass).json"], "s\(pass + 1).json"))
            #expect(r.status == 0 && r.stdout.hasPrefix("running"), "\(r.stderr)")
            pass += 1
        }
        try partial("s\(pass).json", "check.json")
        var check = try json(scratch.path("check.json"))
        #expect((check["extremePropensities"] as? [Any])?.count == 1)
        check["extremePropensities"] = nil
        try write(check, scratch.path("nocheck.json"))
        try Self.refused(merge("s\(pass).json", ["nocheck.json"], "next.json"), "its propensity checks are not those of the arms [1]")
        check = try json(scratch.path("check.json"))
        check["extremePropensities"] = [3]
        try write(check, scratch.path("extreme.json"))
        try Self.refused(merge("s\(pass).json", ["extreme.json"], "next.json"), "the estimated propensity of '1' is 0 or 1 for 3 row(s)")

        // States: rows per arm, a checked propensity that is not, a component design that is not its role's.
        let state = try json(scratch.path("s\(pass).json"))
        var edited = state
        edited["keptPerArm"] = [1, 2]
        try write(edited, scratch.path("edited.json"))
        try Self.refused(["partial", "uplift", "--state", scratch.path("edited.json"), "--data", data], "its rows per arm are not 2 counts adding up to the rows kept")
        edited = try json(scratch.path("s1.json"))
        edited["checkedPropensities"] = [1]
        try write(edited, scratch.path("edited.json"))
        try Self.refused(["partial", "uplift", "--state", scratch.path("edited.json"), "--data", data], "a checked propensity that is not fitted")
        edited = state
        var components = edited["components"] as! [[String: Any]]
        components[1]["designTerms"] = ["(Intercept)", "treated"]
        edited["components"] = components
        try write(edited, scratch.path("edited.json"))
        try Self.refused(["partial", "uplift", "--state", scratch.path("edited.json"), "--data", data], "component 1: its design columns are not the transformed-outcome model's")
        #expect(!scratch.exists("next.json") && !scratch.exists("m.json"))
    }

    @Test("a propensity that separates the arms fails as train uplift fails, with its message")
    func separatedPropensity() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        // z is the treatment itself, so the estimated propensity is 0 or 1.
        var csv = "y,t,z,x\n"
        for i in 0..<200 { csv += "\(i % 3 == 0 ? 1 : 0),\(i % 2),\(i % 2),\(Double(i % 17) / 4)\n" }
        let data = try scratch.write("data.csv", csv)
        let options = ["--treatment", "t", "--treated", "1", "--control", "0", "--learner", "class-transformation", "--propensity", "estimated"]
        let single = try GlassboxProcess.run(["train", "uplift", "--data", data, "--formula", "y ~ x + z", "--out", scratch.path("single.json")] + options)
        #expect(single.status != 0)
        let line = single.stderr.split(separator: "\n").first { $0.contains("estimated propensity") }.map(String.init) ?? "?"
        #expect(line.contains("the estimated propensity of '1' is 0 or 1"), "\(single.stderr)")
        var r = try GlassboxProcess.run(["merge", "uplift", "--formula", "y ~ x + z", "--out", scratch.path("s0.json")] + options)
        #expect(r.status == 0, "\(r.stderr)")
        for pass in 0..<40 {
            r = try GlassboxProcess.run(["partial", "uplift", "--state", scratch.path("s\(pass).json"), "--data", data, "--out", scratch.path("p.json"), "--force"])
            #expect(r.status == 0, "\(r.stderr)")
            r = try GlassboxProcess.run(["merge", "uplift", "--state", scratch.path("s\(pass).json"), scratch.path("p.json"),
                                         "--out", scratch.path("s\(pass + 1).json"), "--model-out", scratch.path("m.json")])
            if r.status != 0 { break }
        }
        #expect(r.status == single.status)
        #expect(r.stderr.contains(line), "\(r.stderr) vs \(line)")
        #expect(!scratch.exists("m.json"))
    }
}

extension DistributedUpliftLearnersTests {
    @Test("x-learner effect sums missing, of another size, or in a state before its outcome models are refused")
    func doctoredEffectSums() throws {
        let scratch = try DistributedUpliftTests.simulated()
        defer { scratch.cleanup() }
        let data = scratch.path("voters.csv")
        let json = DistributedUpliftHostileTests.json, write = DistributedUpliftHostileTests.write
        var r = try GlassboxProcess.run(["merge", "uplift", "--formula", DistributedUpliftTests.formula, "--out", scratch.path("s0.json"),
                                         "--treatment", "canvassed", "--treated", "1", "--control", "0", "--learner", "x-learner"])
        #expect(r.status == 0, "\(r.stderr)")
        // Run the fit until the effect sums are asked for (every outcome model done).
        var pass = 0
        while pass < 40 {
            r = try GlassboxProcess.run(["partial", "uplift", "--state", scratch.path("s\(pass).json"), "--data", data, "--out", scratch.path("p\(pass).json")])
            #expect(r.status == 0, "\(r.stderr)")
            if try json(scratch.path("p\(pass).json"))["effectSums"] != nil { break }
            r = try GlassboxProcess.run(["merge", "uplift", "--state", scratch.path("s\(pass).json"), scratch.path("p\(pass).json"),
                                         "--out", scratch.path("s\(pass + 1).json"), "--model-out", scratch.path("m.json")])
            #expect(r.status == 0 && r.stdout.hasPrefix("running"), "\(r.stderr)")
            pass += 1
        }
        // The effect pass's worker builds the partition's design and copies rows out of it: at most 4·8·n·p bytes
        // beyond its sums and the two outcome models it replays (docs/scale.md §2), checked once the rows are read.
        let effectState = try json(scratch.path("s\(pass).json"))
        let p = Double(((effectState["encoding"] as! [String: Any])["termNames"] as! [Any]).count)
        let n = Double(effectState["rowsRead"] as! Int), w = Double(Parallel.workerCount)
        let beforeRows = 8 * (2 * p * p + 2 * p * p + (w + 3) * p * p + w * 4_096 * p), copies = 4 * 8 * n * p
        for (budget, refused) in [(beforeRows + copies / 2, true), (beforeRows + copies + 1_000, false)] {
            r = try GlassboxProcess.run(["partial", "uplift", "--state", scratch.path("s\(pass).json"), "--data", data, "--out", scratch.path("copies.json")],
                                        environment: ["GLASSBOX_MEMORY_LIMIT_BYTES": String(UInt64(budget))])
            #expect(r.status == (refused ? 65 : 0), "\(r.stderr)")
            #expect(r.stderr.contains("this partition's \(Int(n)) rows of \(Int(p)) design columns make its design and one component's copy of its rows") == refused, "\(r.stderr)")
            #expect(scratch.exists("copies.json") == !refused)
        }
        // Before the rows are read: a budget below the sums and the replayed models refuses the partition unread.
        r = try GlassboxProcess.run(["partial", "uplift", "--state", scratch.path("s\(pass).json"), "--data", data],
                                    environment: ["GLASSBOX_MEMORY_LIMIT_BYTES": String(UInt64(beforeRows) - 1)])
        #expect(r.status == 65 && r.stderr.contains("computing a partial of its pass needs about "), "\(r.stderr)")

        let merge = ["merge", "uplift", "--state", scratch.path("s\(pass).json"), scratch.path("doctored.json"),
                     "--out", scratch.path("next.json"), "--model-out", scratch.path("m.json")]
        var partial = try json(scratch.path("p\(pass).json"))
        partial["effectSums"] = nil
        try write(partial, scratch.path("doctored.json"))
        try Self.refused(merge, "the state asks for effect sums; the partial lacks them")
        partial = try json(scratch.path("p\(pass).json"))
        var sums = partial["effectSums"] as! [[String: Any]]
        sums[0]["treatedProduct"] = [1.0]
        partial["effectSums"] = sums
        try write(partial, scratch.path("doctored.json"))
        try Self.refused(merge, "holds no effect sums of the state's 1 arms")
        #expect(!scratch.exists("next.json") && !scratch.exists("m.json"))

        // Effect sums in the first state after the levels pass, before any outcome model is fitted.
        var state = try json(scratch.path("s1.json"))
        state["effectSums"] = (try json(scratch.path("p\(pass).json")))["effectSums"]
        try write(state, scratch.path("edited.json"))
        try Self.refused(["partial", "uplift", "--state", scratch.path("edited.json"), "--data", data], "effect sums that are not the x-learner's")
        // The same in the very first state, which has no components yet (this trapped on an index before).
        state = try json(scratch.path("s0.json"))
        state["effectSums"] = (try json(scratch.path("p\(pass).json")))["effectSums"]
        try write(state, scratch.path("edited.json"))
        try Self.refused(["partial", "uplift", "--state", scratch.path("edited.json"), "--data", data], "effect sums that are not the x-learner's")
        try Self.refused(["merge", "uplift", "--state", scratch.path("edited.json"), scratch.path("p\(pass).json"),
                          "--out", scratch.path("next.json"), "--model-out", scratch.path("m.json")], "effect sums that are not the x-learner's")

        // Non-finite effect sums: one NaN, or two partials whose finite sums overflow when added.
        partial = try json(scratch.path("p\(pass).json"))
        sums = partial["effectSums"] as! [[String: Any]]
        var product = sums[0]["treatedProduct"] as! [Any]
        product[0] = "NaN"
        sums[0]["treatedProduct"] = product
        partial["effectSums"] = sums
        try write(partial, scratch.path("doctored.json"))
        try Self.refused(merge, "doctored.json holds an effect sum that is not a finite number")
        product[0] = 1e308
        sums[0]["treatedProduct"] = product
        partial["effectSums"] = sums
        try write(partial, scratch.path("doctored.json"))
        try Self.refused(merge + [scratch.path("doctored.json")], "add up to more than a double can hold")

        // A state whose rows per arm leave an arm empty: the merge would write a model with a propensity of 0.
        state = try json(scratch.path("s\(pass).json"))
        let kept = state["keptPerArm"] as! [Int]
        state["keptPerArm"] = [kept.reduce(0, +), 0]
        try write(state, scratch.path("edited.json"))
        try Self.refused(["partial", "uplift", "--state", scratch.path("edited.json"), "--data", data], "its rows per arm are not")
        #expect(!scratch.exists("next.json") && !scratch.exists("m.json"))
    }
}
