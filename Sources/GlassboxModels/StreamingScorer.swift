import GlassboxCore
import GlassboxTabular

/// Scores a CSV file larger than memory, chunk by chunk, writing the scored CSV as it goes
/// (docs/scale.md, "Scoring"). Each chunk is a run of whole records parsed as a whole-file read parses
/// them, derived and filtered per row, and scored by the model with the model's own levels, so the output
/// bytes are those of scoring the whole table and rendering it with ``GlassboxTabular/Table/csvBytes(columns:delimiter:)``,
/// for any chunk size.
///
/// Output columns: the `copiedColumns` (first occurrence of each name), then the model's score columns
/// (``UpliftModelFile/scoreTable(on:)``, ``LookalikeModelFile/scoreTable(on:dataSHA256:size:onWarning:)``,
/// or `score` = ``ScoringModel/scores(on:)`` for any other model). A lookalike model's ranks and audience
/// are over all rows, so it is scored in two passes and holds three doubles per row in memory.
public struct StreamingScorer: Sendable {
    /// The CSV file to score (a regular file: lookalike models read it twice).
    public var path: String
    /// How to parse it; ``CSVOptions/columns`` is ignored (``columns`` is used).
    public var options: CSVOptions
    /// The approximate size of a read chunk in bytes.
    public var chunkBytes: Int
    /// The columns to parse: the model's inputs, the copied columns and the columns the expressions read.
    public var columns: Set<String>
    /// Columns copied to the output before the scores.
    public var copiedColumns: [String]
    /// Derived columns (`NAME = EXPR`), computed per chunk before the filters (``GlassboxTabular/Table/prepared(deriving:where:)``).
    public var derivations: [String]
    /// Row filters, all of which must hold.
    public var filters: [String]

    /// What a streamed scoring run did, summed over chunks.
    public struct Summary: Sendable, Equatable {
        /// Rows written (after filters).
        public var rowCount = 0
        /// Rows written with an empty score (a model input missing).
        public var unscoredRowCount = 0
        /// The filters' summary (nil without filters).
        public var filterSummary: FilterSummary?
        /// Lookalike models with an audience size: rows in the audience.
        public var audienceCount: Int?
        /// The SHA-256 of the input file's bytes.
        public var sha256 = ""
        /// The input file's size in bytes.
        public var byteCount = 0
    }

    /// A scorer of the CSV file at `path`; see the properties.
    public init(path: String, options: CSVOptions, chunkBytes: Int, columns: Set<String>, copiedColumns: [String],
                derivations: [String] = [], filters: [String] = []) {
        self.path = path
        self.options = options
        self.chunkBytes = chunkBytes
        self.columns = columns
        self.copiedColumns = copiedColumns
        self.derivations = derivations
        self.filters = filters
    }

    /// Scores the file with `model` and hands the output CSV (header first) to `write` in pieces, in order.
    /// - Parameters:
    ///   - size: lookalike models only: the audience share in (0, 1].
    ///   - progress: hears the bytes read per pass.
    /// - Throws: ``ModelError`` when a column reads as numbers in one chunk and as text in another (read the
    ///   file whole instead), for a bagging-PU lookalike model's own training file (scored out of bag only
    ///   whole), or for an output column name that a copied column already has; the model's and the
    ///   reader's errors otherwise. Nothing is written after an error, but earlier pieces were.
    public func score(_ model: any ScoringModel, size: Double? = nil, progress: ProgressObserver? = nil,
                      write: ([UInt8]) throws -> Void) throws -> Summary {
        let model: any ScoringModel = (model as? AnyModel)?.model ?? model
        if let lookalike = model as? LookalikeModelFile { return try scoreLookalike(lookalike, size: size, progress: progress, write: write) }
        var summary = Summary()
        var writer = ChunkWriter(copied: copiedColumns)
        let counter = progress?.start("scoring", total: fileSize, unit: "bytes")
        var unscored = 0, rows = 0
        (summary.sha256, summary.byteCount, summary.filterSummary) = try forEachPreparedChunk { table, bytes in
            let scored: ScoreColumns
            if let uplift = model as? UpliftModelFile {
                scored = try uplift.scoreColumns(on: table)
            } else {
                let scores = try model.scores(on: table)
                scored = ScoreColumns(columns: [("score", .numeric(scores.values))], unscoredRowCount: scores.unscoredRowCount)
            }
            unscored += scored.unscoredRowCount
            rows += table.rowCount
            try write(try writer.render(table, scores: scored.columns))
            counter?.advance(by: bytes, rows: table.rowCount)
        }
        counter?.finish()
        (summary.rowCount, summary.unscoredRowCount) = (rows, unscored)
        return summary
    }

