import ArgumentParser
import Foundation
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxModels

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge partitions' partial statistics: a distributed fit's pass into its next state, or audit partials into the audit (see docs/scale.md, docs/spark.md).",
        subcommands: [MergeLogisticCommand.self, MergeUpliftCommand.self, MergeAuditCommand.self]
    )
}

struct MergeLogisticCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logistic",
        abstract: "Start a distributed logistic fit, or merge one pass's partials into the next state.",
        discussion: """
        Without --state: writes the first state of a fit with the given training options (as for 'train \
        logistic') to --out. With --state and the partials of its pass (in partition order): writes the next \
        state to --out and prints 'running: pass N'; when the fit is finished, the state's status is 'done', \
        the model file (as 'train logistic' writes it) goes to --model-out, and 'done: wrote MODEL' is printed.
        """
    )

    @Option(help: "The state whose pass the partials computed; omit to write the first state.")
    var state: String?
    @Argument(help: "Partial files of the state's pass, in partition order.")
    var partials: [String] = []
    @Option(help: "R-style formula (first state only).")
    var formula: String?
    @Option(help: "Column of case (frequency) weights (first state only).")
    var weights: String?
    @OptionGroup var penalties: PenaltyOptions
    @Option(help: "Robust standard errors: hc0, hc1, hc2 or hc3 (first state only).")
    var robust: String?
    @Option(help: "Column of cluster ids for cluster-robust standard errors (first state only).")
    var cluster: String?
    @Option(help: "Stop when the relative change in deviance is below this (first state only).")
    var tolerance: Double = 1e-10
    @Option(help: "Maximum Newton iterations (first state only).")
    var maxIterations: Int = 100
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

    func validate() throws {
        if state == nil {
            guard formula != nil else { throw ValidationError("the first state needs --formula (or give --state and partials to merge)") }
            try TrainLogisticCommand.validateTraining(robust: robust, cluster: cluster, penalties: penalties, tolerance: tolerance, maxIterations: maxIterations)
        }
        try DistributedFit.validate(state: state, partials: partials, modelOut: modelOut, dataSha256: dataSha256)
    }

    func run() throws {
        try DistributedFit.run(LogisticFitState.self, state: state, partials: partials, out: out, modelOut: modelOut, force: force, firstState: writeFirstState)
    }

    private func writeFirstState() throws {
        let arguments = try Self.manifestArguments(commandLine)
        let training = LogisticTraining(formula: formula ?? "", weightsColumn: weights, clusterColumn: cluster, penalty: penalties.penalty,
                                        covariance: robust.flatMap { CovarianceType(rawValue: $0.lowercased()) } ?? .nonrobust,
                                        tolerance: tolerance, maxIterations: maxIterations)
        let first = try LogisticFitState(training: training, source: .init(commandLine: arguments, dataName: dataName, dataSHA256: dataSha256))
        try ResultOutput(out: out, force: force).write(try JSONFormat.encode(first))
        try writeLine("running: pass 0")
    }

    /// The command line a distributed model file's manifest records: `--command-line` (a JSON array of
    /// strings), else this command's own arguments.
    static func manifestArguments(_ commandLine: String?) throws -> [String] {
        guard let commandLine else { return Array(CommandLine.arguments.dropFirst()) }
        guard let decoded = try? JSONDecoder().decode([String].self, from: Data(commandLine.utf8)) else {
            throw ValidationError("--command-line must be a JSON array of strings")
        }
        return decoded
    }
}
