import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxTabular

extension UpliftModel {
    /// What a streamed read learned about the file, for the command's messages.
    package struct StreamedRead: Sendable {
        /// Rows of the file.
        package var rowsRead: Int
        package var designWarnings: [String]
    }

    /// Fits the uplift model to the CSV file at `path` without holding its table in memory
    /// (docs/scale.md §7): a levels pass over the file in chunks of about `chunkBytes` codes each chunk's arms
    /// and learns the encoding from the experiment rows, a design pass writes their design rows into a
    /// memory-mapped cache laid out like the in-memory design matrix, and every component is fitted on a
    /// cache of its rows (an arm's, or an arm's and control's) copied from it in the in-memory order. The
    /// model is bit-identical to ``fit(formula:on:treatment:manifest:onWarning:progress:)`` on the same
    /// file, for any `chunkBytes` and thread count, with every learner: the X-learner's effect regressions
    /// are solved from the XᵀX and XᵀD sums of ``UpliftFitState/EffectSums`` in both, summed over the cache in
    /// the same fixed row chunks as over the matrix in memory.
    /// - Parameters:
    ///   - options: how to parse the CSV (its ``CSVOptions/columns`` is set to the columns the model reads).
    ///   - manifest: names the data file and command; its SHA-256 and row counts are filled in here.
    package func fitStreaming(formula: String, path: String, options: CSVOptions, chunkBytes: Int, treatment: UpliftTreatment,
                              manifest: Provenance, progress: ProgressObserver? = nil) throws -> (model: UpliftModelFile, read: StreamedRead) {
        let parsed = try Formula.parse(formula)
        guard parsed.hasResponse else {
            throw ModelError.unsupportedOption("the formula \"\(formula)\" has no outcome: write it as \"outcome ~ predictors\"")
        }
        if parsed.sourceColumns.contains(treatment.column) {
            throw ModelError.unsupportedOption("the formula uses the treatment column '\(treatment.column)'; leave it out: the learner adds the treatment itself")
        }
        var projected = options
        projected.columns = Set(parsed.sourceColumns + [treatment.column])

        // Pass 1: arms, levels and row counts of the experiment rows.
        var arms = UpliftChunkArms(treatment: treatment, formulaColumns: parsed.sourceColumns)
        var levels: DesignLevels?
        var rowsRead = 0
        let levelsCounter = progress?.start("levels pass", total: CSVChunkReader.fileSize(path), unit: "bytes")
        let (sha256, bytes) = try CSVChunkReader.forEachChunk(path: path, options: projected, chunkBytes: chunkBytes) { table, size in
            let codes = try arms.codes(in: table)
            rowsRead += table.rowCount
            let experiment = try UpliftRows.selecting(codes.indices.filter { codes[$0] >= 0 }, of: table)
            let chunk = try DesignLevels.collect(parsed, table: experiment, extraColumns: [])
            if levels == nil { levels = chunk } else { try levels!.merge(chunk) }
            levelsCounter?.advance(by: size, rows: table.rowCount)
        }
        // The chunks' sizes leave out the header: count it, so a finished pass shows the file's size.
        levelsCounter?.advance(by: max(0, bytes - (levelsCounter?.completed ?? 0)))
        levelsCounter?.finish()
        try arms.finish()
        guard let levels else { throw ModelError.noObservations }
        let (encoding, warnings) = try levels.encoding(parsed, extraColumns: [])

        // Pass 2: the design cache, the outcomes and the arms of the rows kept.
        let n = levels.rowsKept, p = encoding.termNames.count
        let design = try MappedDesign(rows: n, columns: p)
        var y = [Double](), armOfRow = [Int]()
        y.reserveCapacity(n)
        armOfRow.reserveCapacity(n)
        var row = 0
        var again = UpliftChunkArms(treatment: treatment, formulaColumns: parsed.sourceColumns)
        let designCounter = progress?.start("design pass", total: bytes, unit: "bytes")
        _ = try CSVChunkReader.forEachChunk(path: path, options: projected, chunkBytes: chunkBytes) { table, size in
            let codes = try again.codes(in: table)
            let experimentRows = codes.indices.filter { codes[$0] >= 0 }
            let experiment = try UpliftRows.selecting(experimentRows, of: table)
            let chunk = try encoding.apply(to: experiment, requireResponse: true)
            let m = chunk.x.rows
            try design.append(chunk.x, at: row)
            y.append(contentsOf: chunk.response ?? [])
            armOfRow.append(contentsOf: chunk.rowIndices.map { codes[experimentRows[$0]] })
            row += m
            designCounter?.advance(by: size, rows: table.rowCount)
        }
        designCounter?.finish()
        guard row == n else { throw ModelError.dimensionMismatch("the design pass found \(row) complete rows, the levels pass \(n)") }

        let fit = try self.fit(x: design, termNames: encoding.termNames, y: y, arm: armOfRow, treatments: treatment.treated,
                               control: treatment.control, responseName: encoding.responseName ?? "outcome", progress: progress)
        var provenance = manifest
        if let source = provenance.data {
            var counted = Provenance.DataSource(path: source.path, sha256: sha256, rowsRead: rowsRead, rowsUsed: n,
                                                rowsDropped: levels.rowsRead - n, missingByColumn: levels.missingByColumn)
            counted.filters = source.filters
            counted.derivedColumns = source.derivedColumns
            provenance.data = counted
        }
        let file = UpliftModelFile(encoding: encoding, treatment: treatment, model: self, fit: fit, manifest: provenance)
        return (file, StreamedRead(rowsRead: rowsRead, designWarnings: warnings))
    }
}
