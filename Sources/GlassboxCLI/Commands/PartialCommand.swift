import ArgumentParser
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxModels
import GlassboxTabular

struct PartialCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partial",
        abstract: "Compute the partial statistics of one partition of rows for a distributed fit or audit (see docs/scale.md, docs/spark.md).",
        subcommands: [PartialLogisticCommand.self, PartialUpliftCommand.self, PartialAuditCommand.self]
    )
}

struct PartialLogisticCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logistic",
        abstract: "Partial sums of a logistic fit's pass over one partition's rows (a CSV with a header; --data - reads stdin).",
        discussion: """
        The state (written by 'glassbox merge logistic') says which pass to compute: the levels of the \
        categorical columns, the data summary, the deviance, gradient and Hessian at its coefficients, or \
        the meat of a robust covariance. The partial is written to stdout (or --out) and merged, with the \
        other partitions' partials, by 'glassbox merge logistic'.
        """
    )

    @OptionGroup var input: DataOptions
    @Option(help: "The fit state to compute the pass of.")
    var state: String
    @OptionGroup var output: ResultOutputOptions

    /// The CSV reader's message for a file with a header and no data rows.
    static let headerOnly = "has a header but no data rows"

    func run() throws {
        try runReportingErrors {
            try output.preflight(inputs: [input.data, state])
            BLASLibrary.useSingleThreadedBLAS()
            try FileCheck.requireReadableFile(state)
            let stateBytes = try FileCheck.readBytes(state)
            let fitState = try LogisticFitState.decode(stateBytes, name: "--state '\(state)'")
            let table = try DistributedFit.partitionTable(input, columns: fitState.training.training.columnsRead.map(Set.init))
            let partial = try LogisticPartial.compute(state: fitState, stateSHA256: SHA256.hexDigest(of: stateBytes), table: table)
            try output.write(try JSONFormat.encode(partial))
        }
    }
}
