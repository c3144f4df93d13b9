import GlassboxAudit
import GlassboxCore
import GlassboxModels
import GlassboxTabular

extension AuditCommand {
    /// The bias audit of a CSV larger than the memory budget, read in chunks of the audit's columns
    /// (``StreamingAuditReader``, docs/scale.md "Audits"); false (nothing done) when the file is read whole.
    /// Same output bytes and messages as the in-memory path.
    func auditStreamed(model: (any ScoringModel)?, columns needed: Set<String>, clock: inout Stopwatch) throws -> Bool {
        guard let chunkBytes = try streaming.chunkBytes(for: input, columns: needed.count, designCache: false) else { return false }
        let options = try input.csvOptions()
        try FileCheck.requireReadableFile(input.data)
        // A column the file lacks is reported by the whole-file path, with its message.
        guard needed.isSubset(of: try CSVReader.headerNames(path: input.data, options: options)) else { return false }
        let reader = StreamingAuditReader(path: input.data, options: options, chunkBytes: chunkBytes, columns: needed)
        let (report, sha256, byteCount) = try reader.biasAudit(model: model, scoreColumn: score, outcome: .column(outcome), groups: group,
                                                                weights: weights, configuration: biasAuditConfiguration,
                                                                progress: display.observer, readFinished: { clock.lap("read") })
        clock.lap("audit")
        try write(report, read: CSVReadResult(table: Table(), warnings: [], sha256: sha256, byteCount: byteCount), clock: &clock)
        return true
    }
}

/// `audit --memory`: the help text.
enum AuditMemoryHelp: MemoryOptionHelp {
    static let text = "Memory budget, e.g. 4GiB, 512MiB or bytes (default: half the available memory). A bias audit of a CSV file that would not fit is streamed in chunks of the audit's columns, its rows kept in a temporary projection cache in $TMPDIR (9 to 17 bytes per row plus 4 per group column; refused when $TMPDIR has less free space), and AUC and calibration swept from a second, window-ordered copy (25 to 33 bytes per row plus 4 per group column); the output is the same to the byte. A targeting audit, or a bias audit with --where or --derive, reads the file whole and is refused when it would not fit a budget given here."
}
