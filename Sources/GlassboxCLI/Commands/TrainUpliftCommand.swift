import ArgumentParser
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxModels
import GlassboxTabular

struct TrainUpliftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uplift",
        abstract: "Fit an uplift (persuasion) model from experiment data: whose outcome a contact changes.",
        discussion: """
        Only rows whose --treatment value is --control or one of --treated take part; with several treated \
        values one uplift model is fitted per treatment against control, and 'glassbox score' also recommends \
        the best treatment per row. Learners: two-model (separate outcome models for treated and control), \
        s-learner (one model with the treatment and its interaction with every term), x-learner (Künzel et al. \
        2019) and class-transformation (Jaskowski & Jaroszewicz 2012, rows weighted by the propensity for \
        unequal arms). The base learner is logistic regression (--l1/--l2 penalise it); the propensity is the \
        design's treated share unless --propensity estimated. Rows with a missing model value are dropped.
        """
    )

    @OptionGroup var input: DataOptions
    @Option(help: "R-style formula of outcome and predictors, e.g. \"primary2006 ~ primary2004 + age + female + hhsize\". It must not use the treatment column.")
    var formula: String
    @Option(help: "Column holding the treatment assignment.")
    var treatment: String
    @Option(help: "Treated value, or several separated by commas (\"Neighbors,Civic Duty,Hawthorne\").")
    var treated: String
    @Option(help: "Control value.")
    var control: String
    @Option(help: "two-model, s-learner, x-learner or class-transformation.")
    var learner: String = UpliftLearner.twoModel.rawValue
    @Option(help: "Propensity for x-learner and class-transformation: design (treated share) or estimated (logistic regression).")
    var propensity: String = UpliftPropensity.design.rawValue
    @OptionGroup var penalties: PenaltyOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var display: ProgressOptions
    @Flag(help: "Print phase timings on stderr (for benchmarks).")
    var timings = false

    func validate() throws {
        guard UpliftLearner(rawValue: learner) != nil else {
            throw ValidationError("--learner must be one of \(UpliftLearner.allCases.map(\.rawValue).joined(separator: ", ")), got '\(learner)'")
        }
        guard UpliftPropensity(rawValue: propensity) != nil else { throw ValidationError("--propensity must be design or estimated, got '\(propensity)'") }
        if commaList(treated).isEmpty { throw ValidationError("--treated needs at least one value") }
        if commaList(treated).contains(control) { throw ValidationError("'\(control)' is given both in --treated and as --control") }
    }

    func run() throws {
        try runReportingErrors {
            try output.preflight(inputs: [input.data])
            var clock = Stopwatch()
            BLASLibrary.useSingleThreadedBLAS()
            let csv = try input.read(progress: display.observer)
            clock.lap("read")
            let parsed = try Formula.parse(formula)
            guard parsed.hasResponse else {
                throw CLIError(description: "the formula \"\(formula)\" has no outcome: write it as \"outcome ~ predictors\"")
            }
            if parsed.sourceColumns.contains(treatment) {
                throw CLIError(description: "the formula uses the treatment column '\(treatment)'; leave it out: the learner adds the treatment itself")
            }
            let spec = UpliftTreatment(column: treatment, treated: commaList(treated), control: control)
            let rows = try UpliftRows(csv.table, treatment: spec)
            let (encoding, design) = try DesignBuilder.fit(parsed, on: rows.table)
            for warning in design.warnings { printError("warning: " + warning) }
            guard let y = design.response else { throw CLIError(description: "the formula's outcome could not be built") }
            let arms = design.rowIndices.map { rows.arms[$0] }
            clock.lap("design")

            let penalty = penalties.penalty
            let model = UpliftModel(learner: UpliftLearner(rawValue: learner)!, base: LogisticRegression(penalty: penalty),
                                    propensity: UpliftPropensity(rawValue: propensity)!)
            let fit = try model.fit(x: design.x, termNames: encoding.termNames, y: y, arm: arms, treatments: spec.treated,
                                    control: spec.control, responseName: encoding.responseName ?? "outcome", progress: display.observer)
            clock.lap("fit")
            let manifest = ModelManifest(
                commandLine: Array(CommandLine.arguments.dropFirst()),
                data: .init(path: input.data, sha256: csv.sha256, rowsRead: csv.table.rowCount, rowsUsed: design.x.rows,
                            rowsDropped: design.droppedRowCount, missingByColumn: design.droppedByColumn),
                blas: BLASLibrary.path)
            let file = UpliftModelFile(encoding: encoding, treatment: spec, model: model, fit: fit, manifest: manifest)
            try output.write(try file.encoded())
            clock.lap("write")
            for warning in file.warnings { printError("warning: " + warning) }
            if rows.otherRows > 0 {
                printError("note: \(rows.otherRows) of \(csv.table.rowCount) rows are in another arm or have no '\(treatment)' value and were not used")
            }
            if design.droppedRowCount > 0 {
                printError("note: \(design.droppedRowCount) of \(rows.table.rowCount) experiment rows dropped for missing values")
            }
            let summary = fit.arms.map { "\($0.treated) (\($0.treatedRows) vs \($0.controlRows) control)" }.joined(separator: ", ")
            try writeLine("wrote \(output.out): uplift model (\(model.learner.rawValue)), \(design.x.rows) rows, arms: \(summary)")
            if timings { printError(clock.json) }
        }
    }
}
