import ArgumentParser
import GlassboxCore
import GlassboxTabular
import GlassboxModels
import GlassboxStatFiles
import GlassboxDatabase

/// How to read the input data: a CSV, or a Stata/SPSS/SAS file, with row filters and derived columns.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "Input data: a CSV file (header row required); a Stata .dta, SPSS .sav/.zsav or SAS .sas7bdat file (by extension); or a database, sqlite:PATH or postgresql://user@host:port/db (password from PGPASSWORD or ~/.pgpass), with --query or --table.")
    var data: String

    @Option(name: .long, help: "With a database --data: the SELECT query whose rows to read.")
    var query: String?

    @Option(name: .long, help: "With a database --data: the table to read whole.")
    var table: String?

    @Option(name: .long, help: "Field delimiter: one character, or 'tab'.")
    var delimiter: String = ","

    @Option(name: .customLong("na"), help: "Comma-separated tokens read as missing (default: empty, NA, NaN, null, N/A).")
    var missingTokens: String?

    @Option(name: .customLong("where"), help: ArgumentHelp("Keep only the rows where EXPR holds (repeatable: all must hold), e.g. 'age >= 18 and party in (\"DEM\", \"REP\")'. A row the filter cannot decide for a missing value is dropped and counted.", valueName: "EXPR"))
    var filters: [String] = []

    @Option(name: .customLong("derive"), help: ArgumentHelp("Add a column NAME computed by EXPR before --where and the command (repeatable, in order), e.g. 'high = score_text != \"Low\"'.", valueName: "NAME=EXPR"))
    var derivations: [String] = []

    @Flag(name: .customLong("value-codes"), help: "Stata/SPSS files (.dta, .sav, .zsav): keep value-labelled variables as their numeric codes, not their labels.")
    var valueCodes = false

    func csvOptions() throws -> CSVOptions {
        var options = CSVOptions()
        let d = delimiter == "tab" || delimiter == "\\t" ? "\t" : delimiter
        guard d.utf8.count == 1, let byte = d.utf8.first, byte != UInt8(ascii: "\""), byte != 10, byte != 13 else {
            throw ValidationError("--delimiter must be a single ASCII character other than a quote or newline (or 'tab'), got '\(delimiter)'")
        }
        options.delimiter = byte
        if let tokens = missingTokens {
            options.missingTokens = Set(tokens.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
        }
        return options
    }

    /// Reads `--data` (CSV, or Stata/SPSS/SAS by extension) after checking the path, so a missing file or a directory gets its own message, then applies `--derive` and `--where`.
    /// `progress` shows the bytes read (see ``ProgressOptions``).
    ///
    /// With `columns`, only those columns of a regular file are parsed (``CSVOptions/columns``). When one
    /// of them is not in the file, the whole file is read again, so the command reports the missing
    /// column (or whatever else it checks first) exactly as it does without the projection. A pipe
    /// cannot be read twice, so it is always read whole.
    func read(progress: ProgressObserver? = nil, columns: Set<String>? = nil) throws -> CSVReadResult {
        let isDatabase = DatabaseReader.isDatabaseLocation(data)
        if !isDatabase {
            _ = try readDatabase()  // refuses --query/--table with a file
            try FileCheck.requireReadableFile(data)
        }
        // The columns --where/--derive read join the projection; a bad expression fails before the data are read.
        let projected = try projection(adding: columns)
        if isDatabase, let result = try readDatabase(columns: projected) { return try prepare(result) }
        if StatFileReader.reads(path: data) { return try prepare(try readStatFile(progress: progress, columns: projected)) }
        return try prepare(try readCSV(progress: progress, columns: try clashingDerivedColumns(adding: projected)))
    }

    /// Reads the CSV `--data` file, parsing only `columns` of a regular file.
    private func readCSV(progress: ProgressObserver?, columns: Set<String>?) throws -> CSVReadResult {
        var options = try csvOptions()
        try MemoryBudget.check(path: data, delimiter: options.delimiter, columnsRead: columns?.count)
        // Inputs of unknown size (pipes) are bounded while they are read.
        if let limit = MemoryBudget.limit() {
            options.maximumTableBytes = limit.bytes
            options.maximumTableBytesSource = limit.source
        }
        var result: CSVReadResult
        do {
            var projected = options
            projected.columns = Self.isRegularFile(data) ? columns : nil
            result = try CSVReader.read(path: data, options: projected, progress: progress)
        } catch TabularError.unknownColumn where columns != nil && Self.isRegularFile(data) {
            result = try CSVReader.read(path: data, options: options, progress: progress)
        }
        for warning in result.warnings { printError("warning: " + warning) }
        return result
    }
}

