import CGlassboxReadStat
import GlassboxCore
import GlassboxTabular
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads Stata (`.dta`, versions 104–119), SPSS (`.sav`, `.zsav`) and SAS (`.sas7bdat`) files into a
/// ``Table`` through ReadStat (the C library behind R's haven and Python's pyreadstat),
/// returning the same ``CSVReadResult`` as the CSV reader, so nothing downstream
/// depends on where a table came from. The format is chosen by the file's extension
/// (`StatFileFormat.init(path:)`), not by its first bytes.
///
/// **Values.** Numeric variables become numeric columns. A numeric variable with value labels becomes a
/// categorical column whose levels are the label texts (a value without a label keeps its number as
/// its level, with a warning); ``StatFileOptions/keepValueCodes`` keeps the numbers instead. String
/// variables become categorical; an empty string is missing (Stata's own rule for strings). Levels are
/// sorted by UTF-8 bytes, as for CSV.
///
/// **Missing values.** Stata's system missing `.` and extended missing `.a`–`.z`, SAS's `.` and `.A`–`.Z`,
/// `._`, and SPSS's system missing and user-defined missing values (discrete values and ranges declared
/// on the variable) are all missing. Extended and user-defined missing values are counted per column
/// in the warnings, since they often mean something ("refused", "not asked").
///
/// **Dates** become numbers with one unit whatever the package: days since 1970-01-01 for dates,
/// seconds since 1970-01-01 00:00:00 for date-times, seconds for times (see `StatFileTemporal`).
///
/// **Provenance.** ``CSVReadResult/sha256`` and ``CSVReadResult/byteCount``
/// describe the whole file, read once more for the digest (ReadStat seeks, so it cannot hash as it reads).
///
/// **Errors.** A missing or unreadable path is a ``GlassboxCoreError``; a file that is not a
/// regular file, has an extension other than those above, cannot be parsed (corrupt, truncated, an
/// unsupported version) or has no observations is ``TabularError/file(path:message:)``
/// naming the file and ReadStat's error; a table larger than ``StatFileOptions/maximumTableBytes`` is
/// the same case with the sizes; a requested variable the file lacks is
/// ``TabularError/unknownColumn(_:available:)``.
public enum StatFileReader {
    /// Reads the file at `path`. `progress` hears of the bytes parsed.
    public static func read(path: String, options: StatFileOptions = StatFileOptions(),
                            progress: ProgressObserver? = nil) throws -> CSVReadResult {
        try FileCheck.requireReadableFile(path)
        guard let format = StatFileFormat(path: path) else {
            throw TabularError.file(path: path, message: "is not a Stata (.dta), SPSS (.sav, .zsav) or SAS (.sas7bdat) file name; these are read by their extension")
        }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw TabularError.file(path: path, message: "is not a regular file; \(format.packageNameWithArticle) file must be a file on disk, since it is read out of order")
        }
        let (sha256, byteCount) = try digest(path: path)
        let parse = StatFileParse(path: path, format: format, options: options, fileBytes: byteCount)
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        let counter = progress?.start("reading \(fileName)", total: byteCount, unit: "bytes")
        defer { counter?.finish() }
        parse.counter = counter
        let error = run(parse, path: path)
        if let failure = parse.failure { throw failure }
        guard error == READSTAT_OK else {
            var message = "cannot be read as \(format.packageNameWithArticle) file: " + String(cString: readstat_error_message(error))
            // ReadStat's detail on one line (its messages end with a line break).
            if let detail = parse.libraryMessage?.split(whereSeparator: \.isWhitespace).joined(separator: " "), !detail.isEmpty {
                message += " (\(detail))"
            }
            throw TabularError.file(path: path, message: message)
        }
        if let wanted = options.columns, let missing = wanted.subtracting(parse.allNames).sorted().first {
            throw TabularError.unknownColumn(missing, available: parse.allNames)
        }
        let rows = parse.columns.isEmpty ? max(parse.announcedRows, 0) : parse.rows
        if !parse.columns.isEmpty && parse.announcedRows > rows {
            // ReadStat checks this for most formats; a file cut short must never pass as a smaller table.
            throw TabularError.file(path: path, message: "cannot be read as \(format.packageNameWithArticle) file: its header announces \(parse.announcedRows) observations but only \(rows) could be read (a truncated file?)")
        }
        guard rows > 0 else { throw TabularError.file(path: path, message: "has no observations (rows)") }
        var names: [String] = [], columns: [Column] = [], warnings: [String] = []
        for var column in parse.columns {
            column.pad(to: rows)
            let labels = column.labelSet.flatMap { parse.labelSets[$0] }
            let (finished, unlabelled) = column.finish(labels: labels, keepCodes: options.keepValueCodes)
            names.append(column.name)
            columns.append(finished)
            warnings += notes(for: column, format: format, unlabelled: unlabelled)
        }
        let table = try Table(names: names, columns: columns)
        return CSVReadResult(table: table, warnings: warnings, sha256: sha256, byteCount: byteCount)
    }

    /// Whether ``read(path:options:progress:)`` reads `path` (by its extension).
    public static func reads(path: String) -> Bool { StatFileFormat(path: path) != nil }

    /// Runs ReadStat's parser for the file's format with `parse` as the callbacks' context.
    static func run(_ parse: StatFileParse, path: String) -> readstat_error_t {
        guard let parser = readstat_parser_init() else { return READSTAT_ERROR_MALLOC }
        defer { readstat_parser_free(parser) }
        readstat_set_metadata_handler(parser) { metadata, context in
            let parse = Unmanaged<StatFileParse>.fromOpaque(context!).takeUnretainedValue()
            return parse.metadata(rowCount: Int(readstat_get_row_count(metadata)), variableCount: Int(readstat_get_var_count(metadata)),
                                  formatVersion: Int(readstat_get_file_format_version(metadata)))
        }
        readstat_set_variable_handler(parser) { _, variable, labelSet, context in
            Unmanaged<StatFileParse>.fromOpaque(context!).takeUnretainedValue().variable(variable!, labelSet: labelSet)
        }
        readstat_set_value_handler(parser) { row, variable, value, context in
            Unmanaged<StatFileParse>.fromOpaque(context!).takeUnretainedValue().value(row: Int(row), variable: variable!, value: value)
        }
        readstat_set_value_label_handler(parser) { set, value, label, context in
            let parse = Unmanaged<StatFileParse>.fromOpaque(context!).takeUnretainedValue()
            return parse.valueLabel(set: set.map { String(cString: $0) } ?? "", value: value, label: label.map { String(cString: $0) } ?? "")
        }
        readstat_set_error_handler(parser) { message, context in
            let parse = Unmanaged<StatFileParse>.fromOpaque(context!).takeUnretainedValue()
            if let message { parse.libraryMessage = String(cString: message) }
        }
        readstat_set_progress_handler(parser) { fraction, context in
            Unmanaged<StatFileParse>.fromOpaque(context!).takeUnretainedValue().progress(fraction)
        }
        let context = Unmanaged.passUnretained(parse).toOpaque()
        return withExtendedLifetime(parse) {
            switch parse.format {
            case .stata: readstat_parse_dta(parser, path, context)
            case .spss: readstat_parse_sav(parser, path, context)
            case .sas: readstat_parse_sas7bdat(parser, path, context)
            }
        }
    }

    /// The lower-case hex SHA-256 and size of the whole file.
    static func digest(path: String) throws -> (String, Int) {
        guard let file = fopen(path, "rb") else { throw GlassboxCoreError.noSuchFile(path: path) }
        defer { fclose(file) }
        var hasher = SHA256Hasher()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var total = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n > 0 { buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) } }
            total += n
            if n < buffer.count { break }
        }
        if ferror(file) != 0 { throw GlassboxCoreError.io(path: path, operation: "read", message: String(cString: strerror(errno))) }
        return (hasher.finalizeHex(), total)
    }

    /// The warnings for one finished column.
    static func notes(for column: StatFileColumn, format: StatFileFormat, unlabelled: Int) -> [String] {
        var notes: [String] = []
        var missing: [String] = []
        if column.taggedMissing > 0 {
            let kind = format == .stata ? "extended missing values (.a–.z)" : "special missing values (.A–.Z, ._)"
            missing.append("\(column.taggedMissing) \(kind)")
        }
        if column.userMissing > 0 { missing.append("\(column.userMissing) user-defined missing values") }
        if !missing.isEmpty { notes.append("column '\(column.name)': \(missing.joined(separator: " and ")) read as missing") }
        if unlabelled > 0 {
            notes.append("column '\(column.name)': \(unlabelled) values have no value label; their codes became levels")
        }
        if let temporal = column.temporal {
            notes.append("column '\(column.name)': \(format.packageName) \(temporal == .time ? "times" : temporal == .date ? "dates" : "date-times") read as \(temporal.unit)")
        }
        return notes
    }

    /// The error for a table larger than ``StatFileOptions/maximumTableBytes``.
    static func tooLarge(path: String, rows: Int, columns: Int, limit: UInt64, options: StatFileOptions) -> TabularError {
        .file(path: path, message: "the table (\(rows) rows × \(columns) columns × 8 bytes) needs more than \(MemoryLimit.format(limit)) of memory, "
              + "\(options.maximumTableBytesSource); read fewer columns or use a machine with more memory")
    }
}
