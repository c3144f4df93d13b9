import Foundation
import GlassboxCore
import GlassboxExplain

/// Markdown rendering of an explanation (tables with plain-words headings).
extension ExplanationReport {
    /// Every data string (feature and level names, the data path, metric names) is escaped with
    /// `Escaping.markdown(_:)` (through `cell(_:)`).
    public func markdown() -> String {
        var out = "# Glassbox explanation\n\n"
        out += "Rows used: \(rowsUsed) (dropped for missing values: \(rowsDropped)). Glassbox \(Self.cell(manifest.glassboxVersion))"
        if let data = manifest.data { out += ", data \(Self.cell(data.path)) (SHA-256 \(Self.cell(String(data.sha256.prefix(16))))…)" }
        if let seed = manifest.seed { out += ", seed \(seed)" }
        out += ".\n\n"
        if let sample { out += "Every section is \(sample.statement).\n\n" }
        if let importance = permutationImportance, let metric, let baseline, let repeats {
            out += "## Permutation importance\n\n"
            let loss = metric == "logloss" || metric == "brier"
            out += "Metric: \(Self.cell(metric)) (baseline \(Self.number(baseline))), \(repeats) repeat(s). Importance is how much the "
            out += loss ? "loss rises" : "metric drops"
            out += " when the \((perTerm ?? false) ? "term" : "column") is shuffled; bigger means the score relies on it more.\n\n"
            out += "| Feature | Mean | Std |\n|---|---:|---:|\n"
            for f in importance { out += "| \(Self.cell(f.feature)) | \(Self.number(f.mean)) | \(Self.number(f.std)) |\n" }
            out += "\n"
        } else if let skipped = importanceSkipped {
            // Worded as the report's explanation section words it.
            out += "## Permutation importance\n\nNot computed: \(Self.cell(skipped)).\n\n"
        }
        if let shap {
            out += "## SHAP (exact, linear predictor scale)\n\nBase value E[η] = \(Self.number(shap.expectedValue)).\n\n"
            out += "| Feature | Mean \\|φ\\| |\n|---|---:|\n"
            for f in shap.features { out += "| \(Self.cell(f.feature)) | \(Self.number(f.meanAbs)) |\n" }
            out += "\n"
        }
        for pd in partialDependence ?? [] {
            out += "## Partial dependence: \(Self.cell(pd.feature))\n\n| Value | Average score |\n|---|---:|\n"
            let labels = pd.levels ?? (pd.grid ?? []).map(Self.number)
            for (label, value) in zip(labels, pd.average) { out += "| \(Self.cell(label)) | \(Self.number(value)) |\n" }
            out += "\n"
        }
        out += markdownExtraSections()
        return out
    }

    /// An explanation's number: ``ReportNumber/explanation(_:)``.
    static func number(_ x: Double) -> String { ReportNumber.explanation(x) }

    /// A data string as Markdown text: `Escaping.markdown(_:)`.
    static func cell(_ text: String) -> String { Escaping.markdown(text) }
}
