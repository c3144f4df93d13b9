import ArgumentParser

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate a model's predictions on data with observed outcomes.",
        subcommands: [EvaluateUpliftCommand.self, EvaluateLookalikeCommand.self]
    )
}
