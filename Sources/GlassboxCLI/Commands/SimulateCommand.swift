import ArgumentParser
import GlassboxSimulation
import GlassboxTabular

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write a seeded synthetic voter file with planted effects (see docs/simulated-voter-file.md).",
        discussion: """
        Turnout depends on vote history, age and sex with known coefficients; a randomised canvass has a \
        heterogeneous effect; county is a geographic proxy for race; a vendor score understates one group's \
        turnout; a donor flag serves as a lookalike seed list. The same --seed always gives the same bytes.
        """
    )

    @Option(help: "Number of voters.")
    var rows: Int = 100_000
    @Option(help: "Random seed.")
    var seed: UInt64 = 2024
    @OptionGroup var output: OutputOptions
    @OptionGroup var display: ProgressOptions

    func validate() throws {
        guard rows >= 1 && rows <= 100_000_000 else { throw ValidationError("--rows must be between 1 and 100,000,000, got \(rows)") }
    }

    func run() throws {
        try runReportingErrors(usesBLAS: false) {
            try output.preflight(inputs: [])
            let table = VoterFileSimulator(rows: rows, seed: seed).generate(progress: display.observer)
            try output.write(table.csvBytes())
            try writeLine("wrote \(output.out): \(rows) simulated voters, \(table.columnNames.count) columns (seed \(seed))")
        }
    }
}
