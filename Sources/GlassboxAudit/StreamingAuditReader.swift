import GlassboxCore
import GlassboxModels
import GlassboxTabular

/// Reads the rows of a bias audit from a CSV file larger than memory, chunk by chunk (docs/scale.md,
/// "Audits"): each chunk of whole records is parsed with only the audit's columns, scored by the model
/// (if any), reduced to its complete rows' score, outcome, weight and group codes (an ``AuditPartial``
/// of the chunk), and appended in file order (``AuditRowAccumulator``). The text of the file and its
/// other columns are never held; the result is the ``AuditData`` a whole-file read gives, so
/// ``BiasAudit/run(_:configuration:progress:)`` on it writes the in-memory audit byte for byte.
package struct StreamingAuditReader: Sendable {
    /// The CSV file (a regular file).
    package var path: String
    /// How to parse it; ``CSVOptions/columns`` is ignored (``columns`` is used).
    package var options: CSVOptions
    /// The approximate size of a read chunk in bytes.
    package var chunkBytes: Int
    /// The columns to parse: score, outcome, weights, groups and the model's inputs.
    package var columns: Set<String>

    /// A reader of `path`; see the properties.
    package init(path: String, options: CSVOptions, chunkBytes: Int, columns: Set<String>) {
        self.path = path
        self.options = options
        self.chunkBytes = chunkBytes
        self.columns = columns
    }

    /// The audit rows of the whole file, and the file's SHA-256 and size.
    /// - Parameters:
    ///   - model: scores each chunk (``ScoringModel/scores(on:)``); nil reads `scoreColumn`.
    ///   - progress: hears the bytes read.
    /// - Throws: ``AuditError`` as ``AuditData/from(table:scores:scoreColumn:outcome:groups:weights:)``;
    ///   ``ModelError`` when a column reads as numbers in one chunk and as text in another (read the file
    ///   whole instead); the reader's and the model's errors.
    package func auditData(model: (any ScoringModel)?, scoreColumn: String?, outcome: AuditOutcome, groups: [String],
                           weights: String?, progress: ProgressObserver? = nil) throws -> (data: AuditData, sha256: String, byteCount: Int) {
        var projected = options
        projected.columns = columns
        var kinds = ColumnKinds(streamed: "a streamed audit")
        var rows: AuditRowAccumulator?
        func add(_ table: Table) throws {
            try kinds.check(table)
            let scores = try model.map { try $0.scores(on: table).values }
            let part = try table.auditPartial(scores: scores, scoreColumn: scoreColumn, outcome: outcome, groups: groups, weights: weights)
            if rows == nil { rows = AuditRowAccumulator(shapedLike: part) }
            rows!.append(part)
        }
        let counter = progress?.start("reading \(path)", total: CSVChunkReader.fileSize(path), unit: "bytes")
        var (sha256, byteCount) = try CSVChunkReader.forEachChunk(path: path, options: projected, chunkBytes: chunkBytes) { table, bytes in
            try add(table)
            counter?.advance(by: bytes, rows: table.rowCount)
        }
        counter?.finish()
        if rows == nil {
            // A header and no records: read whole as one empty chunk, so the errors are the whole file's.
            let read = try CSVReader.read(path: path, options: projected)
            try add(read.table)
            (sha256, byteCount) = (read.sha256, read.byteCount)
        }
        return (try rows!.data(), sha256, byteCount)
    }
}
