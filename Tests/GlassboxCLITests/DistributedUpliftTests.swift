import Foundation
import Testing
import GlassboxTestSupport

/// Issue 16: `partial`/`merge uplift` (docs/scale.md §7) over row splits of a simulated voter file give the
/// `train uplift` model file — bit for bit with one partition (and an empty one), to 1e-12 relative over
/// several — and refuse malformed or mismatched states and partials (exit 65, nothing written).
@Suite("distributed uplift fits", .serialized)
struct DistributedUpliftTests {
    static let formula = "voted_2024 ~ age + female + C(race) + voted_2022"
    /// One arm (canvassed), and two arms against a control (party, an observational split that exercises
    /// several treated values).
    static let designs: [[String]] = [
        ["--treatment", "canvassed", "--treated", "1", "--control", "0"],
        ["--treatment", "party", "--treated", "DEM,REP", "--control", "IND", "--l2", "2"],
    ]

    static func simulated() throws -> Scratch {
        let scratch = try Scratch()
        let r = try GlassboxProcess.run(["simulate", "--rows", "20000", "--seed", "5", "--out", scratch.path("voters.csv"), "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        return scratch
    }

    /// The distributed fit over `parts` consecutive row ranges and an empty partition (first, through stdin).
    static func distributed(_ scratch: Scratch, parts: Int, options: [String]) throws -> String {
        try StreamingFitTests.distributed(scratch, parts: parts, options: options, withEmpty: true, kind: "uplift", formula: formula)
    }

    static func single(_ scratch: Scratch, options: [String]) throws -> String {
        let r = try GlassboxProcess.run(["train", "uplift", "--data", scratch.path("voters.csv"), "--formula", formula,
                                         "--out", scratch.path("single.json"), "--quiet"] + options)
        #expect(r.status == 0, "\(r.stderr)")
        return scratch.path("single.json")
    }

    /// Equal structure; numbers to `relative` of the larger magnitude (counts, being integers, exactly), everything else exactly.
    static func expectClose(_ a: Any, _ b: Any, _ path: String = "", relative: Double = 1e-12) {
        switch (a, b) {
        case let (x as [String: Any], y as [String: Any]):
            #expect(Set(x.keys) == Set(y.keys), "\(path)")
            for (key, value) in x { if let other = y[key] { expectClose(value, other, path + "." + key, relative: relative) } }
        case let (x as [Any], y as [Any]):
            #expect(x.count == y.count, "\(path)")
            for (k, pair) in zip(x, y).enumerated() { expectClose(pair.0, pair.1, "\(path)[\(k)]", relative: relative) }
        case let (x as NSNumber, y as NSNumber):
            let p = x.doubleValue, q = y.doubleValue
            #expect(abs(p - q) <= relative * max(abs(p), abs(q)), "\(path): \(p) vs \(q)")
        default:
            #expect("\(a)" == "\(b)", "\(path)")
        }
    }

    @Test("one partition and an empty one give the train uplift model file bit for bit", arguments: designs)
    func onePartitionIsExact(options: [String]) throws {
        let scratch = try Self.simulated()
        defer { scratch.cleanup() }
        let single = try Self.single(scratch, options: options)
        let model = try Self.distributed(scratch, parts: 1, options: options)
        #expect(try StreamingFitTests.comparable(model) == StreamingFitTests.comparable(single))
    }

    @Test("four row splits and an empty one agree with train uplift to 1e-12 relative, counts exactly", arguments: designs)
    func fourPartitionsAgree(options: [String]) throws {
        let scratch = try Self.simulated()
        defer { scratch.cleanup() }
        let single = try Self.single(scratch, options: options)
        let model = try Self.distributed(scratch, parts: 4, options: options)
        Self.expectClose(try StreamingFitTests.comparable(single), try StreamingFitTests.comparable(model))
    }

    @Test("malformed and mismatched states and partials get specific errors (exit 65) and write nothing")
    func malformed() throws {
        let scratch = try Self.simulated()
        defer { scratch.cleanup() }
        let data = scratch.path("voters.csv")
        let arms = ["--treatment", "canvassed", "--treated", "1", "--control", "0"]
        var r = try GlassboxProcess.run(["merge", "uplift", "--formula", Self.formula, "--out", scratch.path("s0.json")] + arms)
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["merge", "logistic", "--formula", Self.formula, "--out", scratch.path("logistic.json")])
        #expect(r.status == 0, "\(r.stderr)")

        func refused(_ arguments: [String], _ message: String, status: Int32 = 65) throws {
            let r = try GlassboxProcess.run(arguments)
            #expect(r.status == status, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        let garbage = try scratch.write("garbage.json", "{\"format\": 1}")
        try refused(["partial", "uplift", "--state", garbage, "--data", data], "is not an uplift fit state")
        try refused(["partial", "uplift", "--state", scratch.path("logistic.json"), "--data", data], "is not an uplift fit state")
        let state = try String(contentsOfFile: scratch.path("s0.json"), encoding: .utf8)
        let future = try scratch.write("future.json", state.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 7"))
        try refused(["partial", "uplift", "--state", future, "--data", data], "state version 7 is not supported")
        // A version 1 state is a two-model fit's; the other learners' states have version 2.
        let learner = try scratch.write("learner.json", state.replacingOccurrences(of: "\"two-model\"", with: "\"x-learner\""))
        try refused(["partial", "uplift", "--state", learner, "--data", data], "the state of a x-learner fit has version 2, not 1")
        let relabelled = try scratch.write("relabelled.json", state.replacingOccurrences(of: "\"two-model\"", with: "\"s-learner\""))
        try refused(["partial", "uplift", "--state", relabelled, "--data", data], "the state of a s-learner fit has version 2, not 1")
        try refused(["merge", "uplift", "--formula", "voted_2024 ~ age + canvassed", "--out", scratch.path("t.json")] + arms,
                    "uses the treatment column 'canvassed'")

        r = try GlassboxProcess.run(["partial", "uplift", "--state", scratch.path("s0.json"), "--data", data, "--out", scratch.path("p0.json")])
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["partial", "logistic", "--state", scratch.path("logistic.json"), "--data", data, "--out", scratch.path("lp.json")])
        #expect(r.status == 0, "\(r.stderr)")
        let merge = { (state: String, partials: [String]) in
            ["merge", "uplift", "--state", state] + partials + ["--out", scratch.path("s1.json"), "--model-out", scratch.path("m.json")]
        }
        // A partial of another state (an edited copy), a logistic partial, a garbage one.
        let other = try scratch.write("other.json", state.replacingOccurrences(of: "\"control\" : \"0\"", with: "\"control\" : \"1\""))
        try refused(merge(other, [scratch.path("p0.json")]), "was computed from another state")
        try refused(merge(scratch.path("s0.json"), [scratch.path("lp.json")]), "is not an uplift partial")
        try refused(merge(scratch.path("s0.json"), [garbage]), "is not an uplift partial")
        #expect(!scratch.exists("s1.json") && !scratch.exists("m.json"))

        // The treated value occurs nowhere: the single machine's message, after the levels pass.
        r = try GlassboxProcess.run(["merge", "uplift", "--formula", Self.formula, "--treatment", "canvassed", "--treated", "7", "--control", "0",
                                     "--out", scratch.path("absent.json")])
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["partial", "uplift", "--state", scratch.path("absent.json"), "--data", data, "--out", scratch.path("pa.json")])
        #expect(r.status == 0, "\(r.stderr)")
        try refused(merge(scratch.path("absent.json"), [scratch.path("pa.json")]), "the treated value '7' does not occur in column 'canvassed'")

        // A partition whose treatment column reads as text (an 'x' in another arm) while another's reads as numbers.
        let lines = try String(contentsOfFile: data, encoding: .utf8).split(separator: "\n").map(String.init)
        let column = lines[0].split(separator: ",").firstIndex(of: "canvassed")!
        var fields = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[column] = "x"
        let textual = try scratch.write("text.csv", ([lines[0], fields.joined(separator: ",")] + lines[2...50]).joined(separator: "\n") + "\n")
        let numeric = try scratch.write("numeric.csv", ([lines[0]] + lines[51...100]).joined(separator: "\n") + "\n")
        for (name, partition) in [("pt.json", textual), ("pn.json", numeric)] {
            r = try GlassboxProcess.run(["partial", "uplift", "--state", scratch.path("s0.json"), "--data", partition, "--out", scratch.path(name)])
            #expect(r.status == 0, "\(r.stderr)")
        }
        try refused(merge(scratch.path("s0.json"), [scratch.path("pt.json"), scratch.path("pn.json")]),
                    "the column 'canvassed' reads as numbers in some rows and as text in others")

        // A state after the levels pass whose component fits were removed.
        r = try GlassboxProcess.run(merge(scratch.path("s0.json"), [scratch.path("p0.json")]))
        #expect(r.status == 0, "\(r.stderr)")
        var next = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch.path("s1.json")))) as! [String: Any]
        #expect((next["components"] as? [Any])?.count == 2)
        next["components"] = [Any]()
        let stripped = scratch.path("stripped.json")
        try JSONSerialization.data(withJSONObject: next).write(to: URL(fileURLWithPath: stripped))
        try refused(["partial", "uplift", "--state", stripped, "--data", data], "0 component fits for 2 arms")

        // Edit the state's components count: refused with the component count.
        let withComponents = try String(contentsOfFile: scratch.path("s0.json"), encoding: .utf8)
            .replacingOccurrences(of: "\"components\" : [\n\n  ]", with: "\"components\" : [ {} ]")
        let edited = try scratch.write("edited.json", withComponents)
        try refused(["partial", "uplift", "--state", edited, "--data", data], "is not an uplift fit state")
    }
}
