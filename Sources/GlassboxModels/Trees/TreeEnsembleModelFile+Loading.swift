extension TreeEnsembleModelFile: ModelFileFormat {
    package static let knownFields: Set<String> = ["schemaVersion", "kind", "source", "outcome", "ensemble", "manifest"]

    /// Reads and validates a tree-ensemble model file: JSON syntax, schema version, kind, known fields, then
    /// the ensemble's structure (``TreeEnsemble/validate()``: node counts, child indices, features, finite
    /// numbers) and the feature names (non-empty, distinct). Each failure names the file and the problem.
    public static func load(bytes: [UInt8], path: String) throws -> TreeEnsembleModelFile {
        try loadValidated(bytes: bytes, path: path)
    }

    /// Reads and validates the tree-ensemble model file at `path` (path checks, size cap, then
    /// ``load(bytes:path:)``).
    public static func load(path: String) throws -> TreeEnsembleModelFile {
        try loadValidated(path: path)
    }

    package func validate(path: String) throws {
        do {
            try ensemble.validate()
        } catch ModelError.invalidModelFile(let message) {
            throw ModelError.invalidModelFile("\(path): \(message)")
        }
        let names = ensemble.features.map(\.name)
        guard Set(names).count == names.count, !names.contains("") else {
            throw ModelError.invalidModelFile("\(path): the feature names are not distinct and non-empty")
        }
        guard source.sha256.count == 64, source.sha256.allSatisfy(\.isHexDigit) else {
            throw ModelError.invalidModelFile("\(path): source.sha256 is not a SHA-256 digest")
        }
    }
}
