import ArgumentParser
import GlassboxExplain
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxModels
import GlassboxReport
import GlassboxTabular

#if canImport(Glibc)
import Glibc
#endif

enum ExplainFormat: String, ExpressibleByArgument, CaseIterable {
    case json, markdown, html
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain what drives a model's score or an external score column.",
        discussion: """
        With a model file: permutation importance on the model's outcome (source columns by default, \
        --per-term for design terms), --pd partial dependence/ICE, --shap exact SHAP (linear, or TreeSHAP for an \
        imported tree model), and \
        --protected proxy detection. An uplift or lookalike model file takes --pd/--ice and --protected (its \
        score re-scored); importance and --shap are defined for logistic and imported tree models only (uplift importance: \
        'glassbox evaluate uplift --importance'). Without a model: --score COL --formula "~ a + b" fits surrogate \
        models (linear and a shallow tree) that mimic the score and states their holdout fidelity.
        """
    )

    @Argument(help: "Model file written by 'glassbox train' (omit with --score).")
    var model: String?
    @OptionGroup var input: DataOptions

    @Option(name: .customLong("metric"), help: "Importance metric: auc, logloss, brier or accuracy (default auc; model files).")
    var metricGiven: String?
    @Option(name: .customLong("repeats"), help: "Permutations per feature, for importance and proxy carriers (default 5).")
    var repeatsGiven: Int?
    @Option(help: "Random seed (permutations, subsamples, ICE rows, holdout split).")
    var seed: UInt64 = 0
    @Option(name: .customLong("max-rows"), help: "Rows sampled per feature for the permuted scores (scikit-learn's max_samples).")
    var maxRows: Int?
    @Flag(name: .customLong("per-term"), help: "Permute design terms (one-hot levels, interactions) instead of source columns.")
    var perTerm = false
    @Option(name: .customLong("threshold"), help: "Decision threshold for --metric accuracy (default 0.5).")
    var thresholdGiven: Double?
    @Option(help: "Case-weight column.")
    var weights: String?
    @Flag(name: .customLong("no-importance"), help: "Skip permutation importance.")
    var noImportance = false

    @Option(help: "Comma-separated columns for partial dependence and ICE.")
    var pd: String?
    @Option(name: .customLong("grid"), help: "Grid points for numeric partial dependence (default 20).")
    var gridGiven: Int?
    @Option(name: .customLong("ice"), help: "Synthetic rows (seeded; each feature drawn from its grid or levels, never a row of the data) with ICE curves (default 0).")
    var iceGiven: Int?
    @Flag(help: "Centre ICE curves at the first grid point.")
    var centered = false
    @Flag(help: "Exact linear SHAP values (global ranking and sampled rows).")
    var shap = false
    @Option(name: .customLong("shap-rows"), help: "Rows of the data (seeded sample) whose SHAP values are listed (default 0). Per-row values decode to the rows' values: such output is not shareable.")
    var shapRowsGiven: Int?
    @OptionGroup var treeSHAP: TreeSHAPOptions

    @Option(help: "External score column to explain with surrogate models (no model file).")
    var score: String?
    @Option(help: "Surrogate features as a one-sided formula, e.g. \"~ age + C(county)\".")
    var formula: String?
    @Option(help: "Holdout fraction for surrogate and proxy models.")
    var holdout: Double = 0.3
    @Option(name: .customLong("depth"), help: "Maximum depth of the surrogate tree (default 4).")
    var depthGiven: Int?
    @Option(name: .customLong("top-fraction"), help: "Top fraction of rows whose agreement the surrogate reports (default 0.1).")
    var topFractionGiven: Double?

    @Option(help: "Comma-separated protected attributes to test for proxies.")
    var protected: String?
    @Option(name: .customLong("proxy-auc"), help: "Holdout AUC at or above which a proxy is flagged strong (default 0.7).")
    var proxyAUCGiven: Double?

    @Option(help: ArgumentHelp("Explain a seeded uniform sample of N rows of the CSV file (drawn in one pass with --seed), e.g. for a file larger than memory; every output says so.", valueName: "N"))
    var sample: Int?

    @Option(help: "Output format: json, markdown or html (self-contained, with charts).")
    var format: ExplainFormat = .json
    @OptionGroup var output: ResultOutputOptions
    @Flag(help: "Print phase timings on stderr (for benchmarks).")
    var timings = false
    @OptionGroup var display: ProgressOptions

    // Defaults of the options above; each is optional so that an option given where it does not apply
    // can be refused (see ``refuseInapplicable()``) instead of silently ignored.
    var metric: String { metricGiven ?? "auc" }
    var repeats: Int { repeatsGiven ?? 5 }
    var threshold: Double { thresholdGiven ?? 0.5 }
    var grid: Int { gridGiven ?? 20 }
    var ice: Int { iceGiven ?? 0 }
    var shapRows: Int { shapRowsGiven ?? 0 }
    var depth: Int { depthGiven ?? 4 }
    var topFraction: Double { topFractionGiven ?? 0.1 }
    var proxyAUC: Double { proxyAUCGiven ?? 0.7 }

    /// Options that have no effect in the chosen mode are refused (exit 64), naming the option and why.
    func refuseInapplicable() throws {
        let checks: [(given: Bool, option: String, reason: String)]
        if score != nil {
            let modelOnly = "it applies to a model file (an external score has no model to permute, differentiate or decompose)"
            checks = [(metricGiven != nil, "--metric", modelOnly), (maxRows != nil, "--max-rows", modelOnly), (perTerm, "--per-term", modelOnly),
                      (thresholdGiven != nil, "--threshold", modelOnly), (weights != nil, "--weights", modelOnly),
                      (noImportance, "--no-importance", modelOnly), (pd != nil, "--pd", modelOnly), (gridGiven != nil, "--grid", modelOnly),
                      (iceGiven != nil, "--ice", modelOnly), (centered, "--centered", modelOnly), (shap, "--shap", modelOnly),
                      (shapRowsGiven != nil, "--shap-rows", modelOnly), (treeSHAP.given, "--shap-method", modelOnly),
                      (repeatsGiven != nil && protected == nil, "--repeats", "with --score it sets the proxy carriers' permutations; it needs --protected"),
                      (proxyAUCGiven != nil && protected == nil, "--proxy-auc", "it needs --protected")]
        } else {
            let surrogateOnly = "it sets the surrogate models of an external --score column"
            checks = [(formula != nil, "--formula", surrogateOnly + " (a model file carries its own formula)"),
                      (depthGiven != nil, "--depth", surrogateOnly), (topFractionGiven != nil, "--top-fraction", surrogateOnly),
                      (proxyAUCGiven != nil && protected == nil, "--proxy-auc", "it needs --protected"),
                      (thresholdGiven != nil && metric.lowercased() != "accuracy", "--threshold", "it is the decision threshold of --metric accuracy"),
                      (gridGiven != nil && pd == nil, "--grid", "it needs --pd"), (iceGiven != nil && pd == nil, "--ice", "it needs --pd"),
                      (centered && pd == nil, "--centered", "it needs --pd"), (shapRowsGiven != nil && !shap, "--shap-rows", "it needs --shap"),
                      (treeSHAP.choice != nil && !shap, "--shap-method", "it needs --shap")]
        }
        if let o = checks.first(where: \.given) {
            throw ValidationError("\(o.option) does not apply here: \(o.reason)")
        }
    }

    func validate() throws {
        try refuseInapplicable()
        if repeats < 1 { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
        if !ImportanceMetric.allCases.contains(where: { $0.rawValue == metric.lowercased() }) {
            throw ValidationError("unknown metric '\(metric)'; choose one of: \(ImportanceMetric.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let n = sample, n < 1 { throw ValidationError("--sample must be at least 1, got \(n)") }
        if let m = maxRows, m < 1 { throw ValidationError("--max-rows must be at least 1, got \(m)") }
        if grid < 2 { throw ValidationError("--grid must be at least 2, got \(grid)") }
        if ice < 0 || shapRows < 0 { throw ValidationError("--ice and --shap-rows must not be negative") }
        if !(holdout > 0 && holdout < 1) { throw ValidationError("--holdout must be between 0 and 1, got \(holdout)") }
        if depth < 1 || depth > 8 { throw ValidationError("--depth must be between 1 and 8, got \(depth)") }
        if !(topFraction > 0 && topFraction <= 1) { throw ValidationError("--top-fraction must be in (0, 1], got \(topFraction)") }
        if model == nil && score == nil { throw ValidationError("give a model file, or --score COL with --formula for a surrogate") }
        if model != nil && score != nil { throw ValidationError("--score explains an external score column; do not also give a model file") }
        if score != nil && formula == nil { throw ValidationError("--score needs --formula \"~ a + b\" naming the surrogate's features") }
    }

    func run() throws {
        try runReportingErrors { try explain() }
    }

    func explain() throws {
        do {
            try output.preflight(inputs: [input.data] + [model].compactMap { $0 })
            BLASLibrary.useSingleThreadedBLAS()
            var clock = Stopwatch()
            // The model is decoded first (its columns are the ones read); its errors still surface after the CSV's, as before.
            let modelFile = model.map { path in BackgroundTask { try AnyModel.load(path: path) } }
            let (csv, rowSample) = try input.read(sample: sample, seed: seed, progress: display.observer,
                                                   needed: neededColumns(modelFile.flatMap { try? $0.value() }))
            clock.lap("read")
            // With --sample every row of the file is read (the sample is drawn from all of them): rows read are the
            // file's; the sample's size is the `sample` record, and rows used and dropped are the sample's.
            var manifest = Provenance(
                commandLine: Array(CommandLine.arguments.dropFirst()),
                data: .init(path: input.data, sha256: csv.sha256, rowsRead: rowSample?.of ?? csv.table.rowCount, rowsUsed: 0, rowsDropped: 0,
                            missingByColumn: [:]),
                seed: seed, blas: BLASLibrary.path)
            input.record(csv, in: &manifest)
            var report: ExplanationReport
            if let modelFile {
                report = try explainModel(try modelFile.value(), table: csv.table, manifest: manifest, clock: &clock)
            } else {
                report = try explainScore(table: csv.table, manifest: manifest, clock: &clock)
            }
            report.sample = rowSample
            report.manifest.data?.rowsUsed = report.rowsUsed
            report.manifest.data?.rowsDropped = report.rowsDropped
            let bytes: [UInt8]
            switch format {
            case .json: bytes = try report.json()
            case .markdown: bytes = Array(report.markdown().utf8)
            case .html: bytes = Array(ReportDocument(explanation: report).html().utf8)
            }
            try output.write(bytes, announce: true)
            clock.lap("write")
            if timings { printError(clock.json) }
        }
    }

    /// The columns the explanation reads: the model's inputs (its outcome when the data have it and
    /// importance is on), weights, protected attributes, --pd columns; for a score, the score, the
    /// surrogate formula's columns and the protected attributes. Nil (every column) when the model file
    /// or formula cannot be read, so that error comes after the data's, as before.
    func neededColumns(_ loaded: AnyModel?) -> NeededColumns? {
        if model != nil {
            guard let loaded else { return nil }
            return NeededColumns(loaded.inputColumns + [weights].compactMap { $0 } + list(protected) + list(pd),
                                 optional: noImportance ? [] : loaded.outcomeColumns)
        }
        guard let score, let formula else { return nil }
        return .formula(formula, plus: [score] + list(protected))
    }

    func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A step line on stderr, shown when the progress display is on (see ``ProgressOptions``).
    func progress(_ text: String) {
        if display.observer != nil { printError("… " + text) }
    }

    /// The explanation of a model file of any kind (``ExplanationReport/explain(_:table:manifest:options:progress:started:finished:)``);
    /// a section the model's kind does not define is refused naming the option that asks for it.
    func explainModel(_ model: AnyModel, table: Table, manifest: Provenance, clock: inout Stopwatch) throws -> ExplanationReport {
        // --shap-method chooses a tree ensemble's TreeSHAP; any other kind would silently ignore it.
        if treeSHAP.given {
            guard case .treeEnsemble = model else {
                throw CLIError(description: "--shap-method does not apply here: \(ReportCommand.treeOnly)", status: .usage)
            }
        }
        var options = ExplanationOptions(
            importance: !noImportance, metric: ImportanceMetric(rawValue: metric.lowercased()) ?? .auc, repeats: repeats, seed: seed,
            maxRows: maxRows, perTerm: perTerm, threshold: threshold, weights: weights, partialDependence: list(pd), gridPoints: grid,
            iceRows: ice, centered: centered, shap: shap, shapRows: shapRows, protected: list(protected), proxyThreshold: proxyAUC,
            holdout: holdout, proxyRepeats: repeats)
        options.treeSHAP = treeSHAP.method
        let report: ExplanationReport
        do {
            report = try ExplanationReport.explain(model, table: table, manifest: manifest, options: options, progress: display.observer,
                                                  started: { progress($0) }, finished: { clock.lap($0) })
        } catch let error as ExplainError {
            if case let .invalidData(message) = error, TreeSHAPOptions.message(message) != message {
                throw CLIError(description: TreeSHAPOptions.message(message), status: .dataError)
            }
            guard case let .sectionNotDefined(section, kind, _) = error else { throw error }
            let remedy = section == "interventional TreeSHAP" ? "drop --shap-method"
                : section != "permutation importance" ? "drop --shap"
                : kind == ModelKind.uplift.rawValue ? "'glassbox evaluate uplift --importance' computes it per arm; here add --no-importance"
                : "add --no-importance"
            throw CLIError(description: error.description + "; " + remedy, status: .usage)
        }
        if let skipped = report.importanceSkipped { printError("note: " + skipped) }
        return report
    }
}