extension DataOptions {
    /// Whether `path` is a regular file (which can be read twice), not a pipe or device.
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}

/// Where to write an output file.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output file (written atomically: a temporary file, then a rename; a device or FIFO is written in place).")
    var out: String

    @Flag(name: .long, help: "Replace the output file if it exists.")
    var force = false

    func write(_ bytes: [UInt8]) throws {
        try ResultOutput(out: out, force: force).write(bytes)
    }

    /// Fails fast, before any expensive work, when the output is an input or exists without `--force`.
    func preflight(inputs: [String]) throws {
        try preflightOutput(out, force: force, inputs: inputs)
    }
}

/// Refuses, before any work, an output the write would refuse (see ``AtomicFile/destination(of:force:)``:
/// a directory, a block device, a socket, a dangling symbolic link, an existing file without `--force`)
/// and an output that is one of the command's `inputs` — compared by file identity (device and inode,
/// after following symbolic links), so a hard link, a symlink or another spelling of an input is caught.
/// A character device or FIFO (`/dev/null`) is written in place and needs no `--force`.
func preflightOutput(_ out: String, force: Bool, inputs: [String]) throws {
    // A directory is an output problem (73), not the missing-input status the shared error would map to.
    var info = stat()
    if out.hasSuffix("/") || (stat(out, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR) {
        throw CLIError(description: "--out '\(out)' is a directory; give the path of a file to write", status: .cannotCreate)
    }
    // Writing to a character device (/dev/null, a terminal) cannot destroy an input read from it.
    let isCharacterDevice = stat(out, &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR
    for input in inputs where !isCharacterDevice && samePath(input, out) {
        throw CLIError(description: "--out '\(out)' is the same file as the input '\(input)'; choose another output path", status: .cannotCreate)
    }
    _ = try AtomicFile.destination(of: out, force: force)
}

/// Whether `a` and `b` name the same file: the same device and inode after following symbolic links,
/// or (when either does not exist yet) the same path text.
func samePath(_ a: String, _ b: String) -> Bool {
    #if canImport(Glibc)
    var sa = stat(), sb = stat()
    if stat(a, &sa) == 0 && stat(b, &sb) == 0 { return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino }
    #endif
    return a == b
}

#if canImport(Glibc)
import Glibc
#endif


/// `--l2 λ` / `--l1 λ`, shared by the commands whose base learner is logistic regression.
struct PenaltyOptions: ParsableArguments {
    @Option(help: "Fit with an L2 penalty (λ/2)·Σβ² (intercept unpenalised).")
    var l2: Double?
    @Option(help: "Fit with an L1 penalty λ·Σ|β| (intercept unpenalised).")
    var l1: Double?

    func validate() throws {
        if l1 != nil && l2 != nil { throw ValidationError("--l1 and --l2 cannot be combined") }
        for (name, value) in [("--l1", l1), ("--l2", l2)] {
            if let v = value, !(v.isFinite && v >= 0) { throw ValidationError("\(name) must be a non-negative number, got \(v)") }
        }
    }

    var isPenalised: Bool { l1 != nil || l2 != nil }
    var penalty: Penalty { l1.map(Penalty.l1) ?? l2.map(Penalty.l2) ?? .none }
}

/// `--quiet` and `--progress`, shared by the long-running commands: the progress display (``ProgressBar``) on stderr.
struct ProgressOptions: ParsableArguments {
    @Flag(help: "No progress display. The bar (rate, ETA) is drawn on stderr only when it is a terminal; the environment variable GLASSBOX_PROGRESS=always|never overrides that test, and --quiet wins over both.")
    var quiet = false
    @Flag(help: "Show the progress display on stderr even when it is not a terminal (as GLASSBOX_PROGRESS=always); --quiet wins.")
    var progress = false

    /// The observer to pass to long operations, or nil when the display is off.
    var observer: ProgressObserver? { ProgressBar.observer(quiet: quiet, forced: progress) }
}
