import ArgumentParser
import GlassboxCore
import GlassboxExplain
import GlassboxLinearAlgebra
import GlassboxMetrics
import GlassboxModels
import GlassboxReport

enum EvaluateFormat: String, ExpressibleByArgument, CaseIterable {
    case json, markdown
}

struct EvaluateUpliftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uplift",
        abstract: "Evaluate predicted uplift on experiment data: Qini/uplift curves, qiniAuc, upliftAuc, uplift@k, deciles, ATE.",
        discussion: """
        Scores come from an uplift model file (one evaluation per treatment arm against control) or from a \
        column of the data (--uplift COL, e.g. a vendor's persuasion score). --treatment/--treated/--control \
        default to the model's; the outcome defaults to the model formula's response. qiniAuc, upliftAuc, \
        upliftAtK, the curves and the by-percentile table follow scikit-uplift 0.5 (qini_auc_score, \
        uplift_auc_score, uplift_at_k with both strategies, qini_curve, uplift_curve, uplift_by_percentile), \
        ties included. The average effect is the difference in means with Neyman's interval; --bootstrap B \
        adds seeded percentile intervals for qiniAuc and upliftAuc.
        """
    )

    @Argument(help: "Uplift model file written by 'glassbox train uplift' (omit with --uplift).")
    var model: String?
    @OptionGroup var input: DataOptions
    @Option(help: "Column of predicted uplift to evaluate instead of a model.")
    var uplift: String?
    @Option(help: "Column holding the treatment assignment (default: the model's).")
    var treatment: String?
    @Option(help: "Treated value(s), comma-separated (default: the model's).")
    var treated: String?
    @Option(help: "Control value (default: the model's).")
    var control: String?
    @Option(help: "Binary outcome column (default: the model formula's response).")
    var outcome: String?
    @Option(help: "Population shares for uplift@k, comma-separated.")
    var k: String = "0.1,0.2,0.3"
    @Option(help: "Bins of the by-percentile table (10 = deciles).")
    var bins: Int = 10
    @Option(help: "Bootstrap resamples for the qiniAuc and upliftAuc intervals (0 = none).")
    var bootstrap: Int = 200
    @Option(help: "Seed of the bootstrap.")
    var seed: UInt64 = 1
    @Flag(help: "Add permutation importance of the model's input columns with the Qini coefficient as metric.")
    var importance = false
    @Option(help: "Shuffles per column for --importance.")
    var repeats: Int = 5
    @Option(help: "Output format: json or markdown.")
    var format: EvaluateFormat = .json
    @OptionGroup var output: ResultOutputOptions
    @OptionGroup var display: ProgressOptions

    func validate() throws {
        if (model == nil) == (uplift == nil) { throw ValidationError("give either an uplift model file or --uplift COL, not both or neither") }
        if uplift != nil && (treatment == nil || treated == nil || control == nil || outcome == nil) {
            throw ValidationError("--uplift needs --treatment, --treated, --control and --outcome")
        }
        if shares.isEmpty || shares.contains(where: { !($0 > 0 && $0 < 1) }) { throw ValidationError("--k must list shares in (0, 1), got '\(k)'") }
        if bins < 1 { throw ValidationError("--bins must be at least 1") }
        if bootstrap < 0 { throw ValidationError("--bootstrap must be 0 or more") }
        if importance && model == nil { throw ValidationError("--importance needs a model file (it shuffles the model's input columns)") }
        if repeats < 1 { throw ValidationError("--repeats must be at least 1") }
    }

    var shares: [Double] { commaList(k).compactMap(Double.init) }

    func run() throws {
        try runReportingErrors {
            try output.preflight(inputs: [input.data] + [model].compactMap { $0 })
            BLASLibrary.useSingleThreadedBLAS()
            let file = try model.map(UpliftModelFile.load(path:))
            let spec = UpliftTreatment(column: treatment ?? file!.treatment.column,
                                       treated: treated.map(commaList) ?? file!.treatment.treated,
                                       control: control ?? file!.treatment.control)
            // Only the model's (or the uplift column's), the treatment's and the outcome's columns are parsed.
            let scored = file.map { $0.inputColumns + (outcome == nil ? $0.encoding.outcomeColumns : []) } ?? [uplift!]
            let csv = try input.read(progress: display.observer,
                                     needed: NeededColumns(scored + [spec.column] + [outcome].compactMap { $0 }))
            let evaluation = try file?.evaluate(on: csv.table, treatment: spec, outcome: outcome, ks: shares, bins: bins,
                                                bootstrap: bootstrap, seed: seed, progress: display.observer)
                ?? UpliftModelEvaluation(scoreColumn: uplift!, on: csv.table, treatment: spec, outcome: outcome!, ks: shares, bins: bins,
                                         bootstrap: bootstrap, seed: seed, progress: display.observer)
            let explained: [PermutationImportanceResult?] = importance
                ? try file.map { try evaluation.importance(of: $0, repeats: repeats, seed: seed, progress: display.observer) } ?? []
                : []
            var manifest = Provenance(
                commandLine: Array(CommandLine.arguments.dropFirst()),
                data: .init(path: input.data, sha256: csv.sha256, rowsRead: csv.table.rowCount, rowsUsed: evaluation.rowsUsed,
                            rowsDropped: evaluation.rowsDropped, missingByColumn: [:]),
                seed: bootstrap > 0 ? seed : nil, blas: BLASLibrary.path)
            input.record(csv, in: &manifest)
            let report = UpliftEvaluationReport(source: model ?? "column '\(uplift!)'", evaluation: evaluation, importance: explained,
                                                manifest: manifest)
            let bytes: [UInt8]
            switch format {
            case .json: bytes = try report.json()
            case .markdown: bytes = Array(report.markdown().utf8)
            }
            try output.write(bytes, announce: true)
        }
    }
}
