extension Table {
    /// The table as RFC 4180 CSV bytes: a header line, then one line per row, each ended by `\n`; fields
    /// quoted when needed, text that a spreadsheet would run as a formula prefixed with `'`, missing values
    /// empty, integral numbers without a fractional part and other numbers in shortest round-trip form.
    /// - Parameters:
    ///   - columns: the columns to write, in this order (nil = every column in table order); each must be a
    ///     column of the table (``hasColumn(_:)``).
    ///   - delimiter: the field separator byte (`,` by default; `\t` for TSV).
    ///   - header: whether to write the header line (false for the second and later chunks of a file
    ///     written chunk by chunk).
    public func csvBytes(columns: [String]? = nil, delimiter: UInt8 = UInt8(ascii: ","), header: Bool = true) -> [UInt8] {
        CSVWriter.render(self, columns: columns, delimiter: delimiter, header: header)
    }
}
