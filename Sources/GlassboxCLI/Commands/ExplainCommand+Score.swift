import Explain
import Models
import Tabular

extension ExplainCommand {
    /// Surrogate mode: explain an external score column.
    func explainScore(table: Table, manifest: ModelManifest, clock: inout Stopwatch) throws -> ExplanationReport {
        throw CLIError(description: "surrogates of an external score (--score) are not available yet")
    }

    func addProxies(_ report: inout ExplanationReport, scorer: any Scorer, data: ExplainData, table: Table, protectedColumns: [String]) throws {
        if !protectedColumns.isEmpty { throw CLIError(description: "--protected is not available yet") }
    }
}
