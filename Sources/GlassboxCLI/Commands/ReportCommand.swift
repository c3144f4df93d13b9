import ArgumentParser
import GlassboxAudit
import Foundation
import GlassboxExplain
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxMetrics
import GlassboxModels
import GlassboxReport
import GlassboxStatFiles
import GlassboxTabular

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case html, markdown, json, ipynb
}

/// `glassbox report`: one document combining a model's inspection, its explanation and its audits; for
/// an uplift model its evaluation and targeting audit, for a lookalike model its recovery and the
/// composition of its audience (`ReportCommand+Uplift.swift`, `ReportCommand+Lookalike.swift`).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one shareable report: a model's coefficients, what drives its score, and a bias audit by group.",
        discussion: """
        With a model file: the inspection (coefficients, fit), permutation importance on the model's outcome, \
        partial dependence for --pd columns, proxy detection for --protected columns, and an audit of the \
        model's scores by each --group. With --score COL instead of a model: the audit of that score only. \
        HTML is one self-contained file with SVG charts; Markdown and JSON carry the same numbers \
        (schemas/glassbox-report.schema.json). Reports hold aggregates only; groups below --min-group-size \
        are suppressed. Set SOURCE_DATE_EPOCH for byte-identical output.

        With an uplift model (glassbox train uplift): the model's components, the uplift evaluation on --data \
        per treatment arm (Qini, AUUC, uplift@k, deciles, curves; as 'glassbox evaluate uplift'), and with \
        --group the targeting audit of the top --top share by predicted uplift. With a lookalike model \
        (glassbox train lookalike): the model (coefficients and ĉ, or the similarity features), the recovery \
        of held-out seeds when --data has the seed column (as 'glassbox evaluate lookalike'), and with --group \
        the composition of the audience, the top --size share of rows not on the seed list. Options that do \
        not apply to the model's kind are refused.
        """
    )

    @Argument(help: "Model file written by 'glassbox train logistic', 'train uplift', 'train lookalike' or 'glassbox import' (omit with --score).")
    var model: String?
    @OptionGroup var input: DataOptions
    @OptionGroup var display: ProgressOptions
    @Option(help: "Audit this numeric score column instead of a model's scores.")
    var score: String?
    @Option(help: "Binary (0/1) outcome column for the audit and the uplift evaluation (default: the model's outcome; not for lookalike models).")
    var outcome: String?
    @Option(help: "Group attribute to audit by (repeatable).")
    var group: [String] = []
    @Flag(help: "Also audit every combination of the group attributes (not for lookalike models).")
    var intersect = false
    @Option(help: "Reference group as COL=VALUE (repeatable; default: each attribute's largest group; logistic models and scores).")
    var reference: [String] = []
    @Option(help: "Positive when score >= T (default 0.5; logistic models and scores).")
    var threshold: Double?
    @Option(help: "Select the highest-scoring fraction F of rows instead of a threshold (uplift model: the targeted share, default 0.2).")
    var top: Double?
    @Option(help: "Bootstrap replicates for the intervals (disparities, Qini/uplift AUC, targeting and composition ratios).")
    var bootstrap = 1000
    @Option(help: "Random seed (permutations, ICE rows, bootstrap, holdout split).")
    var seed: UInt64 = 1
    @Option(help: "Suppress groups with fewer rows.")
    var minGroupSize = 10
    @Option(help: "Permutation-importance metric: auc, logloss, brier or accuracy (default auc; logistic models).")
    var metric: String?
    @Option(help: "Permutations per feature (default 5; logistic models).")
    var repeats: Int?
    @Option(help: "Comma-separated columns for partial dependence (logistic models).")
    var pd: String?
    @Option(help: "ICE curves of synthetic rows (each feature drawn from its grid or levels, never a row of the data) drawn with each partial dependence (default 0: none; logistic models).")
    var ice: Int?
    @Option(help: "Comma-separated protected attributes to test for proxies (logistic models).")
    var protected: String?
    @Option(help: "Lookalike model: the audience as a share of the rows not on the seed list (default 0.1).")
    var size: Double?
    @Option(help: "Lookalike model: share of the seed list held out for the recovery evaluation (default 0.2).")
    var holdout: Double?
    @Option(name: .customLong("uplift-evaluation"), help: "JSON written by 'glassbox evaluate uplift' to include (repeatable).")
    var upliftEvaluations: [String] = []
    @Option(help: ArgumentHelp("Explain a seeded uniform sample of N rows of the CSV file (drawn in one pass with --seed), e.g. for a file larger than memory; the audit still streams every row (logistic and tree models, score columns).", valueName: "N"))
    var sample: Int?
    @OptionGroup var streaming: BudgetOptions<ReportMemoryHelp>
    @Option(help: "Report title.")
    var title: String?
    @Option(help: "Output format: html, markdown, json or ipynb (a notebook that re-checks the numbers in Python).")
    var format: ReportFormat = .html
    @OptionGroup var output: ResultOutputOptions
    @OptionGroup var treeSHAP: TreeSHAPOptions

    func validate() throws {
        if model != nil && score != nil { throw ValidationError("give a model file or --score COL, not both") }
        if model == nil && score == nil && upliftEvaluations.isEmpty { throw ValidationError("give a model file, --score COL or --uplift-evaluation FILE") }
        if score != nil && (outcome == nil || group.isEmpty) { throw ValidationError("--score needs --outcome COL and at least one --group COL") }
        if threshold != nil && top != nil { throw ValidationError("--threshold and --top cannot be combined") }
        if let top, !(top >= 0 && top <= 1) { throw ValidationError("--top must be a fraction in [0, 1], got \(top)") }
        if bootstrap < 0 || minGroupSize < 0 || (ice ?? 0) < 0 { throw ValidationError("--bootstrap, --min-group-size and --ice must not be negative") }
        for r in reference where !r.contains("=") { throw ValidationError("--reference must be COL=VALUE, got '\(r)'") }
        if let repeats, repeats < 1 { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
        if let metric, ImportanceMetric(rawValue: metric.lowercased()) == nil {
            throw ValidationError("unknown metric '\(metric)'; choose one of: \(ImportanceMetric.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let size, !(size > 0 && size <= 1) { throw ValidationError("--size must be in (0, 1], got \(size)") }
        if let sample, sample < 1 { throw ValidationError("--sample must be at least 1, got \(sample)") }
        if let holdout, !(holdout > 0 && holdout < 1) { throw ValidationError("--holdout must be in (0, 1), got \(holdout)") }
    }

    /// Refuses the first option that was given but has no meaning for `target` ("a lookalike model"),
    /// saying why, with exit status 64.
    func refuse(_ options: [(given: Bool, option: String, reason: String)], for target: String) throws {
        guard let o = options.first(where: \.given) else { return }
        throw CLIError(description: "\(o.option) does not apply to \(target): \(o.reason)", status: .usage)
    }

    func run() throws {
        try runReportingErrors { try report() }
    }

    private func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private func report() throws {
        let kind = try model.map({ try ModelFileHeader.read(path: $0).kind })
        try refuseSample(kind: kind)
        switch kind {
        case UpliftModelFile.kindName?: try reportUplift(model!)
        case LookalikeModelFile.kindName?: try reportLookalike(model!)
        default: try reportLogistic()
        }
    }

    /// A logistic model's report (or a score column's audit): inspection, explanation, bias audits.
    ///
    /// Every option and column is checked before any heavy computation: options that do not apply are
    /// refused (exit 64), then the `--uplift-evaluation` files are read, the model is loaded, the
    /// --pd/--protected columns are checked and the audit's rows are built (outcome, groups, scores)
    /// and audited — all before permutation importance and partial dependence run.
    /// Why --shap-method and --background are refused for other models.
    static let treeOnly = "it sets the TreeSHAP of a tree-ensemble model"

    private func reportLogistic() throws {
        let lookalikeOnly = "it sets the audience of a lookalike model"
        let tree = model.map { (try? ModelFileHeader.read(path: $0).kind) == TreeEnsembleModelFile.kindName } ?? false
        let target = model != nil ? (tree ? "a tree-ensemble model" : "a logistic model") : score != nil ? "the audit of a score column" : "a report of --uplift-evaluation files only"
        try refuse([(size != nil, "--size", lookalikeOnly), (holdout != nil, "--holdout", "it sets the recovery evaluation of a lookalike model"),
                    (treeSHAP.given && !tree, "--shap-method", Self.treeOnly)],
                   for: target)
        if model == nil {
            let explanationOnly = "it configures the explanation of a model file; an external score has no model to explain"
                + " (for proxies of a score column use 'glassbox explain --score COL --formula \"~ …\" --protected …')"
            try refuse([(metric != nil, "--metric", explanationOnly), (repeats != nil, "--repeats", explanationOnly),
                        (pd != nil, "--pd", explanationOnly), (ice != nil, "--ice", explanationOnly), (protected != nil, "--protected", explanationOnly)],
                       for: target)
        }
        if model != nil || score == nil {
            let auditOnly = "it sets the bias audit, which needs --group"
            try refuse([(group.isEmpty && outcome != nil, "--outcome", auditOnly), (group.isEmpty && threshold != nil, "--threshold", auditOnly),
                        (group.isEmpty && top != nil, "--top", auditOnly), (group.isEmpty && !reference.isEmpty, "--reference", auditOnly),
                        (group.isEmpty && intersect, "--intersect", auditOnly)], for: target)
        }
        if model == nil && score == nil {
            try refuse([(!group.isEmpty, "--group", "a bias audit needs a model file or --score COL"),
                        (sample != nil, "--sample", "it samples the rows a model is explained on, and this report explains no model")], for: target)
        }
        if model != nil && ice != nil && pd == nil { try refuse([(true, "--ice", "ICE curves are drawn with --pd columns")], for: target) }
        // The model is read again below, so its errors keep their place after the data's.
        var context = try ReportContext(self, needed: logisticNeeded())
        let table = context.table
        var extraInputs = context.modelInput
        let uplifts = try upliftEvaluationFiles(&extraInputs)
        let file = try model.map(loadAuditedModel(path:))
        if let file {
            let features = file.encoding.predictorColumns
            for column in list(pd) where !features.contains(column) {
                throw ExplainError.unknownFeature(column, available: features)
            }
            try ExplanationReport.checkProtected(list(protected), features: features, table: table)
        }
        var audits = [AuditReport]()
        var decision: DecisionRule?
        var outcomeUsed: String?
        if !group.isEmpty {
            guard let outcomeColumn = outcome ?? file?.encoding.responseName, table.hasColumn(outcomeColumn) else {
                throw CLIError(description: "the audit needs a 0/1 outcome column: pass --outcome COL (the model's outcome '\(file?.encoding.responseName ?? "?")' is not a column of the data)")
            }
            let scores = try sample != nil ? nil : file.map { try $0.scores(on: table).values }
            var config = AuditConfiguration()
            config.decision = decisionRule(top: top, threshold: threshold)
            config.bootstrap = bootstrap
            config.seed = seed
            config.minGroupSize = minGroupSize
            config.intersect = intersect
            config.references = referenceGroups(reference)
            if sample != nil {
                let streamed = try streamedBiasAudit(model: file, outcome: outcomeColumn, configuration: config)
                if file == nil { context.recordStreamedRead(rowsRead: streamed.report.rowsRead, sha256: streamed.sha256) }
                audits.append(streamed.report)
            } else {
                audits.append(try table.biasAudit(scores: scores, scoreColumn: score, outcome: .column(outcomeColumn), groups: group,
                                                  configuration: config, progress: display.observer))
            }
            decision = config.decision
            outcomeUsed = outcomeColumn
        }
        var explanation: ExplanationReport?
        if let file {
            var options = ExplanationOptions(
                metric: ImportanceMetric(rawValue: (metric ?? "auc").lowercased()) ?? .auc, repeats: repeats ?? 5, seed: seed,
                partialDependence: list(pd), gridPoints: 20, iceRows: ice ?? 0,
                // A tree ensemble's report carries its exact TreeSHAP summary and dependence charts.
                shap: file is TreeEnsembleModelFile,
                protected: list(protected), minGroupSize: minGroupSize)
            options.treeSHAP = treeSHAP.method
            // A tree SHAP refuses (too deep or too wide, e.g. an rpart tree with many surrogates) leaves the section out.
            var shapOmitted: String?
            let report = try ExplanationReport.explain(file, table: table, manifest: context.manifest, options: options, progress: display.observer,
                                                       started: { _ in }, finished: { _ in }, shapOmitted: &shapOmitted, omitRefusedSHAP: true)
            if let skipped = report.importanceSkipped { printError("note: " + skipped) }
            if let shapOmitted { printError("note: no SHAP section: " + TreeSHAPOptions.message(shapOmitted)) }
            explanation = report
            explanation?.sample = context.sample
        }
        for warning in audits.first?.warnings ?? [] { printError("warning: " + warning) }
        let document = ReportDocument.modelReport(inspection: (file as? LogisticModelFile).map(LogisticInspection.init),
                                                  treeInspection: (file as? TreeEnsembleModelFile).map(TreeEnsembleInspection.init), explanation: explanation, audits: audits,
                                                  scoreColumn: score, uplifts: uplifts, title: title, minGroupSize: minGroupSize,
                                                  provenance: Provenance(context.manifest, extraInputs: extraInputs))
        if let treeFile = file as? TreeEnsembleModelFile, let model {
            return try write(document, recipe: treeEnsembleRecipe(treeFile, modelPath: model, sha256: context.sha256, delimiter: context.delimiter,
                                                                  outcome: outcomeUsed, decision: decision, table: table))
        }
        try write(document, recipe: NotebookRecipe(dataPath: input.data, sha256: context.sha256, delimiter: context.delimiter,
                                                   encoding: file?.encoding, scoreColumn: score, outcome: outcomeUsed, groups: group,
                                                   decision: decision))
    }

    /// The columns a logistic report reads: the model's inputs (and its outcome, for importance, when the
    /// data have it), --pd and --protected columns, the score column, the groups and the audit's outcome;
    /// nil (every column) when the model file cannot be read.
    private func logisticNeeded() -> NeededColumns? {
        var loaded: (any ScoringModel)?
        if let model {
            guard let file = try? loadAuditedModel(path: model) else { return nil }
            loaded = file
        }
        var required = group + [score].compactMap { $0 }
        var optional = [outcome ?? loaded?.encoding.responseName].compactMap { $0 }
        if let loaded {
            required += loaded.inputColumns + list(pd) + list(protected)
            optional += loaded.outcomeColumns
        }
        return NeededColumns(required, optional: optional)
    }

    /// The sections of every `--uplift-evaluation` file, recording each file among the inputs.
    func upliftEvaluationFiles(_ extraInputs: inout [Provenance.Input]) throws -> [(title: String, evaluation: UpliftEvaluation)] {
        var uplifts = [(title: String, evaluation: UpliftEvaluation)]()
        for path in upliftEvaluations {
            try FileCheck.requireReadableFile(path)
            let bytes = try FileCheck.readBytes(path)
            extraInputs.append(.init(role: "uplift evaluation", path: path, contents: bytes))
            uplifts += try decodeUpliftEvaluation(bytes, path: path)
        }
        return uplifts
    }

    /// Decodes one `--uplift-evaluation` file, saying specifically what is wrong with a file that is not
    /// one: not JSON, a model file, a JSON file of another kind, a missing or mistyped field (exit 65).
    private func decodeUpliftEvaluation(_ bytes: [UInt8], path: String) throws -> [(title: String, evaluation: UpliftEvaluation)] {
        let expected = "--uplift-evaluation needs the JSON written by 'glassbox evaluate uplift --format json'"
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) } catch {
            throw CLIError(description: "\(path) is not valid JSON; \(expected)", status: .dataError)
        }
        guard let fields = object as? [String: Any] else {
            throw CLIError(description: "\(path) is JSON but not an object; \(expected)", status: .dataError)
        }
        if let kind = fields["kind"] as? String {
            throw CLIError(description: "\(path) is a '\(kind)' model file, not an uplift evaluation; \(expected)", status: .dataError)
        }
        do { return try ReportDocument.upliftEvaluations(fromJSON: bytes) } catch let error as DecodingError {
            throw CLIError(description: "\(path) is not an uplift evaluation (\(JSONProblems.describe(error))); \(expected)", status: .dataError)
        }
    }

    /// Renders the document in the chosen format and writes it to --out (atomically) or standard output.
    func write(_ document: ReportDocument, recipe: NotebookRecipe) throws {
        let text: String
        switch format {
        case .html: text = document.html()
        case .markdown: text = document.markdown()
        case .json: text = document.json()
        case .ipynb:
            // The notebook opens its inputs relative to its own folder (Jupyter's working directory), so it runs
            // after the folder is copied to another machine; written to standard output, paths stay as typed.
            var recipe = recipe
            if let tokens = input.missingTokens {
                recipe.missingTokens = tokens.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
            let cwd = FileManager.default.currentDirectoryPath
            (recipe.source, recipe.dataPath) = input.notebookSource(record: document.manifest.data?.database, notebook: output.out, cwd: cwd)
            for entry in document.manifest.inputs where entry.role != "data" {
                recipe.inputPaths[entry.path] = NotebookRecipe.relativePath(of: entry.path, fromFolderOf: output.out, cwd: cwd)
            }
            text = document.notebook(recipe)
        }
        try output.write(text, announce: true)
    }
}

/// What every kind of report starts from: the output checked, the data read, the manifest begun.
struct ReportContext {
    var table: Table
    var sha256: String
    var delimiter: String
    var manifest: Provenance
    /// The model file as an input of the report (empty without a model).
    var modelInput: [Provenance.Input]
    /// With `--sample`: the seeded sample ``table`` holds.
    var sample: ExplanationReport.RowSample?

    /// Reads the `needed` columns of the data (every column when nil).
    init(_ command: ReportCommand, needed: NeededColumns?) throws {
        let input = command.input
        try command.output.preflight(inputs: [input.data] + [command.model].compactMap { $0 } + command.upliftEvaluations)
        BLASLibrary.useSingleThreadedBLAS()
        try command.refuseWholeRead(needed: needed)
        let csv: CSVReadResult
        if command.sample != nil && command.model == nil {
            // A score column's report explains nothing: no sample is drawn (it would be a wasted pass over the file);
            // the audit streams every row and records the file's rows read and SHA-256 (``recordStreamedRead``).
            (csv, sample) = (try input.readHeaderForStreaming(), nil)
        } else {
            (csv, sample) = try input.read(sample: command.sample, seed: command.seed, progress: command.display.observer, needed: needed)
        }
        table = csv.table
        sha256 = csv.sha256
        delimiter = input.delimiter == "tab" ? "\t" : input.delimiter
        // With --sample the audit streams every row of the file: rows read are the file's, not the sample's.
        let rowsRead = sample?.of ?? table.rowCount
        manifest = Provenance(commandLine: Array(CommandLine.arguments.dropFirst()),
                                 data: .init(path: input.data, sha256: csv.sha256, rowsRead: rowsRead, rowsUsed: table.rowCount,
                                             rowsDropped: 0, missingByColumn: [:]),
                                 seed: command.seed, blas: BLASLibrary.path)
        input.record(csv, in: &manifest)
        modelInput = try command.model.map { [.init(role: "model", path: $0, contents: try FileCheck.readBytes($0))] } ?? []
    }

    /// Records the rows read and the SHA-256 of a streamed pass over every row of the file (the audit of a
    /// score column's report with `--sample`, which read only the header before).
    mutating func recordStreamedRead(rowsRead: Int, sha256: String) {
        self.sha256 = sha256
        manifest.data?.sha256 = sha256
        manifest.data?.rowsRead = rowsRead
    }
}

