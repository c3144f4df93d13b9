/// Options for ``CSVReader``.
public struct CSVOptions: Sendable {
    /// Field separator byte (default `,`); must not be `"`, CR or LF.
    public var delimiter: UInt8 = UInt8(ascii: ",")
    /// Field texts (after unquoting, compared exactly, no trimming) that mean "missing".
    public var missingTokens: Set<String> = ["", "NA", "NaN", "null", "N/A"]
    /// Bytes read from the file per block; each block is parsed on all cores, then merged in order.
    public var blockSize: Int = 16 << 20

    public init(
        delimiter: UInt8 = UInt8(ascii: ","),
        missingTokens: Set<String> = ["", "NA", "NaN", "null", "N/A"],
        blockSize: Int = 16 << 20
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

    public init(table: Table, warnings: [String], sha256: String, byteCount: Int) {
        self.table = table
        self.warnings = warnings
        self.sha256 = sha256
        self.byteCount = byteCount
    }
}
