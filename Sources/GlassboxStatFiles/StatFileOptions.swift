/// Options for ``StatFileReader``.
public struct StatFileOptions: Sendable {
    /// The variables to read, by name; `nil` (the default) reads every variable. The others are
    /// skipped by ReadStat (their values are never decoded); the table holds the requested ones in
    /// file order. A name the file does not have is ``TabularError/unknownColumn(_:available:)``.
    public var columns: Set<String>?
    /// With ``columns``, variables also read when the file has them; a name the file lacks is no error
    /// (the command line reads a `--derive` name this way, so a clash with a variable is seen).
    public var optionalColumns: Set<String> = []
    /// Keep a value-labelled numeric variable as its numeric codes instead of turning it into a
    /// categorical column of its label texts.
    public var keepValueCodes = false
    /// When set, reading fails as soon as the table needs more than this many bytes (8 per cell
    /// read): rows × variables read, checked against the row count in the file's header when it has
    /// one and row by row otherwise.
    public var maximumTableBytes: UInt64?
    /// Where ``maximumTableBytes`` comes from, for the message (e.g. "the memory available").
    public var maximumTableBytesSource = "the limit set"

    /// Options that read every variable and turn value labels into categorical levels.
    public init(columns: Set<String>? = nil, keepValueCodes: Bool = false) {
        self.columns = columns
        self.keepValueCodes = keepValueCodes
    }
}
