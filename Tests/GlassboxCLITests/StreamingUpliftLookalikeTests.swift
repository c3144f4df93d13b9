import Foundation
import Testing
import GlassboxTestSupport

/// Issue 16: `train uplift` and `train lookalike` streamed through a design cache within a memory budget
/// give the in-memory model bit for bit (docs/scale.md §7), every uplift learner included; the lookalike
/// methods that need the design in memory are refused with a message naming them.
@Suite("streamed uplift and lookalike fits", .serialized)
struct StreamingUpliftLookalikeTests {
    static let upliftFormula = "voted_2024 ~ age + female + C(race) + party + voted_2022"
    static let lookalikeFormula = "~ age + female + C(race) + party + voted_2022 + income"

    /// Trains in memory, within a 1 MB budget (64 KiB read chunks) on both CPUs, and in 3,000-byte chunks on
    /// one CPU; expects the three model files to agree but for the run's time and command line.
    static func expectStreamedIsInMemory(_ scratch: Scratch, _ arguments: [String]) throws {
        let base = arguments + ["--data", scratch.path("voters.csv"), "--quiet"]
        let inMemory = try GlassboxProcess.run(base + ["--out", scratch.path("memory.json"), "--force"])
        #expect(inMemory.status == 0, "\(inMemory.stderr)")
        let budget = try GlassboxProcess.run(base + ["--out", scratch.path("budget.json"), "--force", "--memory", "1MB"])
        #expect(budget.status == 0, "\(budget.stderr)")
        let tiny = try GlassboxProcess.run(executable: "/usr/bin/taskset", ["-c", "0", GlassboxProcess.binary] + base
                                           + ["--out", scratch.path("tiny.json"), "--force", "--stream-chunk-bytes", "3000"])
        #expect(tiny.status == 0, "\(tiny.stderr)")
        let reference = try Self.comparable(scratch.path("memory.json"))
        #expect(try Self.comparable(scratch.path("budget.json")) == reference)
        #expect(try Self.comparable(scratch.path("tiny.json")) == reference)
        #expect(budget.stdout == inMemory.stdout.replacingOccurrences(of: "memory.json", with: "budget.json"))
        #expect(budget.stderr == inMemory.stderr)
    }

    /// The model file without the fields that name the run (time, command line).
    static func comparable(_ path: String) throws -> NSDictionary {
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        var manifest = object["manifest"] as! [String: Any]
        manifest["createdAt"] = nil
        manifest["commandLine"] = nil
        object["manifest"] = manifest
        return object as NSDictionary
    }

    static let upliftVariants: [[String]] = [
        ["--learner", "two-model"],
        ["--learner", "s-learner", "--l2", "3"],
        ["--learner", "class-transformation", "--propensity", "estimated"],
        ["--learner", "x-learner"],
        ["--learner", "x-learner", "--propensity", "estimated", "--l2", "2"],
    ]

    @Test("train uplift: a 1 MB budget, tiny chunks and one or two threads give the in-memory model bit for bit", arguments: upliftVariants)
    func upliftStreamedIsInMemory(options: [String]) throws {
        let scratch = try StreamingFitTests.simulated()
        defer { scratch.cleanup() }
        try Self.expectStreamedIsInMemory(scratch, ["train", "uplift", "--formula", Self.upliftFormula, "--treatment", "canvassed",
                                                    "--treated", "1", "--control", "0"] + options)
    }

    static let threeArmVariants: [[String]] = [
        ["--learner", "x-learner"],
        ["--learner", "x-learner", "--propensity", "estimated", "--l2", "2"],
    ]

    @Test("train uplift with two treated values: the x-learner streamed within 1 MB is the in-memory model bit for bit", arguments: threeArmVariants)
    func threeArmsStreamedIsInMemory(options: [String]) throws {
        let scratch = try StreamingFitTests.simulated()
        defer { scratch.cleanup() }
        try Self.expectStreamedIsInMemory(scratch, ["train", "uplift", "--formula", "voted_2024 ~ age + female + C(race) + voted_2022",
                                                    "--treatment", "party", "--treated", "DEM,REP", "--control", "IND"] + options)
    }

