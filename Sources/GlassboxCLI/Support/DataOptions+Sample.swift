import GlassboxCore
import GlassboxDatabase
import GlassboxExplain
import GlassboxStatFiles
import GlassboxTabular

extension DataOptions {
    /// Every row of `--data` (the `needed` columns), or with a `sample` count a seeded uniform sample of that
    /// many rows (``readSample(_:seed:progress:needed:)``) and the sample's description for the outputs.
    func read(sample: Int?, seed: UInt64, progress: ProgressObserver?,
              needed: NeededColumns?) throws -> (CSVReadResult, ExplanationReport.RowSample?) {
        guard let sample else { return (try read(progress: progress, needed: needed), nil) }
        let drawn = try readSample(sample, seed: seed, progress: progress, needed: needed)
        return (drawn.read, drawn.sample)
    }

    /// Reads a seeded uniform sample of `count` rows of the CSV file `--data`, drawn in one streaming pass
    /// (``CSVRowSample``), parsing only the `needed` columns of the sampled rows, then applies `--derive` and
    /// `--where`: the table of a file holding exactly the sampled rows. The read's SHA-256 and size are the
    /// whole file's (the manifest names the file sampled).
    func readSample(_ count: Int, seed: UInt64, progress: ProgressObserver?,
                    needed: NeededColumns?) throws -> (read: CSVReadResult, sample: ExplanationReport.RowSample) {
        try requireSampleSource()
        let options = try csvOptions()
        // The sampled records live in memory while the file streams by: they alone must fit the memory limit.
        let limit = MemoryBudget.limit()
        let drawn: CSVRowSample
        do {
            drawn = try CSVRowSample.draw(path: data, count: count, seed: seed, maximumRecordBytes: options.maximumRecordBytes,
                                          maximumSampleBytes: limit.map { Int(clamping: $0.bytes) } ?? .max, progress: progress)
        } catch let tooLarge as CSVRowSample.TooLarge {
            guard let (bytes, source) = limit else { throw tooLarge }
            throw CLIError(description: "'\(data)': the rows --sample \(tooLarge.count) keeps in memory exceed \(MemoryBudget.bytes(bytes)), \(source); "
                           + "pass a smaller --sample", status: .dataError)
        }
        let columns = try clashingDerivedColumns(adding: try projection(adding: try self.columns(needed)))
        var result: CSVReadResult
        do {
            var projected = options
            projected.columns = columns
            result = try CSVReader.read(bytes: drawn.bytes, options: projected)
        } catch TabularError.unknownColumn where columns != nil {
            result = try CSVReader.read(bytes: drawn.bytes, options: options)
        }
        for warning in result.warnings { printError("warning: " + warning) }
        (result.sha256, result.byteCount) = (drawn.sha256, drawn.byteCount)
        return (try prepare(result), ExplanationReport.RowSample(rows: drawn.rowCount, of: drawn.rowsInFile, seed: seed))
    }

    /// Refuses a `--data` that `--sample` cannot stream: a database, `--query`/`--table` with a file, a missing
    /// file, a pipe or a Stata/SPSS/SAS file.
    func requireSampleSource() throws {
        guard !DatabaseReader.isDatabaseLocation(data) else {
            throw CLIError(description: "--sample draws rows from a CSV file, not a database", status: .usage)
        }
        _ = try readDatabase()  // refuses --query/--table with a file
        try FileCheck.requireReadableFile(data)
        guard Self.isRegularFile(data), !StatFileReader.reads(path: data) else {
            throw CLIError(description: "--sample draws rows from a CSV file; '\(data)' is not one (a pipe or a Stata/SPSS/SAS file)", status: .usage)
        }
    }

    /// With `--sample` where nothing is explained (a score column's report, whose audit streams every row):
    /// the checks of ``readSample(_:seed:progress:needed:)`` and the header of the CSV file as a table without
    /// rows, so column names can be checked; no sample is drawn. The SHA-256 is empty and the size 0: the
    /// streamed pass that reads the rows records them.
    func readHeaderForStreaming() throws -> CSVReadResult {
        try requireSampleSource()
        var table = Table()
        for name in try CSVReader.headerNames(path: data, options: try csvOptions()) {
            try? table.append(name: name, column: .numeric([]))  // only the names are looked at
        }
        return CSVReadResult(table: table, warnings: [], sha256: "", byteCount: 0)
    }
}
