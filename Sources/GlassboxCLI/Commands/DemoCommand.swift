import ArgumentParser
import Audit
import Explain
import Foundation
import GlassboxCore
import LinearAlgebra
import Models
import Report
import Simulation
import Tabular

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
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            for name in Self.fileNames { try preflightOutput(path(name), force: force, inputs: []) }
            var progress = DemoProgress(total: 8, observer: display.observer)
            let results = try DemoPipeline(rows: rows, seed: seed, dataPath: path("voters.csv")).run(&progress)
            progress.begin("writing the report and model files")
            let files: [(String, [UInt8])] = [
                ("report.html", Array(results.document.html().utf8)), ("report.md", Array(results.document.markdown().utf8)),
                ("report.json", Array(results.document.json().utf8)), ("report.ipynb", Array(results.document.notebook(results.recipe).utf8)),
                ("turnout.json", try results.turnout.encoded()), ("persuasion.json", try results.persuasion.encoded()),
                ("lookalike.json", try results.lookalike.encoded()), ("voters.csv", results.csv),
            ]
            for (name, bytes) in files { try AtomicFile.write(bytes, to: path(name), force: force) }
            progress.finish()
            print(results.summary(rows: rows, seed: seed))
            print("Wrote to \(out)/:")
            print("  report.html   the report to read and share (open it in a browser)")
            print("  report.md     the same report in Markdown;  report.json  every number at full precision")
            print("  report.ipynb  a notebook that re-checks the numbers in Python against voters.csv")
            print("  turnout.json, persuasion.json, lookalike.json  the fitted models (glassbox inspect / score)")
            print("  voters.csv    the simulated voter file (\(rows) rows, synthetic people)")
        }
    }
}
