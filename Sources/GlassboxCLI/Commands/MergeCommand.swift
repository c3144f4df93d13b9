import ArgumentParser
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

    @OptionGroup var pass: MergePassOptions
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
    @OptionGroup var output: MergeOutputOptions

    func validate() throws {
        if pass.state == nil {
            guard formula != nil else { throw ValidationError("the first state needs --formula (or give --state and partials to merge)") }
            try TrainLogisticCommand.validateTraining(robust: robust, cluster: cluster, penalties: penalties, tolerance: tolerance, maxIterations: maxIterations)
        }
        try DistributedFit.validate(pass, output)
    }

    func run() throws {
        try DistributedFit.run(LogisticFitState.self, pass, output) { source in
            let training = LogisticTraining(formula: formula ?? "", weightsColumn: weights, clusterColumn: cluster, penalty: penalties.penalty,
                                            covariance: robust.flatMap { CovarianceType(rawValue: $0.lowercased()) } ?? .nonrobust,
                                            tolerance: tolerance, maxIterations: maxIterations)
            return try LogisticFitState(training: training, source: source)
        }
    }
}