    @Test("train uplift --learner x-learner --memory 1MB streams a file larger than the budget and writes the in-memory model's bytes")
    func xLearnerStreamsBeyondTheBudget() throws {
        let scratch = try StreamingFitTests.simulated()
        defer { scratch.cleanup() }
        let data = scratch.path("voters.csv")
        let size = try FileManager.default.attributesOfItem(atPath: data)[.size] as! Int
        #expect(size > 2_000_000, "the file is larger than the budget: \(size) bytes")
        let base = ["train", "uplift", "--formula", Self.upliftFormula, "--treatment", "canvassed", "--treated", "1", "--control", "0",
                    "--learner", "x-learner", "--data", data, "--force"]
        // The streamed read shows its passes in the progress display; the in-memory read has none.
        let streamed = try GlassboxProcess.run(base + ["--out", scratch.path("streamed.json"), "--memory", "1MB", "--progress"])
        #expect(streamed.status == 0, "\(streamed.stderr)")
        #expect(streamed.stderr.contains("design pass"), "\(streamed.stderr)")
        let inMemory = try GlassboxProcess.run(base + ["--out", scratch.path("memory.json"), "--quiet"])
        #expect(inMemory.status == 0, "\(inMemory.stderr)")
        #expect(!inMemory.stderr.contains("design pass"))
        // Byte for byte but for the lines naming the run: the time and the command line.
        func normalised(_ name: String) throws -> [Substring] {
            let lines = try String(contentsOfFile: scratch.path(name), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            var kept = [Substring](), inCommandLine = false
            for line in lines {
                if line.contains("\"commandLine\" : [") { inCommandLine = true; continue }
                if inCommandLine { inCommandLine = !line.trimmingCharacters(in: .whitespaces).hasPrefix("]"); continue }
                if !line.contains("\"createdAt\" : ") { kept.append(line) }
            }
            return kept
        }
        let reference = try normalised("memory.json")
        #expect(reference.count > 100 && reference.contains { $0.contains("\"treated-effect\"") })
        #expect(try normalised("streamed.json") == normalised("memory.json"))
    }

    static let lookalikeVariants: [[String]] = [
        ["--method", "logistic"],
        ["--method", "pu", "--bagging", "4", "--random-seed", "7"],
        ["--method", "pu", "--bagging", "3", "--bag-size", "700", "--l2", "1"],
    ]

    @Test("train lookalike: a 1 MB budget, tiny chunks and one or two threads give the in-memory model bit for bit", arguments: lookalikeVariants)
    func lookalikeStreamedIsInMemory(options: [String]) throws {
        let scratch = try StreamingFitTests.simulated()
        defer { scratch.cleanup() }
        try Self.expectStreamedIsInMemory(scratch, ["train", "lookalike", "--formula", Self.lookalikeFormula, "--seed", "donor"] + options)
    }

    @Test("learners that need the design in memory are refused by name when the file exceeds the budget, with no output")
    func inMemoryLearnersAreRefused() throws {
        let scratch = try StreamingFitTests.simulated()
        defer { scratch.cleanup() }
        let data = scratch.path("voters.csv"), out = scratch.path("m.json")
        let cases: [([String], String)] = [
            (["train", "lookalike", "--formula", Self.lookalikeFormula, "--seed", "donor", "--method", "similarity"],
             "--method similarity is fitted in memory only"),
            (["train", "lookalike", "--formula", Self.lookalikeFormula, "--seed", "donor", "--method", "pu"],
             "--method pu without --bagging is fitted in memory only"),
        ]
        for (arguments, message) in cases {
            let r = try GlassboxProcess.run(arguments + ["--data", data, "--out", out, "--memory", "1MB"])
            #expect(r.status == 65)
            #expect(r.stderr.contains(message), "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }

    @Test("--timings prints the phase timings on stderr on the streamed path, as in memory")
    func streamedTimings() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        var lines = ["y,x,arm"]
        for i in 0..<4_000 { lines.append("\(i % 3 == 0 ? 1 : 0),\(i % 7),\(i % 2)") }
        let data = try scratch.write("timed.csv", lines.joined(separator: "\n") + "\n")
        let commands: [[String]] = [
            ["train", "uplift", "--formula", "y ~ x", "--treatment", "arm", "--treated", "1", "--control", "0"],
            ["train", "lookalike", "--formula", "~ x", "--seed", "arm", "--method", "logistic"],
        ]
        for command in commands {
            for streaming in [[], ["--stream-chunk-bytes", "4096"]] {
                let r = try GlassboxProcess.run(command + ["--data", data, "--out", scratch.path("m.json"), "--force", "--quiet", "--timings"]
                                                + streaming)
                #expect(r.status == 0, "\(r.stderr)")
                let timings = r.stderr.split(separator: "\n").filter { $0.hasPrefix("timings: {") }
                #expect(timings.count == 1 && timings[0].contains("\"fit\": ") && timings[0].contains("\"total\": "),
                        "\(command[1]) \(streaming): \(r.stderr)")
            }
        }
    }

    @Test("a treatment value absent from the whole file is the in-memory error; a column that changes kind between chunks is refused")
    func streamedArmErrors() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        // About 40 KB: ten 4,096-byte read chunks (the smallest the chunk reader uses).
        func write(_ name: String, change: (inout [String]) -> Void = { _ in }) throws -> String {
            var lines = ["y,x,arm"]
            for i in 0..<4_000 { lines.append("\(i % 3 == 0 ? 1 : 0),\(i % 7),\(i % 2)") }
            change(&lines)
            return try scratch.write(name, lines.joined(separator: "\n") + "\n")
        }
        let out = scratch.path("m.json")
        func train(_ data: String, _ extra: [String]) throws -> GlassboxProcess.Result {
            try GlassboxProcess.run(["train", "uplift", "--data", data, "--formula", "y ~ x", "--treatment", "arm", "--control", "0",
                                     "--out", out] + extra)
        }
        let plain = try write("plain.csv")
        let whole = try train(plain, ["--treated", "2"])
        let streamed = try train(plain, ["--treated", "2", "--stream-chunk-bytes", "4096"])
        #expect(whole.status == 65 && streamed.status == 65)
        #expect(streamed.stderr == whole.stderr)
        // A treatment column of 6,000 distinct numbers without the control 0: the streamed read keeps only what
        // the listing of the values found shows.
        var many = ["y,x,arm"]
        for i in 0..<6_000 { many.append("\(i % 3 == 0 ? 1 : 0),\(i % 7),\(6_000 - i)") }
        let manyValues = try scratch.write("many.csv", many.joined(separator: "\n") + "\n")
        let wholeMany = try train(manyValues, ["--treated", "2"])
        let streamedMany = try train(manyValues, ["--treated", "2", "--stream-chunk-bytes", "4096"])
        #expect(wholeMany.status == 65 && streamedMany.status == 65)
        #expect(streamedMany.stderr == wholeMany.stderr)
        #expect(wholeMany.stderr.contains("'1', '2', '3'") && wholeMany.stderr.contains(", …"), "\(wholeMany.stderr)")
        // Text in one chunk of a numeric predictor, and of the treatment column: the whole file would read
        // them as text, a chunk as numbers.
        for (name, line) in [("x.csv", "1,seven,1"), ("arm.csv", "1,3,other")] {
            let r = try train(try write(name) { $0[2_500] = line }, ["--treated", "1", "--stream-chunk-bytes", "4096"])
            #expect(r.status == 65)
            #expect(r.stderr.contains("reads as numbers in some rows and as text in others"), "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }
}
