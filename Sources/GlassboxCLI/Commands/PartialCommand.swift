import ArgumentParser
import GlassboxModels

struct PartialCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partial",
        abstract: "Compute the partial statistics of one partition of rows for a distributed fit or audit (see docs/scale.md, docs/spark.md).",
        subcommands: [PartialLogisticCommand.self, PartialUpliftCommand.self, PartialAuditCommand.self, PartialColumnsCommand.self]
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

    @OptionGroup var options: PartialFitOptions

    /// The CSV reader's message for a file with a header and no data rows.
    static let headerOnly = "has a header but no data rows"

    func run() throws {
        try DistributedFit.runPartial(LogisticFitState.self, options)
    }
}
