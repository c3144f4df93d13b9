import Foundation

/// Where a model file or a report came from — enough to re-run it and to check it ran on the same data:
/// Glassbox version, command line, the input files with their SHA-256 and row counts, seed, BLAS library
/// and time. One type for model files (their `manifest`) and reports (their manifest block).
///
/// A model file records its training data only (``data``); a report lists every input it read, the data
/// first (``inputs``). `createdAt` comes from `SOURCE_DATE_EPOCH` when it is set
/// (``timestamp(environment:)``), so the same inputs, seed and epoch give byte-identical outputs.
public struct Provenance: Sendable, Equatable, Codable {
    /// The input data as read.
    public struct DataSource: Sendable, Equatable, Codable {
        /// The path as given.
        public var path: String
        /// Lower-case hex SHA-256 of the file's bytes.
        public var sha256: String
        /// Data rows in the file.
        public var rowsRead: Int
        /// Rows the model used (complete in every column it reads).
        public var rowsUsed: Int
        /// Rows dropped for a missing value.
        public var rowsDropped: Int
        /// Rows with a missing value, per model column (a row can count under several columns).
        public var missingByColumn: [String: Int]
        /// Row filters applied after reading, as written (all held for every row used); nil when none,
        /// and then absent from the encoded record.
        public var filters: [String]?
        /// Derived columns `NAME=EXPR` computed after reading, before the filters, in order; nil when none.
        public var derivedColumns: [String]?
        /// For data read from a database, what was read and from which server (nil for a file, and then
        /// absent from the JSON, so a file's record is unchanged). ``sha256`` is then the rows' digest.
        public var database: DatabaseQuery? = nil

        /// A data file's record: its `path` as given, the SHA-256 of its bytes and its row counts.
        public init(path: String, sha256: String, rowsRead: Int, rowsUsed: Int, rowsDropped: Int, missingByColumn: [String: Int]) {
            self.path = path
            self.sha256 = sha256
            self.rowsRead = rowsRead
            self.rowsUsed = rowsUsed
            self.rowsDropped = rowsDropped
            self.missingByColumn = missingByColumn
        }

        /// Records the row `filters` and `derivations` the data went through (nil for an empty list,
        /// so a record without them encodes exactly as before).
        public mutating func recordPreparation(filters: [String], derivations: [String]) {
            self.filters = filters.isEmpty ? nil : filters
            derivedColumns = derivations.isEmpty ? nil : derivations
        }
    }

    /// Data read from a database: its kind, the query or table, the server and how the rows were hashed.
    /// No password is ever recorded (the location refuses one).
    public struct DatabaseQuery: Sendable, Equatable, Codable {
        /// "sqlite" or "postgresql".
        public var kind: String
        /// The query as given, when the data came from a query.
        public var query: String?
        /// The table name as given, when the data came from a whole table.
        public var table: String?
        /// The server's version (`server_version` of PostgreSQL, the SQLite library's version).
        public var serverVersion: String
        /// What ``DataSource/sha256`` digests: "copy-csv" (the bytes of PostgreSQL's `COPY … TO STDOUT
        /// WITH (FORMAT csv, HEADER)`) or "canonical-csv" (the same encoding, written by Glassbox from
        /// rows fetched one by one: SQLite, or a PostgreSQL server that refuses COPY).
        public var rowEncoding: String
        /// The result columns read, when only these were (the query wrapped as
        /// `SELECT "a", "b" FROM (query) AS glassbox_source`, or a table's columns selected by name); nil when
        /// every column was, and then absent from the JSON. ``DataSource/sha256`` digests the rows as read.
        public var columns: [String]? = nil

        /// A database read's record.
        public init(kind: String, query: String?, table: String?, serverVersion: String, rowEncoding: String) {
            self.kind = kind
            self.query = query
            self.table = table
            self.serverVersion = serverVersion
            self.rowEncoding = rowEncoding
        }

        /// The record as a JSON object for the reports' hand-written manifests (keys in declaration order).
        package var json: JSONValue {
            var pairs: [(String, JSONValue)] = [("kind", .string(kind))]
            if let query { pairs.append(("query", .string(query))) }
            if let table { pairs.append(("table", .string(table))) }
            if let columns { pairs.append(("columns", .array(columns.map(JSONValue.string)))) }
            return .object(pairs + [("serverVersion", .string(serverVersion)), ("rowEncoding", .string(rowEncoding))])
        }
    }

