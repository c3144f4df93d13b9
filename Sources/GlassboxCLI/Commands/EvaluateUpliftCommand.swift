import ArgumentParser
import Foundation
import GlassboxCore
import GlassboxExplain
import GlassboxLinearAlgebra
import GlassboxMetrics
import GlassboxModels
import GlassboxTabular

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
    @Option(help: "Write to this file instead of standard output.")
    var out: String?
    @Flag(help: "Replace --out if it exists.")
    var force = false
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

    /// One evaluated treatment arm.
    struct Arm: Encodable {
        var treated: String
        var control: String
        var evaluation: UpliftEvaluation
        /// Present with --importance: `{"metric": "qini", "repeats", "baseline", "permutationImportance": [{"feature", "mean", "std", "values"}]}`.
        var importance: ImportanceSummary?
    }

    struct Report: Encodable {
        var source: String
        var outcome: String
        var treatment: String
        var rowsUsed: Int
        var rowsDropped: Int
        var arms: [Arm]
        var manifest: ModelManifest
    }

    func run() throws {
        try runReportingErrors {
            if let out { try preflightOutput(out, force: force, inputs: [input.data] + [model].compactMap { $0 }) }
            BLASLibrary.useSingleThreadedBLAS()
            let file = try model.map(loadUpliftModel)
            let csv = try input.read(progress: display.observer)
            let spec = UpliftTreatment(column: treatment ?? file!.treatment.column,
                                       treated: treated.map(commaList) ?? file!.treatment.treated,
                                       control: control ?? file!.treatment.control)
            let rows = try UpliftRows(csv.table, treatment: spec)

            let inputs = try file.map { try UpliftEvaluationInputs(file: $0, treatment: spec, rows: rows, outcome: outcome) }
                ?? UpliftEvaluationInputs(uplift: uplift!, treatment: spec, rows: rows, outcome: outcome)
            let (outcomeName, y, scores) = (inputs.outcomeName, inputs.outcomes, inputs.scores)

            var arms = [Arm]()
            var used = Set<Int>()
            for (a, name) in spec.treated.enumerated() {
                let (keep, t) = try inputs.arm(a, name: name, rows: rows)
                used.formUnion(keep)
                do {
                    let evaluation = try UpliftEvaluation(outcomes: keep.map { y[$0] }, uplift: keep.map { scores[a][$0] }, treatment: t,
                                                          ks: shares, bins: bins, bootstrap: bootstrap, seed: seed, progress: display.observer)
                    var explained: ImportanceSummary?
                    if importance, let file {
                        explained = try PermutationImportance.uplift(
                            file, treated: name, table: try selectingRows(rows.table, keep),
                            outcomes: keep.map { y[$0] }, treatment: t, repeats: repeats, seed: seed,
                            progress: display.observer)
                    }
                    arms.append(Arm(treated: name, control: spec.control, evaluation: evaluation, importance: explained))
                } catch let error as UpliftMetricsError {
                    throw CLIError(description: "'\(name)': \(error.description)")
                }
            }
            let manifest = ModelManifest(
                commandLine: Array(CommandLine.arguments.dropFirst()),
                data: .init(path: input.data, sha256: csv.sha256, rowsRead: csv.table.rowCount, rowsUsed: used.count,
                            rowsDropped: rows.table.rowCount - used.count, missingByColumn: [:]),
                seed: bootstrap > 0 ? seed : nil, blas: BLASLibrary.path)
            let report = Report(source: model ?? "column '\(uplift!)'", outcome: outcomeName, treatment: spec.column, rowsUsed: used.count,
                                rowsDropped: rows.table.rowCount - used.count, arms: arms, manifest: manifest)
            let bytes: [UInt8]
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
                bytes = Array(try encoder.encode(report)) + [10]
            case .markdown:
                bytes = Array(Self.markdown(report).utf8)
            }
            if let out {
                try AtomicFile.write(bytes, to: out, force: force)
                printError("wrote \(out)")
            } else {
                try writeOutput(bytes)
            }
        }
    }

    /// Markdown; every data string (score source, columns, arm values, features) through ``Escaping/markdown(_:)``.
    static func markdown(_ r: Report) -> String {
        let e = Escaping.markdown
        func f(_ x: Double?, _ digits: Int = 4) -> String {
            guard let x, x.isFinite else { return "–" }
            return String(format: "%.\(digits)f", x)
        }
        var s = "# Uplift evaluation\n\nScores: \(e(r.source)). Outcome: \(e(r.outcome)). Treatment column: \(e(r.treatment)). "
        s += "Rows used: \(r.rowsUsed) (\(r.rowsDropped) without a score or outcome).\n"
        for arm in r.arms {
            let ev = arm.evaluation, ate = ev.averageEffect
            s += "\n## \(e(arm.treated)) vs \(e(arm.control))\n\n"
            s += "| measure | value | 95 % interval |\n|---|---|---|\n"
            s += "| average effect (difference in means, Neyman) | \(f(ate.estimate)) | [\(f(ate.ciLower)), \(f(ate.ciUpper))] |\n"
            s += "| response rate, treated (n = \(ate.nTreated)) | \(f(ate.treatedRate)) | |\n"
            s += "| response rate, control (n = \(ate.nControl)) | \(f(ate.controlRate)) | |\n"
            let qi = ev.qiniAucInterval.map { "[\(f($0.ciLower)), \(f($0.ciUpper))] (bootstrap, \($0.replicates))" } ?? ""
            let ui = ev.upliftAucInterval.map { "[\(f($0.ciLower)), \(f($0.ciUpper))] (bootstrap, \($0.replicates))" } ?? ""
            s += "| qiniAuc | \(f(ev.qiniAuc)) | \(qi) |\n| upliftAuc | \(f(ev.upliftAuc)) | \(ui) |\n"
            for a in ev.upliftAtK { s += "| uplift@\(f(a.k, 2)) (\(a.strategy.rawValue)) | \(f(a.value)) | |\n" }
            if let imp = arm.importance {
                s += "\nPermutation importance (Qini drop, \(imp.repeats) shuffles; baseline \(f(imp.baseline))):\n\n| column | mean | std |\n|---|---|---|\n"
                for feature in imp.permutationImportance { s += "| \(e(feature.feature)) | \(f(feature.mean)) | \(f(feature.std)) |\n" }
            }
            s += "\n| percentile | n treated | n control | rate treated | rate control | uplift | std |\n|---|---|---|---|---|---|---|\n"
            for b in ev.byPercentile {
                s += "| \(b.percentile) | \(b.nTreatment) | \(b.nControl) | \(f(b.responseRateTreatment)) | \(f(b.responseRateControl)) | \(f(b.uplift)) | \(f(b.stdUplift)) |\n"
            }
        }
        return s
    }
}
