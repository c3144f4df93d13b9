import ArgumentParser
import Audit
import Foundation
import Explain
import GlassboxCore
import LinearAlgebra
import Metrics
import Models
import Report
import Tabular

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case html, markdown, json, ipynb
}

/// `glassbox report`: one document combining a model's inspection, its explanation and its audits.
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
        """
    )

    @Argument(help: "Model file written by 'glassbox train logistic' (omit with --score).")
    var model: String?
    @OptionGroup var input: DataOptions
    @OptionGroup var display: ProgressOptions
    @Option(help: "Audit this numeric score column instead of a model's scores.")
    var score: String?
    @Option(help: "Binary (0/1) outcome column for the audit (default: the model's outcome).")
    var outcome: String?
    @Option(help: "Group attribute to audit by (repeatable).")
    var group: [String] = []
    @Flag(help: "Also audit every combination of the group attributes.")
    var intersect = false
    @Option(help: "Reference group as COL=VALUE (repeatable; default: each attribute's largest group).")
    var reference: [String] = []
    @Option(help: "Positive when score >= T (default 0.5).")
    var threshold: Double?
    @Option(help: "Select the highest-scoring fraction F of rows instead of a threshold.")
    var top: Double?
    @Option(help: "Bootstrap replicates for the disparity intervals.")
    var bootstrap = 1000
    @Option(help: "Random seed (permutations, ICE rows, bootstrap, holdout split).")
    var seed: UInt64 = 1
    @Option(help: "Suppress groups with fewer rows.")
    var minGroupSize = 10
    @Option(help: "Permutation-importance metric: auc, logloss, brier or accuracy.")
    var metric: String = "auc"
    @Option(help: "Permutations per feature.")
    var repeats = 5
    @Option(help: "Comma-separated columns for partial dependence.")
    var pd: String?
    @Option(help: "ICE curves (seeded sample of rows) drawn with each partial dependence.")
    var ice = 20
    @Option(help: "Comma-separated protected attributes to test for proxies.")
    var protected: String?
    @Option(name: .customLong("uplift-evaluation"), help: "JSON written by 'glassbox evaluate uplift' to include (repeatable).")
    var upliftEvaluations: [String] = []
    @Option(help: "Report title.")
    var title: String?
    @Option(help: "Output format: html, markdown, json or ipynb (a notebook that re-checks the numbers in Python).")
    var format: ReportFormat = .html
    @Option(help: "Write to this file (atomically) instead of standard output.")
    var out: String?
    @Flag(help: "Replace --out if it exists.")
    var force = false

    func validate() throws {
        if model != nil && score != nil { throw ValidationError("give a model file or --score COL, not both") }
        if model == nil && score == nil && upliftEvaluations.isEmpty { throw ValidationError("give a model file, --score COL or --uplift-evaluation FILE") }
        if score != nil && (outcome == nil || group.isEmpty) { throw ValidationError("--score needs --outcome COL and at least one --group COL") }
        if threshold != nil && top != nil { throw ValidationError("--threshold and --top cannot be combined") }
        if let top, !(top >= 0 && top <= 1) { throw ValidationError("--top must be a fraction in [0, 1], got \(top)") }
        if bootstrap < 0 || minGroupSize < 0 || ice < 0 { throw ValidationError("--bootstrap, --min-group-size and --ice must not be negative") }
        for r in reference where !r.contains("=") { throw ValidationError("--reference must be COL=VALUE, got '\(r)'") }
        if repeats < 1 { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
        if ImportanceMetric(rawValue: metric.lowercased()) == nil {
            throw ValidationError("unknown metric '\(metric)'; choose one of: \(ImportanceMetric.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        try runReportingErrors { try report() }
    }

    private func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private func report() throws {
        if let out { try preflightOutput(out, force: force, inputs: [input.data] + [model].compactMap { $0 }) }
        BLASLibrary.useSingleThreadedBLAS()
        let csv = try input.read()
        let table = csv.table
        var manifest = ModelManifest(commandLine: Array(CommandLine.arguments.dropFirst()),
                                     data: .init(path: input.data, sha256: csv.sha256, rowsRead: table.rowCount, rowsUsed: table.rowCount,
                                                 rowsDropped: 0, missingByColumn: [:]),
                                     seed: seed, blas: BLASLibrary.path)
        var extraInputs = [ReportManifest.Input]()
        var inspection: LogisticInspection?
        var explanation: ExplanationReport?
        var scores: [Double]?
        if let model {
            let file = try loadLogisticModel(model)
            extraInputs.append(.init(role: "model", path: model, sha256: SHA256.hexDigest(of: try readFileBytes(model))))
            inspection = LogisticInspection(file)
            let settings = ModelExplanationSettings(metric: ImportanceMetric(rawValue: metric.lowercased()) ?? .auc, repeats: repeats, seed: seed,
                                                    pd: list(pd), ice: ice, protected: list(protected), progress: display.observer)
            let e = try explainLogisticModel(file, table: table, manifest: manifest, settings: settings)
            explanation = e
            manifest.data?.rowsUsed = e.rowsUsed
            manifest.data?.rowsDropped = e.rowsDropped
            if !group.isEmpty { scores = try logisticScores(file, table: table) }
        }
        var audits = [AuditReport]()
        var decision: DecisionRule?
        var outcomeUsed: String?
        if !group.isEmpty {
            guard let outcomeColumn = outcome ?? inspection?.outcome, table.hasColumn(outcomeColumn) else {
                throw CLIError(description: "the audit needs a 0/1 outcome column: pass --outcome COL (the model's outcome '\(inspection?.outcome ?? "?")' is not a column of the data)")
            }
            let data = try AuditData.from(table: table, scores: scores, scoreColumn: score, outcome: outcomeColumn, groups: group)
            var config = AuditConfiguration()
            if let top { config.decision = .top(top) } else { config.decision = .threshold(threshold ?? 0.5) }
            config.bootstrap = bootstrap
            config.seed = seed
            config.minGroupSize = minGroupSize
            config.intersect = intersect
            for r in reference {
                let parts = r.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                config.references[String(parts[0])] = String(parts[1])
            }
            audits.append(try BiasAudit.run(data, configuration: config, progress: display.observer))
            decision = config.decision
            outcomeUsed = outcomeColumn
            if model == nil {
                manifest.data?.rowsUsed = data.rowsUsed
                manifest.data?.rowsDropped = data.rowsDropped
            }
            for warning in audits[0].warnings { printError("warning: " + warning) }
        }
        var uplifts = [(title: String, evaluation: UpliftEvaluation)]()
        for path in upliftEvaluations {
            try FileCheck.requireReadableFile(path)
            let bytes = try readFileBytes(path)
            extraInputs.append(.init(role: "uplift evaluation", path: path, sha256: SHA256.hexDigest(of: bytes)))
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
            let file: UpliftEvaluationFile
            do { file = try decoder.decode(UpliftEvaluationFile.self, from: Data(bytes)) } catch {
                throw CLIError(description: "\(path) is not a 'glassbox evaluate uplift --format json' file: \(error)", status: .dataError)
            }
            for arm in file.arms {
                uplifts.append(("Persuasion: \(arm.treated) vs \(arm.control) on \(file.outcome) (scores: \(file.source))", arm.evaluation))
            }
        }
        let name = inspection.map { "Report on the model of \($0.outcome ?? "a score")" } ?? (score.map { "Audit of the score \($0)" } ?? "Persuasion report")
        let document = ReportDocument.combined(title: title ?? name, subtitle: inspection.map { "Formula: \($0.formula)" },
                                               inspection: inspection, explanation: explanation, audits: audits, uplifts: uplifts,
                                               minGroupSize: minGroupSize, manifest: ReportManifest(manifest, extraInputs: extraInputs))
        let text: String
        switch format {
        case .html: text = document.html()
        case .markdown: text = document.markdown()
        case .json: text = document.json()
        case .ipynb:
            text = document.notebook(NotebookRecipe(dataPath: input.data, sha256: csv.sha256, delimiter: input.delimiter == "tab" ? "\t" : input.delimiter,
                                                    formula: inspection?.formula, scoreColumn: score, outcome: outcomeUsed, groups: group,
                                                    decision: decision))
        }
        if let out {
            try AtomicFile.write(text, to: out, force: force)
            printError("wrote \(out)")
        } else {
            print(text, terminator: "")
        }
    }
}

/// The parts of `glassbox evaluate uplift --format json` a report uses.
struct UpliftEvaluationFile: Decodable {
    struct Arm: Decodable {
        var treated: String
        var control: String
        var evaluation: UpliftEvaluation
    }
    var source: String
    var outcome: String
    var arms: [Arm]
}
