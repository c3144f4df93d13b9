import GlassboxCore
import GlassboxExplain
import GlassboxModels
import GlassboxTabular

extension ExplainCommand {
    /// Surrogate mode: explain an external score column with a linear model and a shallow tree.
    func explainScore(table: Table, manifest: Provenance, clock: inout Stopwatch) throws -> ExplanationReport {
        guard let score, let formula else { throw CLIError(description: "--score needs --formula") }
        let protectedColumns = list(protected)
        // Checked before the surrogates are fitted, so a wrong column fails fast.
        try ExplanationReport.checkProtected(protectedColumns, features: [], table: table)
        progress("fitting surrogates of '\(score)'")
        let options = ExplanationOptions(seed: seed, protected: protectedColumns, proxyThreshold: proxyAUC, holdout: holdout, proxyRepeats: repeats,
                                         maxDepth: depth, topFraction: topFraction)
        let surrogate = try SurrogateReport.fit(table: table, score: score, formula: formula, options: options)
        clock.lap("surrogate")
        let used = surrogate.trainRows + surrogate.holdoutRows
        var report = ExplanationReport(rowsUsed: used, rowsDropped: table.rowCount - used, manifest: manifest)
        report.surrogate = surrogate
        if !protectedColumns.isEmpty {
            progress("proxy models for \(protectedColumns.joined(separator: ", "))")
            report.proxies = try ProxyReport.detect(score: score, formula: formula, table: table, options: options)
            clock.lap("proxies")
        }
        return report
    }
}
