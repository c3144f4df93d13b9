import GlassboxCore
/// Options for ``CSVReader``.
public struct CSVOptions: Sendable {
    /// Field separator byte (default `,`); must not be `"`, CR or LF.
    public var delimiter: UInt8 = UInt8(ascii: ",")
    /// Field texts (after unquoting, compared exactly, no trimming) that mean "missing".
    public var missingTokens: Set<String> = ["", "NA", "NaN", "null", "N/A"]
    /// Bytes read from the file per block; each block is parsed on all cores, then merged in order.
    public var blockSize: Int = 12 << 20
    /// The longest header or record, in bytes, that may be read before its line ends (64 MiB): an
    /// input without line breaks (`/dev/zero`, a binary file, an endless pipe) is an error once
    /// this much is pending instead of growing the reader's buffer without bound.
    public var maximumRecordBytes: Int = 64 << 20
    /// When set, reading stops with an error as soon as the table read so far needs more than this
    /// many bytes (8 per field): the bound for inputs whose size is not known up front (pipes).
    public var maximumTableBytes: UInt64?
    /// Where ``maximumTableBytes`` comes from, for the message (e.g. "the memory available").
    public var maximumTableBytesSource = "the limit set"
    /// The columns to read, by header name (after empty names and repeats are renamed, as the
    /// table would name them); `nil` (the default) reads every column.
    ///
    /// Other columns are stepped over: no number parsing, no level tables, no storage; the table
    /// holds only the requested columns, in file order, each exactly as a whole-file read would give
    /// it (type, numbers, levels and their order, missing values). The file is still checked as a
    /// whole: every record must have the header's number of fields and be well formed (quotes), the
    /// ``CSVReadResult/sha256`` is the whole input's, and the header's renaming warnings are the same.
    /// Checks of a field's content (a NUL byte, invalid UTF-8, a number beyond the double range) apply
    /// to the columns read only, as pandas' `usecols` does.
    /// A requested name that is not in the header is ``TabularError/unknownColumn(_:available:)``
    /// (the first such name in sorted order, listing every header name), raised once the header is read.
    public var columns: Set<String>?

    /// Options with the given delimiter, missing-value tokens and block size; no table-size limit.
    public init(
        delimiter: UInt8 = UInt8(ascii: ","),
        missingTokens: Set<String> = ["", "NA", "NaN", "null", "N/A"],
        blockSize: Int = 12 << 20
    ) {
        self.delimiter = delimiter
        self.missingTokens = missingTokens
        self.blockSize = blockSize
    }
}

/// What ``CSVReader`` returns: the table plus facts a report manifest needs.
public struct CSVReadResult: Sendable {
    /// The parsed table (numeric and categorical columns).
    public var table: Table
    /// Non-fatal notes, e.g. duplicate or empty column names that were renamed.
    public var warnings: [String]
    /// Lower-case hex SHA-256 of every byte of the input, computed in the same pass as the parse.
    public var sha256: String
    /// Number of bytes in the input.
    public var byteCount: Int

    /// A result with the given parts.
    /// For data read from a database (`GlassboxDatabase`), what was read and from which server; nil for a file.
    public var database: Provenance.DatabaseQuery?

    public init(table: Table, warnings: [String], sha256: String, byteCount: Int, database: Provenance.DatabaseQuery? = nil) {
        self.database = database
        self.table = table
        self.warnings = warnings
        self.sha256 = sha256
        self.byteCount = byteCount
    }
}
