import GlassboxCore
import GlassboxModels
import GlassboxTabular

/// Reads the rows of a bias audit from a CSV file larger than memory, chunk by chunk (docs/scale.md,
/// "Audits"): each chunk of whole records is parsed with only the audit's columns, scored by the model
/// (if any), reduced to its complete rows' score, outcome, weight and group codes (an ``AuditPartial``
/// of the chunk), and appended in file order to a ``ProjectionCache`` in ``temporaryDirectory``
/// (``AuditRowAccumulator``, ``ProjectionCacheWriter``). The text of the file, its other columns and the
/// rows already read are never held; the result is a ``ProjectedAuditData`` whose ``ProjectedAuditData/loaded()``
/// is the ``AuditData`` a whole-file read gives, so ``BiasAudit/run(_:configuration:progress:)`` on it writes the
/// in-memory audit byte for byte.
package struct StreamingAuditReader: Sendable {
    /// The CSV file (a regular file).
    package var path: String
    /// How to parse it; ``CSVOptions/columns`` is ignored (``columns`` is used).
    package var options: CSVOptions
    /// The approximate size of a read chunk in bytes.
    package var chunkBytes: Int
    /// The columns to parse: score, outcome, weights, groups and the model's inputs.
    package var columns: Set<String>
    /// Where the projection cache goes (default `$TMPDIR`, or /tmp) and how much room it has.
    package var temporaryDirectory: TemporaryDirectory
    /// Rows per group of the projection cache (tests use small groups to cross many group boundaries).
    var cacheGroupRows = ProjectionCache.defaultGroupRows

    /// A reader of `path`; see the properties.
    package init(path: String, options: CSVOptions, chunkBytes: Int, columns: Set<String>, temporaryDirectory: TemporaryDirectory = .current) {
        self.path = path
        self.options = options
        self.chunkBytes = chunkBytes
        self.columns = columns
        self.temporaryDirectory = temporaryDirectory
    }

    /// The audit rows of the whole file in a projection cache, and the file's SHA-256 and size.
    ///
    /// Before the cache is created, the free space of ``temporaryDirectory`` is checked against the cache's
    /// estimate: the rows of the file extrapolated from the first read chunk (file size × records in the
    /// chunk / the chunk's bytes) × ``ProjectionCache/bytesPerRow(attributes:weighted:)``; a disk that fills
    /// up all the same while the cache is written is the same error. The cache has no name from its
    /// creation on: an error, the end of the process or a signal leaves nothing behind.
    ///
    /// An attribute's labels are checked against ``GroupAttribute/maximumLabels`` as each chunk's join the union
    /// of the chunks before it (``AuditRowAccumulator``): the read stops at the chunk where the union crosses the
    /// cap, and the count the error names is that union's size, which may be less than the whole file's.
    /// - Parameters:
    ///   - model: scores each chunk (``ScoringModel/scores(on:)``); nil reads `scoreColumn`.
    ///   - progress: hears the bytes read.
    /// - Throws: ``AuditError`` as ``AuditData/from(table:scores:scoreColumn:outcome:groups:weights:)``;
    ///   ``AuditError/tooManyLabels(attribute:count:limit:)`` at the chunk where an attribute's labels so far
    ///   number more than ``GroupAttribute/maximumLabels``;
    ///   ``ModelError`` when a column reads as numbers in one chunk and as text in another (read the file
    ///   whole instead); ``GlassboxCoreError/temporarySpace(directory:purpose:needed:available:)`` when the
    ///   cache does not fit; the reader's and the model's errors.
    package func auditData(model: (any ScoringModel)?, scoreColumn: String?, outcome: AuditOutcome, groups: [String],
                           weights: String?, progress: ProgressObserver? = nil) throws -> (data: ProjectedAuditData, sha256: String, byteCount: Int) {
        var projected = options
        projected.columns = columns
        var kinds = ColumnKinds(streamed: "a streamed audit")
        var rows: AuditRowAccumulator<ProjectionCacheWriter>?
        let fileSize = CSVChunkReader.fileSize(path)
        func add(_ table: Table, bytes: Int) throws {
            try kinds.check(table)
            let scores = try model.map { try $0.scores(on: table).values }
            let part = try table.uncappedAuditPartial(scores: scores, scoreColumn: scoreColumn, outcome: outcome, groups: groups, weights: weights)
            if rows == nil {
                // The free space is checked, and the cache created, when the first complete row is written.
                let perRow = ProjectionCache.bytesPerRow(attributes: part.attributes.count, weighted: part.weights != nil)
                let estimatedRows = Self.estimatedRows(fileSize: fileSize ?? 0, chunkRecords: table.rowCount, chunkBytes: bytes)
                let directory = temporaryDirectory
                let cache = ProjectionCacheWriter(attributes: part.attributes.count, weighted: part.weights != nil, groupRows: cacheGroupRows) {
                    let (bytes, overflow) = UInt64(estimatedRows).multipliedReportingOverflow(by: UInt64(perRow))
                    try directory.require(overflow ? .max : bytes,
                                          for: "\(ProjectionCacheWriter.purpose) (about \(estimatedRows) rows × \(perRow) bytes)")
                    return try TemporaryCacheFile(in: directory, purpose: ProjectionCacheWriter.purpose)
                }
                rows = AuditRowAccumulator(shapedLike: part, store: cache)
            }
            try rows!.append(part)
        }
        let counter = progress?.start("reading \(path)", total: fileSize, unit: "bytes")
        var (sha256, byteCount) = try CSVChunkReader.forEachChunk(path: path, options: projected, chunkBytes: chunkBytes) { table, bytes in
            try add(table, bytes: bytes)
            counter?.advance(by: bytes, rows: table.rowCount)
        }
        counter?.finish()
        if rows == nil {
            // A header and no records: read whole as one empty chunk, so the errors are the whole file's.
            let read = try CSVReader.read(path: path, options: projected)
            try add(read.table, bytes: 0)
            (sha256, byteCount) = (read.sha256, read.byteCount)
        }
        var data = try rows!.data()
        // A window of the rank statistics holds about 96 bytes per row (its columns, their arranged copies and the
        // radix sort's buffers): one read chunk's worth of memory.
        data.rankWindows = (max(1, chunkBytes / Self.windowBytesPerRow), temporaryDirectory)
        return (data, sha256, byteCount)
    }

    /// Bytes of memory per row of a rank-statistics window, counted from what a window's feed holds at once (the
    /// design's first guess, docs/design/bounded-audit.md §2, was 48).
    static let windowBytesPerRow = 96

    /// The rows of a file of `fileSize` bytes extrapolated from its first read chunk (`chunkRecords` records in
    /// `chunkBytes` bytes), rounded up and at least the chunk's records.
    static func estimatedRows(fileSize: Int, chunkRecords: Int, chunkBytes: Int) -> Int {
        guard chunkBytes > 0 else { return chunkRecords }
        return max(chunkRecords, Int((Double(fileSize) * Double(chunkRecords) / Double(chunkBytes)).rounded(.up)))
    }
}
