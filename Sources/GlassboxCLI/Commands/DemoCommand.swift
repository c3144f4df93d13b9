import ArgumentParser
import Foundation
import GlassboxCore
import LinearAlgebra
import Models
import Simulation
import Tabular

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Simulate a voter file, fit the turnout model and show that Glassbox recovers what was planted.",
        discussion: "With --out DIR it also writes voters.csv, turnout-model.json and turnout-summary.md into DIR."
    )

    @Option(help: "Directory for the demo's files (created if missing).")
    var out: String?
    @Option(help: "Number of simulated voters.")
    var rows: Int = 200_000
    @Option(help: "Random seed.")
    var seed: UInt64 = 2024
    @Flag(help: "Replace files in --out if they exist.")
    var force = false

    func validate() throws {
        guard rows >= 1_000 && rows <= 50_000_000 else { throw ValidationError("--rows must be between 1,000 and 50,000,000, got \(rows)") }
    }

    func run() throws {
        try runReportingErrors {
            BLASLibrary.useSingleThreadedBLAS()
            var paths: (csv: String, model: String, summary: String)?
            if let out {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                paths = (out + "/voters.csv", out + "/turnout-model.json", out + "/turnout-summary.md")
                for p in [paths!.csv, paths!.model, paths!.summary] { try preflightOutput(p, force: force, inputs: []) }
            }
            print("Glassbox \(GlassboxVersion.string) demo: \(rows) simulated voters (seed \(seed)), BLAS: \(BLASLibrary.name)\n")
            let table = VoterFileSimulator(rows: rows, seed: seed).generate()
            let csvBytes = CSVWriter.render(table)
            let formula = try Formula.parse(PlantedTruth.turnoutFormula)
            let (encoding, design) = try DesignBuilder.fit(formula, on: table)
            let model = LogisticRegression(hasIntercept: encoding.interceptIndex == 0)
            let fit = try model.fit(x: design.x, y: design.response ?? [], termNames: encoding.termNames, responseName: "voted_2024")
            let manifest = ModelManifest(
                commandLine: Array(CommandLine.arguments.dropFirst()),
                data: .init(path: paths?.csv ?? "(simulated in memory)", sha256: SHA256.hexDigest(of: csvBytes), rowsRead: table.rowCount,
                            rowsUsed: design.x.rows, rowsDropped: design.droppedRowCount, missingByColumn: design.droppedByColumn),
                seed: seed, blas: BLASLibrary.path)
            let file = LogisticModelFile(encoding: encoding, model: model, fit: fit, weights: nil, cluster: nil, manifest: manifest)
            let inspection = LogisticInspection(file)
            print(inspection.text())

            print("Planted versus recovered (turnout model, logit scale):")
            print("  term".padding(toLength: 26, withPad: " ", startingAt: 0) + "planted   estimate   95% interval        covers")
            var covered = 0
            for row in inspection.coefficients {
                guard let truth = PlantedTruth.turnoutCoefficients[row.term], let lo = row.ciLower, let hi = row.ciUpper else { continue }
                let hit = lo <= truth && truth <= hi
                if hit { covered += 1 }
                print("  " + row.term.padding(toLength: 24, withPad: " ", startingAt: 0)
                      + String(format: "%7.3f   %8.4f   [%7.4f, %7.4f]   ", truth, row.estimate, lo, hi) + (hit ? "yes" : "no"))
            }
            print("  \(covered) of \(PlantedTruth.turnoutCoefficients.count) planted coefficients lie inside their 95% intervals.")

            if let paths {
                try AtomicFile.write(csvBytes, to: paths.csv, force: force)
                try AtomicFile.write(try file.encoded(), to: paths.model, force: force)
                try AtomicFile.write(Array(inspection.markdown().utf8), to: paths.summary, force: force)
                print("\nwrote \(paths.csv), \(paths.model), \(paths.summary)")
                print("next: glassbox inspect \(paths.model) --format json")
            }
        }
    }
}
