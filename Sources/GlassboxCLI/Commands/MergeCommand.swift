import ArgumentParser

/// `glassbox merge …`: partial statistics of the partitions, in partition order, to the whole data's result.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge partitions' partial statistics (from 'glassbox partial') into the whole data's result (docs/spark.md).",
        subcommands: [MergeAuditCommand.self]
    )
}
