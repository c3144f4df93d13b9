import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxTabular

/// `--where` and `--derive` of ``DataOptions``: the columns they read join the projection, and the
/// table is prepared (``Table/prepared(deriving:where:)``) right after it is read.
extension DataOptions {
    /// `columns` (a command's projection) plus the source columns the expressions read, minus the
    /// derived names; nil (every column) stays nil. Parses the expressions, so a syntax error is
    /// reported before the file is read.
    func projection(adding columns: Set<String>?) throws -> Set<String>? {
        let (read, derived) = try Table.columnsRead(deriving: derivations, where: filters)
        guard var columns else { return nil }
        columns.formUnion(read)
        columns.subtract(derived)
        return columns
    }

    /// `columns` plus the `--derive` names the CSV header already holds, so that deriving refuses the clash
    /// as it does on a whole read (a projected read would not see those columns).
    func clashingDerivedColumns(adding columns: Set<String>?) throws -> Set<String>? {
        guard var columns, !derivations.isEmpty, Self.isRegularFile(data) else { return columns }
        let derived = try Table.columnsRead(deriving: derivations, where: filters).derived
        let header = try CSVReader.headerNames(path: data, options: try csvOptions())
        columns.formUnion(header.filter(derived.contains))
        return columns
    }

    /// `result` with its table derived and filtered; prints the filter summary on stderr.
    func prepare(_ result: CSVReadResult) throws -> CSVReadResult {
        if filters.isEmpty && derivations.isEmpty { return result }
        var prepared = result
        let (table, summary) = try result.table.prepared(deriving: derivations, where: filters)
        prepared.table = table
        if let summary { Self.printFilterNote(summary) }
        return prepared
    }

    /// Prints what `--where` did (rows kept, rows dropped for a missing value) on stderr.
    static func printFilterNote(_ summary: FilterSummary) {
        let filters = summary.filters.map { "'\($0)'" }.joined(separator: " and ")
        printError("note: \(FilterSummary.grouped(summary.rowsKept)) of \(FilterSummary.grouped(summary.rowsBefore)) rows kept by --where \(filters)"
            + (summary.rowsMissing > 0 ? " (\(FilterSummary.grouped(summary.rowsMissing)) dropped for a missing value)" : ""))
    }

    /// Records in `manifest`'s data source the database `read` came from (if any) and the filters and derived columns.
    func record(_ read: CSVReadResult, in manifest: inout Provenance) {
        manifest.data?.database = read.database
        manifest.data?.recordPreparation(filters: filters, derivations: derivations)
    }
}

extension DataOptions {
    /// The provenance of a run on `--data`: the command line, the file with its row counts, the
    /// `--where`/`--derive` preparation, the seed and the BLAS in use.
    func manifest(of read: CSVReadResult, rowsRead: Int, rowsUsed: Int, missingByColumn: [String: Int], seed: UInt64?) -> Provenance {
        var manifest = Provenance(
            commandLine: Array(CommandLine.arguments.dropFirst()),
            data: .init(path: data, sha256: read.sha256, rowsRead: rowsRead, rowsUsed: rowsUsed,
                        rowsDropped: rowsRead - rowsUsed, missingByColumn: missingByColumn),
            seed: seed, blas: BLASLibrary.path)
        record(read, in: &manifest)
        return manifest
    }
}
