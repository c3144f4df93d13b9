import ArgumentParser
import GlassboxAudit
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxModels
import GlassboxReport
import GlassboxTabular

enum AuditFormat: String, ExpressibleByArgument, CaseIterable {
    case json, markdown, html
}

struct AuditCommand: ParsableCommand, BiasAuditSettings {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit a score by group: rates, disparities to a reference group, 80 % rule verdicts with bootstrap uncertainty.",
        discussion: """
        Decisions: positive when score >= --threshold (default 0.5), or the highest-scoring --top fraction \
        (k = round(f·n) rows; ties at the cut are taken in file order). Rates as fairlearn, disparities and \
        the 80 % rule as Aequitas (pass when the ratio lies in [tau, 1/tau]). With --bootstrap B > 0 each \
        group is resampled separately (multinomial draws over its confusion cells), percentile intervals; \
        a verdict is inconclusive when the interval of the ratio crosses a bound. --adjust bonferroni divides \
        alpha by the number of verdicts. Groups below --min-group-size are suppressed (no metrics, no verdict); \
        groups below 30 rows are flagged unreliable. Rows with a missing score, outcome or weight are dropped; \
        a missing group value forms the group '(missing)'. No row of the data is ever printed.

        Targeting (persuasion) audit: --uplift COL (or --model UPLIFT.json) with --treatment COL --treated V \
        --control V. The targeted set is the top --top fraction by uplift (default 0.2, same tie rule); per \
        group: population share, targeted share, their ratio with a bootstrap interval, 'written off' when the \
        ratio is below --tau, verdicts (fail: interval below tau; pass: at or above; else inconclusive), mean \
        predicted uplift and the observed effect (treated − control difference in means, Neyman interval). \
        Whole data: qiniAuc, upliftAuc and upliftAtK as scikit-uplift defines them.
        """
    )

    @OptionGroup var input: DataOptions
    @OptionGroup var display: ProgressOptions
    @Option(help: "Numeric score column to audit.")
    var score: String?
    @Option(help: "Score the data with this model file first (instead of --score).")
    var model: String?
    @Option(help: "Predicted uplift column: run a targeting (persuasion) audit.")
    var uplift: String?
    @Option(help: "Treatment assignment column (targeting audit).")
    var treatment: String?
    @Option(help: "Treated value (targeting audit).")
    var treated: String?
    @Option(help: "Control value (targeting audit).")
    var control: String?
    @Option(name: .customLong("metric-bootstrap"), help: "Row-bootstrap replicates for the qiniAuc/upliftAuc intervals of a targeting audit (0: none; default 200).")
    var metricBootstrapGiven: Int?
    var metricBootstrap: Int { metricBootstrapGiven ?? 200 }
    @Option(help: "Binary (0/1) outcome column.")
    var outcome: String
    @Option(help: "Group attribute column (repeatable; at most 65,535 distinct values each).")
    var group: [String] = []
    @OptionGroup var settings: BiasAuditOptions
    @Option(help: "Case (survey) weights column.")
    var weights: String?
    @Option(help: "Output format: json, markdown or html (self-contained, with charts).")
    var format: AuditFormat = .json
    @OptionGroup var streaming: BudgetOptions<AuditMemoryHelp>
    @OptionGroup var output: ResultOutputOptions
    @Flag(help: "Print phase timings on stderr.")
    var timings = false

    func validate() throws {
        if [score, model, uplift].compactMap({ $0 }).count != 1 {
            throw ValidationError("give exactly one of --score COL, --model M.json or --uplift COL")
        }
        if uplift != nil || treatment != nil || treated != nil || control != nil {
            if uplift != nil && (treatment == nil || treated == nil || control == nil) {
                throw ValidationError("--uplift needs --treatment COL, --treated VALUE and --control VALUE")
            }
            if score != nil { throw ValidationError("--treatment, --treated and --control belong to a targeting audit (--uplift COL or an uplift --model), not --score") }
            try validateTargeting()
        }
        if group.isEmpty { throw ValidationError("give at least one --group COL") }
        if settings.threshold != nil && settings.top != nil { throw ValidationError("--threshold and --top cannot be combined") }
        if let top = settings.top, !(top >= 0 && top <= 1) { throw ValidationError("--top must be a fraction in [0, 1], got \(top)") }
        if !["none", "bonferroni"].contains(settings.adjust) { throw ValidationError("--adjust must be one of: none, bonferroni") }
        if settings.bootstrap < 0 { throw ValidationError("--bootstrap must be >= 0") }
        if settings.minGroupSize < 0 { throw ValidationError("--min-group-size must be >= 0") }
        if !(settings.tau > 0 && settings.tau <= 1) { throw ValidationError("--tau must be in (0, 1], got \(settings.tau)") }
        if !(settings.confidence > 0 && settings.confidence < 1) { throw ValidationError("--confidence must be in (0, 1), got \(settings.confidence)") }
        for r in settings.reference where !r.contains("=") { throw ValidationError("--reference must be COL=VALUE, got '\(r)'") }
    }

    func run() throws {
        try runReportingErrors {
            if uplift != nil || treatment != nil {
                try targetingAudit()
            } else if let model, try ModelFileHeader.read(path: model).kind == UpliftModelFile.kindName {
                try validateTargeting()
                try targetingAudit()
            } else {
                try audit()
            }
        }
    }

    private func audit() throws {
        if metricBootstrapGiven != nil {
            throw CLIError(description: "--metric-bootstrap does not apply to a bias audit: it sets the qiniAuc/upliftAuc intervals of a targeting audit (--uplift or an uplift --model)", status: .usage)
        }
        var clock = Stopwatch()
        try output.preflight(inputs: [input.data] + (model.map { [$0] } ?? []))
        let modelFile = try model.map(loadAuditedModel(path:))
        // Only the columns the audit reads are parsed.
        let needed = Set([score, outcome, weights].compactMap { $0 } + group + (modelFile?.inputColumns ?? []))
        if try auditStreamed(model: modelFile, columns: needed, clock: &clock) { return }
        if !input.filters.isEmpty || !input.derivations.isEmpty {
            try streaming.refuseWholeRead(of: input, columns: needed.count, target: "a bias audit with --where or --derive",
                                          remedy: "filter or derive the columns into a new file first (glassbox audit streams a plain CSV file), or raise --memory")
        }
        let csv = try input.read(progress: display.observer, columns: needed)
        let table = csv.table
        clock.lap("read")
        var modelScores: [Double]?
        if let modelFile { modelScores = try modelFile.scores(on: table).values }
        let config = biasAuditConfiguration
        clock.lap("prepare")
        let report = try table.biasAudit(scores: modelScores, scoreColumn: score, outcome: .column(outcome), groups: group, weights: weights,
                                         configuration: config, progress: display.observer)
        clock.lap("audit")
        try write(report, read: csv, clock: &clock)
    }

    /// Writes `report` with the manifest of `read`, then the notes and (with --timings) the timings.
    func write(_ report: AuditReport, read: CSVReadResult, clock: inout Stopwatch) throws {
        let manifest = input.manifest(of: read, rowsRead: report.rowsRead, rowsUsed: report.rowsUsed,
                                      missingByColumn: report.missingByColumn, seed: settings.seed)
        try output.write(rendered(report, manifest: manifest))
        clock.lap("write")
        printNotes(of: report)
        if timings { printError(clock.json) }
    }
}
