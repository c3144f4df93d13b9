import ArgumentParser

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fit a model to a CSV file and save it as a versioned JSON model file.",
        subcommands: [TrainLogisticCommand.self, TrainUpliftCommand.self, TrainLookalikeCommand.self]
    )
}
