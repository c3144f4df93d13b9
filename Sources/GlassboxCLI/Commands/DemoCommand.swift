import ArgumentParser
import GlassboxAudit
import GlassboxExplain
import Foundation
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxModels
import GlassboxReport
import GlassboxSimulation
import GlassboxTabular

/// `glassbox demo`: the whole Glassbox workflow on a simulated voter file with planted effects.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Simulate a voter file, fit turnout, persuasion and lookalike models, explain and audit them, and write a shareable report.",
        discussion: """
        Simulates a voter file with known planted effects (docs/simulated-voter-file.md), fits a turnout model \
        (logistic), a persuasion model (two-model uplift on the randomised 'canvassed' experiment) and a lookalike \
        model (PU learning from the 'donor' seed list, without race), explains the turnout model (permutation \
        importance, partial dependence for age, proxy detection for race), audits the turnout model and the \
        vendor's score by race, audits whom the persuasion targeting writes off, and checks the lookalike \
        audience's racial make-up. Writes report.html, report.md, report.json, report.ipynb, turnout.json, \
        persuasion.json, lookalike.json and voters.csv into --out. Set SOURCE_DATE_EPOCH for byte-identical files.
        """
    )

    @Option(help: "Directory for the demo's files (created if missing).")
    var out: String = "glassbox-demo"
    @Option(help: "Number of simulated voters.")
    var rows: Int = 200_000
    @Option(help: "Random seed (simulation, permutations, bootstrap, hold-out splits).")
    var seed: UInt64 = 2024
    @Flag(help: "Replace files in --out if they exist.")
    var force = false
    @OptionGroup var display: ProgressOptions

    func validate() throws {
        guard rows >= 1_000 && rows <= 50_000_000 else { throw ValidationError("--rows must be between 1,000 and 50,000,000, got \(rows)") }
    }

    /// The files the demo writes, in the order they are listed.
    static let fileNames = ["report.html", "report.md", "report.json", "report.ipynb", "turnout.json", "persuasion.json", "lookalike.json", "voters.csv"]

    func run() throws {
        try runReportingErrors {
            BLASLibrary.useSingleThreadedBLAS()
            let path = { (name: String) in self.out + "/" + name }
            // Directories this run creates are removed again if it fails, like its files.
            let created = try createDirectories(out)
            var finished = false
            defer { if !finished { removeDirectories(created) } }
            for name in Self.fileNames { try ResultOutput(out: path(name), force: force).preflight(inputs: []) }
            var progress = DemoProgress(total: DemoPipeline.stepCount + 1, observer: display.observer)
            let pipeline = DemoPipeline(rows: rows, seed: seed, dataPath: path("voters.csv"), commandLine: Array(CommandLine.arguments.dropFirst()))
            let results = try pipeline.run(progress: progress.observer, onStep: { progress.begin($0) }, onWarning: printDesignWarning)
            if let skipped = results.explanation.importanceSkipped { printError("note: " + skipped) }
            progress.begin("writing the report and model files")
            let files: [(String, [UInt8])] = [
                ("report.html", Array(results.document.html().utf8)), ("report.md", Array(results.document.markdown().utf8)),
                ("report.json", Array(results.document.json().utf8)), ("report.ipynb", Array(results.document.notebook(results.recipe).utf8)),
                ("turnout.json", try results.turnout.encoded()), ("persuasion.json", try results.persuasion.encoded()),
                ("lookalike.json", try results.lookalike.encoded()), ("voters.csv", results.csv),
            ]
            // All or nothing: every file goes to a temporary file first; only when all are complete are they
            // renamed, so a full disk or an interruption leaves no file of this run.
            try ResultOutput.writeAll(files.map { (path: path($0.0), bytes: $0.1) }, force: force)
            finished = true
            progress.finish()
            try writeLine(results.summary(rows: rows, seed: seed))
            try writeLine("Wrote to \(out)/:")
            try writeLine("  report.html   the report to read and share (open it in a browser)")
            try writeLine("  report.md     the same report in Markdown;  report.json  every number at full precision")
            try writeLine("  report.ipynb  a notebook that re-checks the numbers in Python against voters.csv")
            try writeLine("  turnout.json, persuasion.json, lookalike.json  the fitted models (glassbox inspect / score)")
            try writeLine("  voters.csv    the simulated voter file (\(rows) rows, synthetic people)")
        }
    }
}

/// Creates `path` and its missing parents (as `mkdir -p`), returning the directories created, deepest
/// last. Errors are the output statuses: a parent that is a file, a directory that cannot be written.
func createDirectories(_ path: String) throws -> [String] {
    var missing = [String]()
    var current = path
    while !current.isEmpty && current != "/" && current != "." {
        var info = stat()
        if stat(current, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw CLIError(description: "\(current): exists and is not a directory; give --out a directory", status: .cannotCreate)
            }
            break
        }
        if errno == ELOOP { throw GlassboxCoreError.cannotWrite(path: current, reason: "it is a symbolic link loop") }
        missing.append(current)
        guard let slash = current.lastIndex(of: "/") else { break }
        current = String(current[..<slash])
    }
    var created = [String]()
    for directory in missing.reversed() {
        guard mkdir(directory, 0o755) == 0 || errno == EEXIST else {
            let code = errno
            removeDirectories(created)
            switch code {
            case EACCES, EPERM, EROFS: throw GlassboxCoreError.directoryNotWritable(path: parentDirectory(of: directory))
            case ENOTDIR: throw CLIError(description: "\(directory): a parent is not a directory", status: .cannotCreate)
            default: throw CLIError(description: "\(directory): cannot create the directory: \(String(cString: strerror(code)))", status: .cannotCreate)
            }
        }
        created.append(directory)
    }
    return created
}

/// Removes the directories `createDirectories` made (deepest first), if they are still empty.
func removeDirectories(_ created: [String]) {
    for directory in created.reversed() { _ = rmdir(directory) }
}

/// The directory part of `path` ("." when none).
func parentDirectory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let d = String(path[..<slash])
    return d.isEmpty ? "/" : d
}

#if canImport(Glibc)
import Glibc
#endif
