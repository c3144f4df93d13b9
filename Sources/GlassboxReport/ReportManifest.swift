import GlassboxModels

/// What was run on which data (issue 7 item 4): Glassbox version, command line, input SHA-256 and
/// rows read/used/dropped, seed, BLAS library and time. `createdAt` comes from `SOURCE_DATE_EPOCH`
/// when it is set (see ``Models/ModelManifest/timestamp(environment:)``), so the same inputs, seed and
/// epoch give byte-identical reports.
public struct ReportManifest: Sendable, Equatable {
    public struct Input: Sendable, Equatable {
        /// What the file was used as: "data", "model", …
        public var role: String
        public var path: String
        public var sha256: String
        public var rowsRead: Int?
        public var rowsUsed: Int?
        public var rowsDropped: Int?
        public init(role: String, path: String, sha256: String, rowsRead: Int? = nil, rowsUsed: Int? = nil, rowsDropped: Int? = nil) {
            self.role = role
            self.path = path
            self.sha256 = sha256
            self.rowsRead = rowsRead
            self.rowsUsed = rowsUsed
            self.rowsDropped = rowsDropped
        }
    }

    public var glassboxVersion: String
    public var commandLine: [String]
    public var inputs: [Input]
    public var seed: UInt64?
    public var blas: String
    public var createdAt: String

    public init(glassboxVersion: String, commandLine: [String], inputs: [Input], seed: UInt64?, blas: String, createdAt: String) {
        self.glassboxVersion = glassboxVersion
        self.commandLine = commandLine
        self.inputs = inputs
        self.seed = seed
        self.blas = blas
        self.createdAt = createdAt
    }

    /// The report manifest of a model or command manifest (its data file becomes the one input).
    public init(_ m: ModelManifest, extraInputs: [Input] = []) {
        glassboxVersion = m.glassboxVersion
        commandLine = m.commandLine
        inputs = (m.data.map { [Input(role: "data", path: $0.path, sha256: $0.sha256, rowsRead: $0.rowsRead, rowsUsed: $0.rowsUsed,
                                       rowsDropped: $0.rowsDropped)] } ?? []) + extraInputs
        seed = m.seed
        blas = m.blas
        createdAt = m.createdAt
    }
}
