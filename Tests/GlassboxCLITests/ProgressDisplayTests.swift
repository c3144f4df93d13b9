import Foundation
import Testing
import GlassboxTestSupport

/// The progress display end to end: drawn on stderr when forced with `GLASSBOX_PROGRESS=always`,
/// absent when stderr is a pipe (as here) or with `--quiet`/`never`, and never touching stdout or
/// output files.
@Suite("progress display", .serialized)
struct ProgressDisplayTests {
    static let fixedTime = ["SOURCE_DATE_EPOCH": "1700000000"]
    static let forced = fixedTime.merging(["GLASSBOX_PROGRESS": "always"]) { $1 }
    /// Automatic mode (the variable empty): off, because the tests' stderr is a pipe.
    static let automatic = fixedTime.merging(["GLASSBOX_PROGRESS": ""]) { $1 }

    func trained(_ dir: Scratch) throws -> (data: String, model: String) {
        let data = try dir.write("d.csv", ExplainCommandTests.csv)
        let r = try GlassboxProcess.run(["train", "logistic", "--data", data, "--formula", "y ~ x + z + C(g)", "--out", dir.path("m.json")],
                                        environment: Self.automatic)
        #expect(r.status == 0, "\(r.stderr)")
        return (data, dir.path("m.json"))
    }

    /// True when `stderr` holds no trace of a bar (redraws, percentages, rates, ETAs).
    func noProgress(_ stderr: String) -> Bool {
        !stderr.contains("\r") && !stderr.contains("ETA") && !stderr.contains("/s ") && !stderr.contains("%")
    }

    @Test("forced: explain draws bars with %, rate and ETA on stderr, and stdout is byte-identical to a run without them")
    func explainForcedAndIdenticalOutput() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let (data, model) = try trained(dir)
        let args = ["explain", model, "--data", data, "--repeats", "3", "--pd", "x,g", "--seed", "7"]
        let shown = try GlassboxProcess.run(args, environment: Self.forced)
        #expect(shown.status == 0, "\(shown.stderr)")
        let err = shown.stderr
        #expect(err.contains("\rpermutation importance  ["))
        #expect(err.contains("9/9 repeats") && err.contains("100%") && err.contains("/s") && err.contains("ETA "))
        #expect(err.contains("partial dependence (x)") && err.contains("partial dependence (g)"))
        // Every bar ends with a newline, so later messages start on a fresh line.
        #expect(err.hasSuffix("\n"))
        #expect(!shown.stdout.contains("\r") && !shown.stdout.contains("ETA"))

