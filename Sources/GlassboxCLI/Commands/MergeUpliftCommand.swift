import ArgumentParser
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxModels

struct MergeUpliftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uplift",
        abstract: "Start a distributed uplift fit (any learner), or merge one pass's partials into the next state.",
        discussion: """
        Without --state: writes the first state of a fit with the given training options (as for 'train \
        uplift') to --out. With --state and the partials of its pass (in partition order): writes the next \
        state to --out and prints 'running: pass N'; when every component model is finished, the state's \
        status is 'done', the model file (as 'train uplift' writes it) goes to --model-out, and 'done: wrote \
        MODEL' is printed.
        """
    )

    @OptionGroup var pass: MergePassOptions
    @Option(help: "R-style formula of outcome and predictors (first state only); it must not use the treatment column.")
    var formula: String?
    @Option(help: "Column holding the treatment assignment (first state only).")
    var treatment: String?
    @Option(help: "Treated value, or several separated by commas (first state only).")
    var treated: String?
    @Option(help: "Control value (first state only).")
    var control: String?
    @Option(help: "two-model, s-learner, x-learner or class-transformation (first state only).")
    var learner: String = UpliftLearner.twoModel.rawValue
    @Option(help: "Propensity for x-learner and class-transformation: design (treated share) or estimated (logistic regression) (first state only).")
    var propensity: String = UpliftPropensity.design.rawValue
    @OptionGroup var penalties: PenaltyOptions
    @OptionGroup var output: MergeOutputOptions

    func validate() throws {
        if pass.state == nil {
            guard formula != nil, treatment != nil, treated != nil, control != nil else {
                throw ValidationError("the first state needs --formula, --treatment, --treated and --control (or give --state and partials to merge)")
            }
            guard let learner = UpliftLearner(rawValue: learner) else {
                throw ValidationError("--learner must be one of \(UpliftLearner.allCases.map(\.rawValue).joined(separator: ", ")), got '\(self.learner)'")
            }
            guard UpliftFitState.distributedLearners.contains(learner) else { throw ValidationError("--learner: " + UpliftFitState.notDistributed(learner)) }
            guard UpliftPropensity(rawValue: propensity) != nil else { throw ValidationError("--propensity must be design or estimated, got '\(propensity)'") }
            if commaList(treated ?? "").isEmpty { throw ValidationError("--treated needs at least one value") }
            if let control, commaList(treated ?? "").contains(control) { throw ValidationError("'\(control)' is given both in --treated and as --control") }
        }
        try DistributedFit.validate(pass, output)
    }

    func run() throws {
        try DistributedFit.run(UpliftFitState.self, pass, output) { source in
            let spec = UpliftTreatment(column: treatment ?? "", treated: commaList(treated ?? ""), control: control ?? "")
            let model = UpliftModel(learner: UpliftLearner(rawValue: learner) ?? .twoModel, penalty: penalties.penalty, propensity: UpliftPropensity(rawValue: propensity) ?? .design)
            return try UpliftFitState(formula: formula ?? "", treatment: spec, model: model, source: source)
        }
    }
}
