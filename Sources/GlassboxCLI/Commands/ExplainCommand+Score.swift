import GlassboxCore
import GlassboxExplain
import GlassboxModels
import GlassboxTabular

extension ExplainCommand {
    /// Surrogate mode: explain an external score column with a linear model and a shallow tree.
    func explainScore(table: Table, manifest: Provenance, clock: inout Stopwatch) throws -> ExplanationReport {
        guard let score, let formula else { throw CLIError(description: "--score needs --formula") }
        let protectedColumns = list(protected)
        if !protectedColumns.isEmpty {
            // Checked before the surrogates are fitted, so a wrong column fails fast.
            for c in protectedColumns where !table.hasColumn(c) {
                throw CLIError(description: "protected column '\(c)' is not in the data; columns are: \(table.columnNames.joined(separator: ", "))")
            }
        }
        progress("fitting surrogates of '\(score)'")
        let surrogate = try Surrogate.fit(table: table, score: score, formula: formula,
                                          options: .init(holdout: holdout, seed: seed, maxDepth: depth, topFraction: topFraction))
        clock.lap("surrogate")
        let used = surrogate.trainRows + surrogate.holdoutRows
        var report = ExplanationReport(rowsUsed: used, rowsDropped: table.rowCount - used, manifest: manifest)
        report.surrogate = surrogate
        if !protectedColumns.isEmpty {
            progress("proxy models for \(protectedColumns.joined(separator: ", "))")
            report.proxies = try ProxyDetection.run(score: score, formula: formula, table: table, protected: protectedColumns,
                                                    options: .init(threshold: proxyAUC, holdout: holdout, seed: seed, repeats: repeats))
            clock.lap("proxies")
        }
        return report
    }
}