        let hidden = try GlassboxProcess.run(args, environment: Self.automatic)
        #expect(hidden.status == 0, "\(hidden.stderr)")
        #expect(noProgress(hidden.stderr), "\(hidden.stderr)")
        #expect(hidden.stderr.isEmpty)
        #expect(Array(shown.stdout.utf8) == Array(hidden.stdout.utf8))
    }

    @Test("forced: reading the CSV shows the bytes read, in describe and score too; stdout is unchanged")
    func readingProgress() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let (data, model) = try trained(dir)
        for args in [["describe", "--data", data], ["score", model, "--data", data, "--out", dir.path("s.csv"), "--force"]] {
            let shown = try GlassboxProcess.run(args, environment: Self.forced)
            #expect(shown.status == 0, "\(shown.stderr)")
            #expect(shown.stderr.contains("\rreading d.csv  [") && shown.stderr.contains("100%") && shown.stderr.contains(" bytes "),
                    "\(shown.stderr)")
            let hidden = try GlassboxProcess.run(args, environment: Self.automatic)
            #expect(hidden.status == 0 && noProgress(hidden.stderr), "\(hidden.stderr)")
            #expect(Array(shown.stdout.utf8) == Array(hidden.stdout.utf8))
        }
    }

    @Test("--quiet wins over GLASSBOX_PROGRESS=always; never turns the display off")
    func quietAndNever() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let (data, model) = try trained(dir)
        let args = ["explain", model, "--data", data, "--repeats", "2", "--pd", "x"]
        let quiet = try GlassboxProcess.run(args + ["--quiet"], environment: Self.forced)
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet.stderr)")
        let never = try GlassboxProcess.run(args, environment: Self.fixedTime.merging(["GLASSBOX_PROGRESS": "never"]) { $1 })
        #expect(never.status == 0 && never.stderr.isEmpty, "\(never.stderr)")
        let forced = try GlassboxProcess.run(args, environment: Self.forced)
        #expect(Array(forced.stdout.utf8) == Array(never.stdout.utf8))
    }

    @Test("train: the Newton fit shows its iteration count with no ETA; the model file is byte-identical")
    func trainIterations() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let data = try dir.write("d.csv", ExplainCommandTests.csv)
        let args = ["train", "logistic", "--data", data, "--formula", "y ~ x + z + C(g)", "--out", dir.path("m.json"), "--force"]
        let shown = try GlassboxProcess.run(args, environment: Self.forced)
        #expect(shown.status == 0, "\(shown.stderr)")
        let withBar = try Data(contentsOf: URL(fileURLWithPath: dir.path("m.json")))
        #expect(shown.stderr.contains("\rlogistic fit  0 iterations") && shown.stderr.contains("ETA --"))
        let iterations = try #require((try JSONSerialization.jsonObject(with: withBar) as? [String: Any]).flatMap {
            ($0["fit"] as? [String: Any])?["iterations"] as? Int })
        #expect(shown.stderr.contains("logistic fit  \(iterations) iterations"), "\(shown.stderr)")
        let hidden = try GlassboxProcess.run(args, environment: Self.automatic)
        #expect(hidden.status == 0 && noProgress(hidden.stderr), "\(hidden.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.path("m.json"))) == withBar)
    }

    @Test("train lookalike: bagging PU shows its rounds; the model file is byte-identical")
    func lookalikeRounds() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let sim = try GlassboxProcess.run(["simulate", "--rows", "3000", "--seed", "1", "--out", dir.path("v.csv")])
        #expect(sim.status == 0, "\(sim.stderr)")
        let args = ["train", "lookalike", "--data", dir.path("v.csv"), "--formula", "~ age + log(income)", "--seed", "donor",
                    "--method", "pu", "--bagging", "4", "--out", dir.path("m.json"), "--force"]
        let shown = try GlassboxProcess.run(args, environment: Self.forced)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stderr.contains("bagging PU") && shown.stderr.contains("4/4 rounds"), "\(shown.stderr)")
        let withBar = try Data(contentsOf: URL(fileURLWithPath: dir.path("m.json")))
        let hidden = try GlassboxProcess.run(args, environment: Self.automatic)
        #expect(hidden.status == 0 && noProgress(hidden.stderr), "\(hidden.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.path("m.json"))) == withBar)
    }

    @Test("audit --bootstrap and simulate show bars; their outputs are unchanged")
    func auditAndSimulate() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let data = try dir.write("d.csv", ExplainCommandTests.csv)
        let audit = ["audit", "--data", data, "--score", "score", "--outcome", "y", "--group", "g", "--bootstrap", "200", "--seed", "3"]
        let shown = try GlassboxProcess.run(audit, environment: Self.forced)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stderr.contains("bootstrap  [") && shown.stderr.contains("200/200 replicates"), "\(shown.stderr)")
        let hidden = try GlassboxProcess.run(audit, environment: Self.automatic)
        #expect(noProgress(hidden.stderr) && Array(hidden.stdout.utf8) == Array(shown.stdout.utf8))

        let simulate = ["simulate", "--rows", "20000", "--seed", "5", "--out", dir.path("v.csv"), "--force"]
        let drawn = try GlassboxProcess.run(simulate, environment: Self.forced)
        #expect(drawn.status == 0 && drawn.stderr.contains("20.0k/20.0k rows"), "\(drawn.stderr)")
        let withBar = try Data(contentsOf: URL(fileURLWithPath: dir.path("v.csv")))
        let plain = try GlassboxProcess.run(simulate, environment: Self.automatic)
        #expect(plain.status == 0 && plain.stderr.isEmpty && plain.stdout == drawn.stdout)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.path("v.csv"))) == withBar)
    }

    @Test("--help of the long-running commands documents --quiet and GLASSBOX_PROGRESS")
    func help() throws {
        for command in [["train", "logistic"], ["train", "uplift"], ["train", "lookalike"], ["explain"], ["audit"], ["report"], ["evaluate", "uplift"], ["simulate"], ["demo"]] {
            let r = try GlassboxProcess.run(command + ["--help"])
            #expect(r.stdout.contains("--quiet") && r.stdout.contains("GLASSBOX_PROGRESS"), "\(command)")
        }
    }
}
