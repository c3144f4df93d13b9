import GlassboxCore

/// A saved tree ensemble imported from a vendor's model file (`glassbox import`): versioned JSON of kind
/// `treeEnsemble` holding the ``TreeEnsemble`` and where it came from (the original's format, maker version,
/// objective, file name and SHA-256), so a report citing the model cites one hashed file.
///
/// Importing once (rather than reading vendors' files wherever a model is accepted) gives every later
/// command one file that validates once, loads fast and records its original's fingerprint.
public struct TreeEnsembleModelFile: Sendable, Codable, Equatable {
    public static let currentSchemaVersion = 1
    public static let kindName = ModelKind.treeEnsemble.rawValue

    /// The original model file.
    public struct Source: Sendable, Codable, Equatable {
        /// The format it was read as.
        public var format: TreeModelFormat
        /// The version of the software that wrote it, when the file records it.
        public var makerVersion: String?
        /// The maker's objective or function name, when the file records it.
        public var objective: String?
        /// The file's name as given to the import (its last path component).
        public var fileName: String
        /// Lower-case hex SHA-256 of the original file's bytes.
        public var sha256: String

        public init(format: TreeModelFormat, makerVersion: String?, objective: String?, fileName: String, sha256: String) {
            self.format = format
            self.makerVersion = makerVersion
            self.objective = objective
            self.fileName = fileName
            self.sha256 = sha256
        }
    }

    public var schemaVersion: Int
    public var kind: String
    /// The original model file.
    public var source: Source
    /// The outcome column the model predicts (for evaluations and audits), when the import named one.
    public var outcome: String?
    /// The model.
    public var ensemble: TreeEnsemble
    /// The import command and time (no training data: the model was trained elsewhere).
    public var manifest: Provenance

    public init(ensemble: TreeEnsemble, source: Source, outcome: String? = nil, manifest: Provenance) {
        schemaVersion = Self.currentSchemaVersion
        kind = Self.kindName
        self.source = source
        self.outcome = outcome
        self.ensemble = ensemble
        self.manifest = manifest
    }

    /// Imports the vendor model in `bytes` (read as `format`; `fileName` names it in messages and in the
    /// record) into a model file recording its SHA-256.
    public static func importing(_ format: TreeModelFormat, bytes: [UInt8], fileName: String, outcome: String? = nil,
                                 manifest: Provenance) throws -> TreeEnsembleModelFile {
        let imported = try format.importEnsemble(bytes: bytes, fileName: fileName)
        let source = Source(format: format, makerVersion: imported.makerVersion, objective: imported.objective,
                            fileName: fileName, sha256: SHA256.hexDigest(of: bytes))
        return TreeEnsembleModelFile(ensemble: imported.ensemble, source: source, outcome: outcome, manifest: manifest)
    }

    /// Pretty-printed JSON with sorted keys (stable bytes for the same model).
    public func encoded() throws -> [UInt8] {
        try JSONFormat.encode(self)
    }
}
