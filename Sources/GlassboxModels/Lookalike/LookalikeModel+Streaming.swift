import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxTabular

extension LookalikeModel {
    /// Why `similarity` and `pu` without bagging are fitted in memory only: the similarity index keeps the
    /// standardised seed rows and the scaled-logistic (SCAR) likelihood has no design-cache pass.
    package static let notStreamed = "only the logistic and bagging pu methods are fitted from a design cache; similarity and pu without bagging need the design matrix in memory: read the file whole (a larger memory budget), or use bagging pu"

    /// Whether ``fitStreaming(formula:path:options:chunkBytes:seedColumn:dataPath:commandLine:progress:)`` fits this model.
    package var streams: Bool { method == .logistic || (method == .pu && bagging > 0) }

    /// What a streamed read learned about the file, for the command's messages.
    package struct StreamedRead: Sendable {
        package var rowsRead: Int
        package var designWarnings: [String]
    }

    /// Fits the model to the CSV file at `path` without holding its table in memory (docs/scale.md §7): a
    /// levels pass in chunks of about `chunkBytes` reads the seed flags and learns the encoding, a design pass
    /// writes the design rows into a memory-mapped cache laid out like the in-memory design matrix, and the
    /// classifier (`logistic`) or every bagging round (`pu` with bagging; its rows, all seeds then the
    /// round's seeded draw, copied from the cache in the in-memory order) is fitted on the cache. The bagging
    /// draws depend only on ``randomSeed`` and the seed flags, as in memory, so the model file is the
    /// in-memory one bit for bit, for any `chunkBytes` and thread count. Other methods are refused
    /// (``notStreamed``).
    package func fitStreaming(formula text: String, path: String, options: CSVOptions, chunkBytes: Int, seedColumn: String,
                              dataPath: String, commandLine: [String], progress: ProgressObserver? = nil)
        throws -> (model: LookalikeModelFile, read: StreamedRead) {
        guard streams else { throw ModelError.unsupportedOption(Self.notStreamed) }
        let formula = try Formula.parse(text)
        if formula.hasResponse { throw ModelError.formulaHasResponse }
        if formula.sourceColumns.contains(seedColumn) { throw ModelError.formulaUsesSeedColumn(column: seedColumn) }
        var projected = options
        projected.columns = Set(formula.sourceColumns + [seedColumn])
        var kinds = ColumnKinds(columns: formula.sourceColumns + [seedColumn])

        // Pass 1: seed flags, levels and row counts.
        var levels: DesignLevels?
        var rowsRead = 0, seedRows = 0
        var missing = [String: Int]()
        let levelsCounter = progress?.start("levels pass", total: CSVChunkReader.fileSize(path), unit: "bytes")
        let (sha256, bytes) = try CSVChunkReader.forEachChunk(path: path, options: projected, chunkBytes: chunkBytes) { table, size in
            try kinds.check(table)
            seedRows += try LookalikeSeeds.read(table, column: seedColumn, requireBoth: false).reduce(0) { $0 + ($1 ? 1 : 0) }
            rowsRead += table.rowCount
            for name in formula.sourceColumns where table.hasColumn(name) {
                missing[name, default: 0] += try table.column(named: name).missingCount
            }
            let chunk = try DesignLevels.collect(formula, table: table, extraColumns: [])
            if levels == nil { levels = chunk } else { try levels!.merge(chunk) }
            levelsCounter?.advance(by: size, rows: table.rowCount)
        }
        // The chunks' sizes leave out the header: count it, so a finished pass shows the file's size.
        levelsCounter?.advance(by: max(0, bytes - (levelsCounter?.completed ?? 0)))
        levelsCounter?.finish()
        if seedRows == 0 { throw ModelError.noSeeds(column: seedColumn, rows: rowsRead) }
        if seedRows == rowsRead { throw ModelError.everyRowSeed(column: seedColumn, rows: rowsRead) }
        for name in formula.sourceColumns where missing[name] == rowsRead { throw ModelError.featureEntirelyMissing(column: name) }
        guard let levels else { throw ModelError.noObservations }
        let (encoding, warnings) = try levels.encoding(formula, extraColumns: [])

        // Pass 2: the design cache and the seed flags of the rows kept.
        let n = levels.rowsKept, p = encoding.termNames.count
        let design = try MappedDesign(rows: n, columns: p)
        var seeds = [Bool]()
        seeds.reserveCapacity(n)
        var row = 0
        let designCounter = progress?.start("design pass", total: bytes, unit: "bytes")
        _ = try CSVChunkReader.forEachChunk(path: path, options: projected, chunkBytes: chunkBytes) { table, size in
            let flags = try LookalikeSeeds.read(table, column: seedColumn, requireBoth: false)
            let chunk = try encoding.apply(to: table, requireResponse: false)
            let m = chunk.x.rows
            try design.append(chunk.x, at: row)
            seeds.append(contentsOf: chunk.rowIndices.map { flags[$0] })
            row += m
            designCounter?.advance(by: size, rows: table.rowCount)
        }
        designCounter?.finish()
        guard row == n else { throw ModelError.dimensionMismatch("the design pass found \(row) complete rows, the levels pass \(n)") }
        let kept = seeds.reduce(0) { $0 + ($1 ? 1 : 0) }
        if kept == 0 { throw ModelError.noSeeds(column: seedColumn, rows: n) }
        if kept == n { throw ModelError.everyRowSeed(column: seedColumn, rows: n) }

        let fit = try self.fit(x: design, termNames: encoding.termNames, interceptIndex: encoding.interceptIndex, seeds: seeds, progress: progress)
        let data = Provenance.DataSource(path: dataPath, sha256: sha256, rowsRead: rowsRead, rowsUsed: n, rowsDropped: rowsRead - n,
                                         missingByColumn: levels.missingByColumn)
        let manifest = Provenance(commandLine: commandLine, data: data, seed: randomSeed, blas: BLASLibrary.path)
        let file = LookalikeModelFile(encoding: encoding, seedColumn: seedColumn, model: self, fit: fit, manifest: manifest)
        return (file, StreamedRead(rowsRead: rowsRead, designWarnings: warnings))
    }
}
