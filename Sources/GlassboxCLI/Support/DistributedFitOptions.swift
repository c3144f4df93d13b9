import ArgumentParser
import Foundation
import GlassboxModels

/// The state and partial files `merge logistic|uplift` merges (none for the first state).
struct MergePassOptions: ParsableArguments {
    @Option(help: "The state whose pass the partials computed; omit to write the first state.")
    var state: String?
    @Argument(help: "Partial files of the state's pass, in partition order.")
    var partials: [String] = []
}

/// The manifest's data source (first state) and the outputs of `merge logistic|uplift`.
struct MergeOutputOptions: ParsableArguments {
    @Option(help: "The data's name for the model file's manifest (first state only).")
    var dataName: String = "-"
    @Option(help: "The data's SHA-256 for the model file's manifest (first state only; default 64 zeros: not computed).")
    var dataSha256: String = String(repeating: "0", count: 64)
    @Option(help: "The command line for the model file's manifest, a JSON array of strings (first state only; default: this command's arguments).")
    var commandLine: String?
    @Option(help: "The next state.")
    var out: String
    @Option(help: "Where the model file goes when the fit is finished (required with --state).")
    var modelOut: String?
    @Flag(help: "Replace --out and --model-out if they exist.")
    var force = false

    /// What the first state records for the model file's manifest.
    func source() throws -> LogisticFitState.Source {
        .init(commandLine: try manifestArguments(), dataName: dataName, dataSHA256: dataSha256)
    }

    /// The command line a distributed model file's manifest records: `--command-line` (a JSON array of
    /// strings), else this command's own arguments.
    func manifestArguments() throws -> [String] {
        guard let commandLine else { return Array(CommandLine.arguments.dropFirst()) }
        guard let decoded = try? JSONDecoder().decode([String].self, from: Data(commandLine.utf8)) else {
            throw ValidationError("--command-line must be a JSON array of strings")
        }
        return decoded
    }
}

/// The options of `partial logistic|uplift`: one partition's rows, the state and where the partial goes.
struct PartialFitOptions: ParsableArguments {
    @OptionGroup var input: DataOptions
    @Option(help: "The fit state to compute the pass of.")
    var state: String
    @OptionGroup var output: ResultOutputOptions
}
