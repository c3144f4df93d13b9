import ArgumentParser
import GlassboxCore
import GlassboxDatabase
import GlassboxTabular

/// `--data sqlite:…|postgresql://…` with `--query`/`--table`: reading through ``DatabaseReader``.
extension DataOptions {
    /// Reads the table when `--data` names a database; nil for a file. `--query`/`--table` with a file is
    /// a usage error. Database errors exit 66 when the database cannot be opened or reached, else 65.
    func readDatabase() throws -> CSVReadResult? {
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
            var (result, source) = try DatabaseReader.read(location: data, query: query, table: table, options: options)
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

    /// Refuses a database `--data` for an output that must re-read the data from a file (`purpose`).
    func requireFile(for purpose: String) throws {
        if DatabaseReader.isDatabaseLocation(data) {
            throw ValidationError("\(purpose) needs --data to be a CSV file, not a database; export the query's rows to CSV first")
        }
    }
}
