import Foundation
import GlassboxCore
import GlassboxExplain
import GlassboxMetrics
import GlassboxModels

/// The document `glassbox evaluate uplift` writes: the evaluation of one score source (a model file or
/// a column) per treatment arm, optionally with each arm's permutation importance, and a manifest.
/// Rendered as JSON (``json()``) or Markdown (``markdown()``).
public struct UpliftEvaluationReport: Sendable, Encodable {
    /// One evaluated treatment arm.
    package struct Arm: Sendable, Encodable {
        /// The treated value.
        package var treated: String
        /// The control value.
        package var control: String
        /// The arm's uplift metrics.
        package var evaluation: UpliftEvaluation
        /// The permutation importance of the model's input columns with the Qini coefficient as metric,
        /// when computed: `{"metric": "qini", "repeats", "baseline", "permutationImportance": [{"feature", "mean", "std", "values"}]}`.
        package var importance: PermutationImportanceResult?

        /// An arm, with its permutation importance when computed.
        package init(treated: String, control: String, evaluation: UpliftEvaluation, importance: PermutationImportanceResult? = nil) {
            self.treated = treated
            self.control = control
            self.evaluation = evaluation
            self.importance = importance
        }
    }

    /// Where the scores came from: the model file's path, or `column 'NAME'`.
    public var source: String
    /// The outcome column.
    public var outcome: String
    /// The treatment column.
    public var treatment: String
    /// Rows evaluated in at least one arm.
    public var rowsUsed: Int
    /// Experiment rows without a score or an outcome.
    public var rowsDropped: Int
    /// One entry per evaluated treated value.
    package var arms: [Arm]
    /// Provenance: command line, data digest, rows, seed, BLAS.
    public var manifest: Provenance

    /// The report of `evaluation`, with `importance[k]` (when given) attached to arm k.
    public init(source: String, evaluation: UpliftModelEvaluation,
                importance: [PermutationImportanceResult?] = [], manifest: Provenance) {
        self.source = source
        outcome = evaluation.outcome
        treatment = evaluation.treatment.column
        rowsUsed = evaluation.rowsUsed
        rowsDropped = evaluation.rowsDropped
        arms = evaluation.arms.enumerated().map { k, arm in
            Arm(treated: arm.treated, control: arm.control, evaluation: arm.evaluation, importance: k < importance.count ? importance[k] : nil)
        }
        self.manifest = manifest
    }

    /// Pretty-printed JSON with sorted keys, non-finite numbers as strings (`"NaN"`, `"Infinity"`), and a final newline.
    public func json() throws -> [UInt8] {
        try JSONFormat.encode(self, nonFinite: .asStrings)
    }

    /// Markdown: per arm a table of the average effect, Qini AUC, uplift AUC and uplift@k, the
    /// importance when present, and the by-percentile table; every data string (score source, columns,
    /// arm values, features) through `Escaping.markdown(_:)`.
    public func markdown() -> String {
        let e = Escaping.markdown
        func f(_ x: Double?, _ digits: Int = 4) -> String {
            guard let x, x.isFinite else { return "–" }
            return String(format: "%.\(digits)f", x)
        }
        var s = "# Uplift evaluation\n\nScores: \(e(source)). Outcome: \(e(outcome)). Treatment column: \(e(treatment)). "
        s += "Rows used: \(rowsUsed) (\(rowsDropped) without a score or outcome).\n"
        for arm in arms {
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
