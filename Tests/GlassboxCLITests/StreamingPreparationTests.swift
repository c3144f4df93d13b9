import Foundation
import Testing
import GlassboxTestSupport

/// Issue 16 items 1 and 2: a streamed `train logistic` applies `--where`/`--derive` to each read chunk and
/// writes the in-memory model bit for bit; Stata/SPSS/SAS files and databases, read whole, refuse `--memory`;
/// `--progress` shows the read passes and each IRLS pass on stderr without changing any output.
@Suite("streamed fits with --where/--derive, and their progress", .serialized)
struct StreamingPreparationTests {
    static let formula = "voted_2024 ~ age + female + older + C(race) + voted_2020 + income"
    static let preparation = ["--derive", "older = age >= 50", "--where", "party != \"IND\" and age >= 25"]

    @Test("--where and --derive per chunk: a 1 MB budget and 3,000-byte chunks give the in-memory model, note and message")
    func preparedChunksAreTheWholeTable() throws {
        let scratch = try StreamingFitTests.simulated()
        defer { scratch.cleanup() }
        let base = ["train", "logistic", "--data", scratch.path("voters.csv"), "--formula", Self.formula, "--quiet", "--cluster", "county"]
            + Self.preparation
        let inMemory = try GlassboxProcess.run(base + ["--out", scratch.path("memory.json")])
        #expect(inMemory.status == 0, "\(inMemory.stderr)")
        #expect(inMemory.stderr.contains("rows kept by --where"), "\(inMemory.stderr)")
        let reference = try StreamingFitTests.comparable(scratch.path("memory.json"))
        for (name, option) in [("budget.json", ["--memory", "1MB"]), ("tiny.json", ["--stream-chunk-bytes", "3000"])] {
            let streamed = try GlassboxProcess.run(base + ["--out", scratch.path(name)] + option)
            #expect(streamed.status == 0, "\(streamed.stderr)")
            #expect(try StreamingFitTests.comparable(scratch.path(name)) == reference)
            #expect(streamed.stderr == inMemory.stderr)
            #expect(streamed.stdout == inMemory.stdout.replacingOccurrences(of: "memory.json", with: name))
        }
    }

    @Test("--memory with a Stata file (read whole) is refused with a specific message, exit 64, no output")
    func statFileRefusesMemory() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let data = Repository.fixture("statfiles/version-113.dta").path
        let r = try GlassboxProcess.run(["train", "logistic", "--data", data, "--formula", "y ~ x", "--memory", "1GiB",
                                         "--out", scratch.path("m.json")])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("is a Stata, SPSS or SAS file, which is read whole: export it to CSV to stream it"), "\(r.stderr)")
        #expect(!scratch.exists("m.json"))
    }

    @Test("--progress: the levels and design passes in bytes with rate and ETA, then one line per IRLS pass; the model is unchanged")
    func progressOfAStreamedFit() throws {
        let scratch = try StreamingFitTests.simulated()
        defer { scratch.cleanup() }
        let base = ["train", "logistic", "--data", scratch.path("voters.csv"), "--formula", StreamingFitTests.formula,
                    "--stream-chunk-bytes", "100000"]
        let environment = ["SOURCE_DATE_EPOCH": "1700000000", "GLASSBOX_PROGRESS": ""]
        let shown = try GlassboxProcess.run(base + ["--out", scratch.path("shown.json"), "--progress"], environment: environment)
        #expect(shown.status == 0, "\(shown.stderr)")
        let err = shown.stderr
        for text in ["\rlevels pass  [", "\rdesign pass  [", "100%", " bytes ", "/s  ETA ",
                     "\rIRLS pass 1: summary at β = 0  elapsed 0:00  ETA --", "IRLS pass 1: summary at β = 0  done in ",
                     "\rIRLS iteration 1: pass 2, deviance ", "IRLS iteration 2: pass 3, deviance "] {
            #expect(err.contains(text), "missing \(text.debugDescription) in \(err.debugDescription)")
        }
        #expect(!shown.stdout.contains("\r"))
        let hidden = try GlassboxProcess.run(base + ["--out", scratch.path("hidden.json")], environment: environment)
        #expect(hidden.status == 0 && hidden.stderr.isEmpty, "\(hidden.stderr)")
        #expect(try StreamingFitTests.comparable(scratch.path("shown.json")) == StreamingFitTests.comparable(scratch.path("hidden.json")))
        let quiet = try GlassboxProcess.run(base + ["--out", scratch.path("quiet.json"), "--progress", "--quiet"], environment: environment)
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet.stderr)")
    }

    @Test("simulate --extra-columns appends seeded unused columns; chunked generation gives the whole table's bytes")
    func simulatedExtraColumns() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let base = ["simulate", "--rows", "20000", "--seed", "11", "--quiet"]
        #expect(try GlassboxProcess.run(base + ["--out", scratch.path("whole.csv")]).status == 0)
        #expect(try GlassboxProcess.run(base + ["--out", scratch.path("chunked.csv"), "--chunk-rows", "8192"]).status == 0)
        let extra = try GlassboxProcess.run(base + ["--out", scratch.path("extra.csv"), "--extra-columns", "3", "--chunk-rows", "8192"])
        #expect(extra.status == 0, "\(extra.stderr)")
        #expect(extra.stdout.contains("20000 simulated voters, 18 columns"), "\(extra.stdout)")
        let whole = try String(contentsOfFile: scratch.path("whole.csv"), encoding: .utf8)
        #expect(try String(contentsOfFile: scratch.path("chunked.csv"), encoding: .utf8) == whole)
        let lines = try String(contentsOfFile: scratch.path("extra.csv"), encoding: .utf8).split(separator: "\n")
        let wholeLines = whole.split(separator: "\n")
        #expect(lines.count == wholeLines.count)
        #expect(lines[0].hasSuffix(",extra_01,extra_02,extra_03"))
        for i in [1, 8192, 8193, 20000] {
            let fields = lines[i].split(separator: ",", omittingEmptySubsequences: false)
            #expect(fields.dropLast(3).joined(separator: ",") == wholeLines[i])
            #expect(fields.suffix(3).allSatisfy { Int($0).map { (0..<100).contains($0) } == true })
        }
        let again = try GlassboxProcess.run(base + ["--out", scratch.path("again.csv"), "--extra-columns", "3", "--chunk-rows", "100000"])
        #expect(again.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path("again.csv"))) == Data(contentsOf: URL(fileURLWithPath: scratch.path("extra.csv"))))
    }
}
