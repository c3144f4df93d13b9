import GlassboxCore

/// What loading shares across the model-file kinds: each names its `kind` and top-level fields and
/// checks its structure after decoding; the header, decoding and path steps are the same for all.
package protocol ModelFileFormat: Decodable {
    /// The model file's `kind` field.
    static var kindName: String { get }
    /// The top-level fields the kind's files may hold (any other is refused).
    static var knownFields: Set<String> { get }
    /// The kind's structural checks after decoding; each failure names `path` and the problem.
    func validate(path: String) throws
}

extension ModelFileFormat {
    /// Header (JSON syntax, schema version), kind, known fields and decoding
    /// (``ModelFileHeader/decode(_:bytes:path:kind:knownFields:)``), then ``validate(path:)``.
    static func loadValidated(bytes: [UInt8], path: String) throws -> Self {
        let file = try ModelFileHeader.decode(Self.self, bytes: bytes, path: path, kind: kindName, knownFields: knownFields)
        try file.validate(path: path)
        return file
    }

    /// The file at `path` (path checks and size cap as for data files, ``FileCheck``), loaded by
    /// ``loadValidated(bytes:path:)``.
    static func loadValidated(path: String) throws -> Self {
        try FileCheck.requireReadableFile(path)
        return try loadValidated(bytes: try FileCheck.readBytes(path), path: path)
    }
}
