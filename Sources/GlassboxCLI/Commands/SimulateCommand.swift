import ArgumentParser
import GlassboxSimulation
import GlassboxCore
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
    @Option(help: "Append N unused columns extra_01 … (integers 0–99, seeded; the other columns are unchanged), as the many columns of a vendor file a model does not read.")
    var extraColumns: Int = 0
    @Option(help: .hidden)
    var chunkRows: Int?
    @OptionGroup var output: OutputOptions
    @OptionGroup var display: ProgressOptions

    func validate() throws {
        guard rows >= 1 && rows <= 100_000_000 else { throw ValidationError("--rows must be between 1 and 100,000,000, got \(rows)") }
        guard (0...1_000).contains(extraColumns) else { throw ValidationError("--extra-columns must be between 0 and 1,000, got \(extraColumns)") }
        if let chunkRows, chunkRows < 1 { throw ValidationError("--chunk-rows must be positive") }
    }

    func run() throws {
        try runReportingErrors(usesBLAS: false) {
            try output.preflight(inputs: [])
            if extraColumns > 0 || chunkRows != nil || rows > Self.wholeTableRows { return try writeInChunks() }
            let table = VoterFileSimulator(rows: rows, seed: seed).generate(progress: display.observer)
            try output.write(table.csvBytes())
            try writeLine("wrote \(output.out): \(rows) simulated voters, \(table.columnNames.count) columns (seed \(seed))")
        }
    }

    /// Files above this many rows are generated and written in chunks (the whole table would need ~200 bytes a row).
    static let wholeTableRows = 2_000_000

    /// Generates and writes the file chunk by chunk (``VoterFileSimulator/forEachChunk(rowsPerChunk:extraColumns:progress:_:)``):
    /// the same bytes as the whole table, in bounded memory, to a temporary file renamed at the end.
    func writeInChunks() throws {
        var columns = 0, header = true
        try AtomicFile.writeIncrementally(to: output.out, force: output.force) { append in
            try VoterFileSimulator(rows: rows, seed: seed).forEachChunk(rowsPerChunk: chunkRows ?? 1 << 19, extraColumns: extraColumns,
                                                                       progress: display.observer) { table in
                let bytes = table.csvBytes(header: header)
                header = false
                columns = table.columnNames.count
                try append(bytes)
            }
        }
        try writeLine("wrote \(output.out): \(rows) simulated voters, \(columns) columns (seed \(seed))")
    }
}
