import GlassboxCore
import GlassboxStatFiles
import GlassboxTabular

extension DataOptions {
    /// Reads a Stata, SPSS or SAS `--data` file (chosen by its extension, see ``StatFileReader``) under
    /// the same memory limit as a CSV. As for CSV, a projection naming a variable the file lacks is
    /// read again whole, so the command reports the missing column exactly as without the projection.
    /// `--delimiter` and `--na` describe CSV text and are refused (exit 64) rather than ignored: the
    /// file itself says which values are missing.
    func readStatFile(progress: ProgressObserver?, columns: Set<String>?) throws -> CSVReadResult {
        if missingTokens != nil || delimiter != "," {
            throw CLIError(description: "--delimiter and --na apply to CSV files; '\(data)' is read as a Stata, SPSS or SAS file, whose missing values are declared in the file", status: .usage)
        }
        var options = StatFileOptions(columns: columns, keepValueCodes: valueCodes)
        // A --derive name the file already has is read, so deriving refuses the clash as on a whole read.
        options.optionalColumns = Set(try Table.columnsRead(deriving: derivations, where: filters).derived)
        if let limit = MemoryBudget.limit() {
            options.maximumTableBytes = limit.bytes
            options.maximumTableBytesSource = limit.source
        }
        let result: CSVReadResult
        do {
            result = try StatFileReader.read(path: data, options: options, progress: progress)
        } catch TabularError.unknownColumn where columns != nil {
            options.columns = nil
            result = try StatFileReader.read(path: data, options: options, progress: progress)
        }
        for warning in result.warnings { printError("warning: " + warning) }
        return result
    }
}