    /// One input file of a report, as its manifest lists it.
    public struct Input: Sendable, Equatable {
        /// What the file was used as: "data", "model", "uplift evaluation", …
        public var role: String
        /// The path as given.
        public var path: String
        /// Lower-case hex SHA-256 of the file's bytes.
        public var sha256: String
        /// Data rows in the file; nil for a file that is not a table.
        public var rowsRead: Int?
        /// Rows used; nil for a file that is not a table.
        public var rowsUsed: Int?
        /// Rows dropped for a missing value; nil for a file that is not a table.
        public var rowsDropped: Int?

        /// An input file: its `role`, `path` as given, the SHA-256 of its bytes and, for data, its row counts.
        public init(role: String, path: String, sha256: String, rowsRead: Int? = nil, rowsUsed: Int? = nil, rowsDropped: Int? = nil) {
            self.role = role
            self.path = path
            self.sha256 = sha256
            self.rowsRead = rowsRead
            self.rowsUsed = rowsUsed
            self.rowsDropped = rowsDropped
        }

        /// A file read as `contents` that is not a table (a model, an evaluation): its `role`, `path` as
        /// given and the SHA-256 of `contents`.
        public init(role: String, path: String, contents: [UInt8]) {
            self.init(role: role, path: path, sha256: SHA256.hexDigest(of: contents))
        }
    }

    /// The version of Glassbox that made the record.
    public var glassboxVersion: String
    /// The command line as typed (arguments after the program name).
    public var commandLine: [String]
    /// The data file (of a model: its training data).
    public var data: DataSource?
    /// Inputs besides ``data`` (a model file, evaluation files); reports list them, model files do not record them.
    public var otherInputs: [Input] = []
    /// The random seed, when the run drew random numbers.
    public var seed: UInt64?
    /// The BLAS shared object in use (Debian can switch it at run time).
    public var blas: String
    /// ISO 8601 UTC; taken from `SOURCE_DATE_EPOCH` when set, for reproducible outputs.
    public var createdAt: String

    /// The keys of a model file's `manifest` object.
    enum CodingKeys: String, CodingKey {
        case glassboxVersion, commandLine, data, seed, blas, createdAt
    }

    /// A record made now (or at `SOURCE_DATE_EPOCH` in `environment`) by this Glassbox version.
    public init(commandLine: [String], data: DataSource?, seed: UInt64? = nil, blas: String,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        glassboxVersion = GlassboxVersion.string
        self.commandLine = commandLine
        self.data = data
        self.seed = seed
        self.blas = blas
        createdAt = Provenance.timestamp(environment: environment)
    }

    /// A copy of `provenance` with `extraInputs` appended to its other inputs (a report's model file, …).
    public init(_ provenance: Provenance, extraInputs: [Input] = []) {
        self = provenance
        otherInputs += extraInputs
    }

    /// Every input, as a report lists them: the data file (role "data") first, then ``otherInputs``.
    /// Setting it updates the data file from a first "data" entry and stores the rest as ``otherInputs``.
    public var inputs: [Input] {
        get {
            (data.map { [Input(role: "data", path: $0.path, sha256: $0.sha256, rowsRead: $0.rowsRead, rowsUsed: $0.rowsUsed,
                               rowsDropped: $0.rowsDropped)] } ?? []) + otherInputs
        }
        set {
            var rest = newValue[...]
            if var source = data, let first = rest.first, first.role == "data" {
                source.path = first.path
                source.sha256 = first.sha256
                source.rowsRead = first.rowsRead ?? source.rowsRead
                source.rowsUsed = first.rowsUsed ?? source.rowsUsed
                source.rowsDropped = first.rowsDropped ?? source.rowsDropped
                data = source
                rest = rest.dropFirst()
            }
            otherInputs = Array(rest)
        }
    }

    /// Now, or `SOURCE_DATE_EPOCH` (seconds since 1970) when it is set, as `yyyy-MM-ddTHH:mm:ssZ`.
    public static func timestamp(environment: [String: String]) -> String {
        let seconds: Double
        if let text = environment["SOURCE_DATE_EPOCH"], let epoch = Double(text) {
            seconds = epoch
        } else {
            seconds = Date().timeIntervalSince1970.rounded(.down)
        }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
