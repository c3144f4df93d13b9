import Foundation
import GlassboxCore

/// Where a model or report came from: enough to re-run it and to check it was run on the same data.
public struct ModelManifest: Sendable, Equatable, Codable {
    /// The input data as read.
    public struct DataSource: Sendable, Equatable, Codable {
        public var path: String
        public var sha256: String
        public var rowsRead: Int
        public var rowsUsed: Int
        public var rowsDropped: Int
        /// Rows with a missing value, per model column (a row can count under several columns).
        public var missingByColumn: [String: Int]
        public init(path: String, sha256: String, rowsRead: Int, rowsUsed: Int, rowsDropped: Int, missingByColumn: [String: Int]) {
            self.path = path
            self.sha256 = sha256
            self.rowsRead = rowsRead
            self.rowsUsed = rowsUsed
            self.rowsDropped = rowsDropped
            self.missingByColumn = missingByColumn
        }
    }

    public var glassboxVersion: String
    /// The command line as typed (arguments after the program name).
    public var commandLine: [String]
    public var data: DataSource?
    public var seed: UInt64?
    /// The BLAS shared object in use (Debian can switch it at run time).
    public var blas: String
    /// ISO 8601 UTC; taken from `SOURCE_DATE_EPOCH` when set, for reproducible outputs.
    public var createdAt: String

    public init(commandLine: [String], data: DataSource?, seed: UInt64? = nil, blas: String,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        glassboxVersion = GlassboxVersion.string
        self.commandLine = commandLine
        self.data = data
        self.seed = seed
        self.blas = blas
        createdAt = ModelManifest.timestamp(environment: environment)
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
