import ArgumentParser
import GlassboxCore
import GlassboxDatabase
import GlassboxTabular
import GlassboxReport
import GlassboxStatFiles

/// `--data sqlite:…|postgresql://…` with `--query`/`--table`: reading through ``DatabaseReader``.
extension DataOptions {
    /// Reads the table when `--data` names a database; nil for a file. `--query`/`--table` with a file is
    /// a usage error. Database errors exit 66 when the database cannot be opened or reached, else 65.
    ///
    /// With `columns`, the database sends only those result columns (``DatabaseReader``), plus a `--derive`
    /// name the result already has, so deriving refuses the clash as on a whole read. When a wanted column
    /// is not in the result, the whole result is read again, so the command reports the missing column
    /// exactly as it does without the projection.
    func readDatabase(columns: Set<String>? = nil) throws -> CSVReadResult? {
        guard DatabaseReader.isDatabaseLocation(data) else {
            if query != nil || table != nil {
                throw ValidationError("--query and --table apply to a database --data (sqlite:PATH or postgresql://…), not to a file")
            }
            return nil
        }
        var options = try csvOptions()
        if let limit = MemoryBudget.limit() {
            options.maximumTableBytes = limit.bytes
            options.maximumTableBytesSource = limit.source
        }
        do {
            var (result, source) = try readProjected(options: options, columns: columns)
            result.database = source
            for warning in result.warnings { printError("warning: " + warning) }
            return result
        } catch let error as DatabaseError {
            if case .querySelection = error {
                throw ValidationError("a database --data needs exactly one of --query and --table")
            }
            let status: ExitStatus = error == .passwordInLocation ? .usage : error.isUnavailable ? .noInput : .dataError
            throw CLIError(description: error.description, status: status)
        }
    }

    /// The database read of `columns` (every column when nil), read whole when a wanted column is absent.
    private func readProjected(options: CSVOptions, columns: Set<String>?) throws -> (result: CSVReadResult, source: Provenance.DatabaseQuery) {
        guard let columns else { return try DatabaseReader.read(location: data, query: query, table: table, options: options) }
        let derived = Set(try Table.columnsRead(deriving: derivations, where: filters).derived)
        var projected = options
        projected.columns = columns.union(derived)
        let read = try DatabaseReader.read(location: data, query: query, table: table, options: projected)
        if columns.subtracting(derived).isSubset(of: read.result.table.columnNames) { return read }
        return try DatabaseReader.read(location: data, query: query, table: table, options: options)
    }

    /// How an exported notebook re-reads `--data` (`record`: the manifest's database record, nil for a file) and
    /// the `DATA_PATH` it opens: a file or SQLite database relative to the folder of `notebook` (see
    /// ``NotebookRecipe/relativePath(of:fromFolderOf:cwd:)``), a PostgreSQL URL as given (it holds no password).
    func notebookSource(record: Provenance.DatabaseQuery?, notebook: String?, cwd: String) -> (source: NotebookRecipe.Source, dataPath: String) {
        if let record {
            guard let path = DatabaseReader.sqlitePath(of: data) else { return (.database(record), data) }
            return (.database(record), NotebookRecipe.relativePath(of: path, fromFolderOf: notebook, cwd: cwd))
        }
        let path = NotebookRecipe.relativePath(of: data, fromFolderOf: notebook, cwd: cwd)
        return (StatFileReader.reads(path: data) ? .statFile(keepValueCodes: valueCodes) : .csv, path)
    }
}
