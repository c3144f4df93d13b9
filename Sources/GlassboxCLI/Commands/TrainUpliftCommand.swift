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
        design's treated share unless --propensity estimated. Rows with a missing model value are dropped. \
        A file larger than --memory is streamed through a design cache, with every learner, and gives the \
        in-memory model file bit for bit.
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
    @OptionGroup var streaming: StreamingOptions
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
            let columnsRead = ((try? Formula.parse(formula))?.sourceColumns.count ?? 0) + 1
            if let chunkBytes = try streaming.chunkBytes(for: input, columns: columnsRead) {
                try runStreamed(chunkBytes: chunkBytes, clock: &clock)
                if timings { printError(clock.json) }
                return
            }
            // Only the formula's and the treatment's columns are parsed.
            let csv = try input.read(progress: display.observer, needed: .formula(formula, plus: [treatment]))
            clock.lap("read")
            var provenance = manifest(sha256: csv.sha256)
            input.record(csv, in: &provenance)
            let file = try withPropensityOptionName {
                try model.fit(formula: formula, on: csv.table, treatment: spec, manifest: provenance,
                              onWarning: { printError("warning: " + $0) }, progress: display.observer)
            }
            clock.lap("fit")
            try finish(file, rowsRead: csv.table.rowCount)
            clock.lap("write")
            if timings { printError(clock.json) }
        }
    }

    /// The treatment arms of these options.
    var spec: UpliftTreatment { UpliftTreatment(column: treatment, treated: commaList(treated), control: control) }

    /// The model of these options.
    var model: UpliftModel {
        UpliftModel(learner: UpliftLearner(rawValue: learner)!, penalty: penalties.penalty, propensity: UpliftPropensity(rawValue: propensity)!)
    }

    /// The provenance of a fit of the data file whose SHA-256 is `sha256` (the streamed fit fills it and the row counts in).
    func manifest(sha256: String) -> Provenance {
        let source = Provenance.DataSource(path: input.data, sha256: sha256, rowsRead: 0, rowsUsed: 0, rowsDropped: 0, missingByColumn: [:])
        return Provenance(commandLine: Array(CommandLine.arguments.dropFirst()), data: source, blas: BLASLibrary.path)
    }

    /// Writes the model and prints its warnings, notes and summary line.
    func finish(_ file: UpliftModelFile, rowsRead: Int) throws {
        try output.write(try file.encoded())
        for warning in file.warnings { printError("warning: " + warning) }
        let used = file.manifest.data?.rowsUsed ?? 0, dropped = file.manifest.data?.rowsDropped ?? 0
        let otherRows = rowsRead - used - dropped
        if otherRows > 0 {
            printError("note: \(otherRows) of \(rowsRead) rows are in another arm or have no '\(treatment)' value and were not used")
        }
        if dropped > 0 {
            printError("note: \(dropped) of \(used + dropped) experiment rows dropped for missing values")
        }
        let summary = UpliftInspection(file).arms.map { "\($0.treated) (\($0.treatedRows) vs \($0.controlRows) control)" }.joined(separator: ", ")
        try writeLine("wrote \(output.out): uplift model (\(learner)), \(used) rows, arms: \(summary)")
    }

    /// The fit of a CSV streamed through a design cache (docs/scale.md §7): same model, same messages.
    func runStreamed(chunkBytes: Int, clock: inout Stopwatch) throws {
        try FileCheck.requireReadableFile(input.data)
        let (file, read) = try withPropensityOptionName {
            try model.fitStreaming(formula: formula, path: input.data, options: try input.csvOptions(), chunkBytes: chunkBytes,
                                   treatment: spec, manifest: manifest(sha256: ""), progress: display.observer)
        }
        clock.lap("fit")
        for warning in read.designWarnings { printError("warning: " + warning) }
        try finish(file, rowsRead: read.rowsRead)
        clock.lap("write")
    }
}