    /// Lookalike models: pass 1 scores every chunk and keeps the scores and seed flags; ranks and the
    /// audience are computed over all rows; pass 2 reads the file again and writes.
    private func scoreLookalike(_ model: LookalikeModelFile, size: Double?, progress: ProgressObserver?,
                                write: ([UInt8]) throws -> Void) throws -> Summary {
        var summary = Summary()
        var scores = [Double](), seeds = [Bool]()
        var hasSeedColumn = false, unscored = 0
        let scoring = progress?.start("scoring pass", total: fileSize, unit: "bytes")
        (summary.sha256, summary.byteCount, summary.filterSummary) = try forEachPreparedChunk { table, bytes in
            let scored = try model.scores(on: table)
            scores.append(contentsOf: scored.values)
            unscored += scored.unscoredRowCount
            hasSeedColumn = table.hasColumn(model.seedColumn)
            seeds.append(contentsOf: hasSeedColumn ? try LookalikeSeeds.read(table, column: model.seedColumn, requireBoth: false)
                                                   : [Bool](repeating: false, count: table.rowCount))
            scoring?.advance(by: bytes, rows: table.rowCount)
        }
        scoring?.finish()
        summary.unscoredRowCount = unscored
        if model.options.bagging > 0, hasSeedColumn, summary.sha256 == model.manifest.data?.sha256 {
            throw ModelError.unsupportedOption("this is the bagging-PU model's training file, whose rows are scored out of bag: that needs the whole table in memory; give a larger memory budget")
        }
        let ranks = LookalikeScores.ranks(of: scores)
        var audience: [Double]?
        if let size {
            let members = LookalikeScores.audienceMembers(scores: scores, seeds: seeds, size: size)
            audience = scores.indices.map { scores[$0].isNaN ? .nan : members[$0] ? 1 : 0 }
            summary.audienceCount = members.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        seeds = []
        var writer = ChunkWriter(copied: copiedColumns)
        var start = 0
        let writing = progress?.start("writing pass", total: fileSize, unit: "bytes")
        _ = try forEachPreparedChunk { table, bytes in
            let rows = start..<(start + table.rowCount)
            guard rows.upperBound <= scores.count else { throw ModelError.dimensionMismatch("the file changed while it was scored") }
            var columns: [(name: String, column: Column)] = [("score", .numeric(Array(scores[rows]))), ("rank", .numeric(Array(ranks[rows])))]
            if let audience { columns.append(("audience", .numeric(Array(audience[rows])))) }
            try write(try writer.render(table, scores: columns))
            start = rows.upperBound
            writing?.advance(by: bytes, rows: table.rowCount)
        }
        writing?.finish()
        guard start == scores.count else { throw ModelError.dimensionMismatch("the file changed while it was scored") }
        summary.rowCount = start
        return summary
    }

    /// The input file's size, for progress (nil when unknown).
    private var fileSize: Int? { CSVChunkReader.fileSize(path) }

    /// Calls `body` with each chunk (derived, filtered, column kinds checked against earlier chunks) and its
    /// byte count; returns the file's SHA-256 and size and the filter counts summed over chunks. A file with a header and no records is read whole
    /// as one (empty) chunk, so its output still has a header.
    private func forEachPreparedChunk(_ body: (Table, Int) throws -> Void) throws -> (String, Int, FilterSummary?) {
        var projected = options
        projected.columns = columns
        var preparation = StreamedChunkPreparation(derivations: derivations, filters: filters, operation: "streamed scoring")
        var chunks = 0
        func prepare(_ table: Table) throws -> Table { try preparation.prepare(table) }
        let (sha256, bytes) = try CSVChunkReader.forEachChunk(path: path, options: projected, chunkBytes: chunkBytes) { table, size in
            chunks += 1
            try body(try prepare(table), size)
        }
        if chunks == 0 {
            let read = try CSVReader.read(path: path, options: projected)
            try body(try prepare(read.table), read.byteCount)
        }
        return (sha256, bytes, preparation.filterSummary)
    }
}

/// Renders chunk output tables as one CSV: the header with the first chunk only.
private struct ChunkWriter {
    let copied: [String]
    var headerWritten = false

    init(copied: [String]) { self.copied = copied }

    /// The copied columns of `table` and the `scores` columns as CSV bytes (without the header after the first call).
    mutating func render(_ table: Table, scores: [(name: String, column: Column)]) throws -> [UInt8] {
        var out = Table(rowCount: table.rowCount)
        for name in copied where !out.hasColumn(name) { try out.append(name: name, column: try table.column(named: name)) }
        for (name, column) in scores {
            if out.hasColumn(name) { throw ModelError.unsupportedOption("a kept column is named '\(name)', which clashes with an output column") }
            try out.append(name: name, column: column)
        }
        let bytes = out.csvBytes(header: !headerWritten)
        headerWritten = true
        return bytes
    }
}

#if canImport(Glibc)
import Glibc
#endif
