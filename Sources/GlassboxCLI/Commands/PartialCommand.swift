import ArgumentParser

/// `glassbox partial …`: the statistics one partition of a data set contributes (Spark executors, shards).
struct PartialCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partial",
        abstract: "Compute one partition's partial statistics, for 'glassbox merge' (docs/spark.md).",
        subcommands: [PartialAuditCommand.self]
    )
}
