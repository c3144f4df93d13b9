import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxTabular

extension LogisticTraining {
    /// What a streamed read learned about the file, for the command's messages and manifest.
    package struct StreamedRead: Sendable {
        package var sha256: String
        package var bytes: Int
        package var rowsRead: Int
        package var rowsDropped: Int
        package var designWarnings: [String]
        /// `filters`' counts summed over the chunks of the levels pass (nil without filters).
        package var filterSummary: FilterSummary?
    }

    /// Fits the model to the CSV file at `path` without holding its table in memory (docs/scale.md §3):
    /// a levels pass over the file in chunks of about `chunkBytes` learns the encoding, a design pass writes
    /// the design rows into a memory-mapped cache laid out like the in-memory design matrix, and the Newton
    /// passes read the cache. The model is bit-identical to ``fit(_:provenance:onWarning:progress:)`` on the
    /// same file, for any `chunkBytes` and thread count.
    /// - Parameters:
    ///   - options: how to parse the CSV (its ``CSVOptions/columns`` is set to the columns the model reads).
    ///   - provenance: names the data file and command; its SHA-256 and row counts are filled in here.
    ///   - columns: the columns to parse: the model's and those `derivations` and `filters` read (nil: the
    ///     model's columns without expressions, every column with them).
    ///   - derivations, filters: `NAME = EXPR` columns and row filters applied to each chunk
    ///     (``GlassboxTabular/Table/prepared(deriving:where:)``) before the model sees it; the row counts are
    ///     those of the prepared rows, as in memory.
    package func fitStreaming(path: String, options: CSVOptions, chunkBytes: Int, provenance: Provenance,
                              columns: Set<String>? = nil, derivations: [String] = [], filters: [String] = [],
                              progress: ProgressObserver? = nil) throws -> (model: LogisticModelFile, read: StreamedRead) {
        let parsed = try Formula.parse(formula)
        guard parsed.hasResponse else { throw ModelError.formulaWithoutOutcome(formula: formula) }
        let extras = [weightsColumn, clusterColumn].compactMap { $0 }
        var projected = options
        let prepares = !(derivations.isEmpty && filters.isEmpty)
        // With expressions, nil columns means every column (the expressions may read any).
        projected.columns = prepares ? columns : columns ?? Set(parsed.sourceColumns + extras)
        var preparation = StreamedChunkPreparation(derivations: derivations, filters: filters, operation: "a streamed fit")
        var designPreparation = preparation
        let fileSize = CSVChunkReader.fileSize(path)

        // Pass 1: levels and row counts.
        var levels: DesignLevels?
        let levelsCounter = progress?.start("levels pass", total: fileSize, unit: "bytes")
        let (sha256, bytes) = try CSVChunkReader.forEachChunk(path: path, options: projected, chunkBytes: chunkBytes) { read, size in
            let table = prepares ? try preparation.prepare(read) : read
            let chunk = try DesignLevels.collect(parsed, table: table, extraColumns: extras)
            if levels == nil { levels = chunk } else { try levels!.merge(chunk) }
            levelsCounter?.advance(by: size, rows: read.rowCount)
        }
        // The chunks' sizes leave out the header: count it, so a finished pass shows the file's size.
        levelsCounter?.advance(by: max(0, bytes - (levelsCounter?.completed ?? 0)))
        levelsCounter?.finish()
        guard let levels else { throw ModelError.noObservations }
        let (encoding, warnings) = try levels.encoding(parsed, extraColumns: extras)

        // Pass 2: the design cache.
        let n = levels.rowsKept, p = encoding.termNames.count
        let design = try MappedDesign(rows: n, columns: p)
        var y = [Double](), weights: [Double]? = weightsColumn == nil ? nil : [], clusters: [Int]? = clusterColumn == nil ? nil : []
        y.reserveCapacity(n)
        var clusterIndex = [String: Int]()
        var row = 0
        let designCounter = progress?.start("design pass", total: bytes, unit: "bytes")
        _ = try CSVChunkReader.forEachChunk(path: path, options: projected, chunkBytes: chunkBytes) { read, size in
            let table = prepares ? try designPreparation.prepare(read) : read
            let chunk = try encoding.apply(to: table, requireResponse: true, extraColumns: extras)
            let m = chunk.x.rows
            try design.append(chunk.x, at: row)
            y.append(contentsOf: chunk.response ?? [])
            if let w = weightsColumn { weights?.append(contentsOf: try Self.numericValues(table, w, rows: chunk.rowIndices)) }
            if let c = clusterColumn {
                let (keys, codes) = try LogisticPartial.clusterKeys(table, c, rows: chunk.rowIndices)
                let global = keys.map { key in clusterIndex[key] ?? { let g = clusterIndex.count; clusterIndex[key] = g; return g }() }
                clusters?.append(contentsOf: codes.map { global[$0] })
            }
            row += m
            designCounter?.advance(by: size, rows: read.rowCount)
        }
        designCounter?.advance(by: max(0, bytes - (designCounter?.completed ?? 0)))
        designCounter?.finish()
        guard row == n else { throw ModelError.dimensionMismatch("the design pass found \(row) complete rows, the levels pass \(n)") }
        if let c = clusterColumn, clusterIndex.count < 2 { throw ModelError.tooFewClusters(column: c, count: clusterIndex.count) }

        // The Newton passes, over the cache.
        let model = LogisticRegression(penalty: penalty, covariance: clusterColumn != nil ? .cluster : covariance, tolerance: tolerance,
                                       maxIterations: maxIterations, hasIntercept: encoding.interceptIndex == 0)
        let fit = try model.fit(design: design, y: y, termNames: encoding.termNames, responseName: encoding.responseName ?? "outcome",
                                weights: weights, weightsName: weightsColumn ?? "weights", clusters: clusters, progress: progress,
                                reportingPasses: true)
        var manifest = provenance
        manifest.data?.sha256 = sha256
        manifest.data?.rowsRead = levels.rowsRead
        manifest.data?.rowsUsed = n
        manifest.data?.rowsDropped = levels.rowsRead - n
        manifest.data?.missingByColumn = levels.missingByColumn
        let file = LogisticModelFile(encoding: encoding, model: model, fit: fit, weights: weightsColumn, cluster: clusterColumn, manifest: manifest)
        return (file, StreamedRead(sha256: sha256, bytes: bytes, rowsRead: levels.rowsRead, rowsDropped: levels.rowsRead - n, designWarnings: warnings,
                                  filterSummary: preparation.filterSummary))
    }
}
