import ArgumentParser
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxModels
import GlassboxTabular

struct PartialUpliftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uplift",
        abstract: "Partial sums of an uplift fit's pass over one partition's rows (a CSV with a header; --data - reads stdin).",
        discussion: """
        The state (written by 'glassbox merge uplift') says which pass to compute: the treatment arms and \
        levels of the experiment rows, or the pass each component outcome model still running asks for over \
        its arm's rows. The partial is written to stdout (or --out) and merged, with the other partitions' \
        partials, by 'glassbox merge uplift'.
        """
    )

    @OptionGroup var input: DataOptions
    @Option(help: "The fit state to compute the pass of.")
    var state: String
    @OptionGroup var output: ResultOutputOptions

    func run() throws {
        try runReportingErrors {
            try output.preflight(inputs: [input.data, state])
            BLASLibrary.useSingleThreadedBLAS()
            try FileCheck.requireReadableFile(state)
            let stateBytes = try FileCheck.readBytes(state)
            let fitState = try UpliftFitState.decode(stateBytes, name: "--state '\(state)'")
            let columns = try Formula.parse(fitState.training.formula).sourceColumns + [fitState.training.treatment.column]
            let table = try DistributedFit.partitionTable(input, columns: Set(columns))
            let partial = try UpliftPartial.compute(state: fitState, stateSHA256: SHA256.hexDigest(of: stateBytes), table: table)
            try output.write(try JSONFormat.encode(partial))
        }
    }
}
