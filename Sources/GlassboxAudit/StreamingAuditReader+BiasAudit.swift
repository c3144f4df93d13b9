import GlassboxCore
import GlassboxModels

extension StreamingAuditReader {
    /// The bias audit of every row of the file: ``auditData(model:scoreColumn:outcome:groups:weights:progress:)``
    /// then ``BiasAudit/run(_:configuration:progress:)`` with `configuration`, so the report is the in-memory
    /// audit's byte for byte; `readFinished` is called between the read and the audit (for timings).
    /// - Throws: the errors of both.
    package func biasAudit(model: (any ScoringModel)?, scoreColumn: String?, outcome: AuditOutcome, groups: [String], weights: String?,
                           configuration: AuditConfiguration, progress: ProgressObserver? = nil,
                           readFinished: () -> Void = {}) throws -> (report: AuditReport, sha256: String, byteCount: Int) {
        let read = try auditData(model: model, scoreColumn: scoreColumn, outcome: outcome, groups: groups, weights: weights, progress: progress)
        readFinished()
        return (try BiasAudit.run(read.data.loaded(), configuration: configuration, progress: progress), read.sha256, read.byteCount)
    }
}
