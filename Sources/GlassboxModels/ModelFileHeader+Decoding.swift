import Foundation
import GlassboxTabular

extension ModelFileHeader {
    /// The steps every model kind's loader shares: header (JSON syntax, schema version), the expected
    /// `kind`, no unknown top-level field, then decoding with a message naming the missing or
    /// mistyped field. Kind-specific structural checks follow in each loader.
    static func decode<File: Decodable>(_ type: File.Type, bytes: [UInt8], path: String, kind: String,
                                        knownFields: Set<String>) throws -> File {
        let header = try read(bytes: bytes, path: path)
        guard header.kind == kind else {
            let article = kind.first.map { "aeiou".contains($0) } == true ? "an" : "a"
            throw ModelError.invalidModelFile("\(path) holds a '\(header.kind)' model, but \(article) '\(kind)' model is needed here")
        }
        let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] ?? [:]
        if let unknown = object.keys.sorted().first(where: { !knownFields.contains($0) }) {
            throw ModelError.invalidModelFile("\(path) has an unknown field '\(unknown)' (was it edited, or written by another program?)")
        }
        do {
            return try JSONDecoder().decode(File.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw ModelError.invalidModelFile("\(path): \(describe(error))")
        } catch let error as TabularError {
            throw ModelError.invalidModelFile("\(path): field 'encoding.formula': \(error)")
        }
    }

    /// The checks every kind shares after decoding: the top-level `formula` (the text a reader and the
    /// notebook see) must be the encoding's formula, and the encoding must be exactly what that formula and its
    /// factor codings make (``DesignEncoding/validate()``), so no index stored in the file is out of range.
    static func validateEncoding(formula: String, encoding: DesignEncoding, path: String,
                                 fullCoding: ((DesignEncoding) -> DesignEncoding)? = nil) throws {
        guard formula == encoding.formula.source else {
            throw ModelError.invalidModelFile("\(path): its formula '\(DesignEncoding.shortened(formula))' is not the formula of its design encoding '\(DesignEncoding.shortened(encoding.formula.source))' (was it edited?)")
        }
        do {
            try encoding.validate(fullCoding: fullCoding)
        } catch let error as TabularError {
            throw ModelError.invalidModelFile("\(path): \(error)")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingPrefix(".").description
        }
        switch error {
        case let .keyNotFound(key, context):
            let parent = path(context.codingPath)
            return "missing field '\(parent.isEmpty ? "" : parent + ".")\(key.stringValue)'"
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            return "field '\(path(context.codingPath))' has the wrong type or is null"
        case let .dataCorrupted(context):
            return "field '\(path(context.codingPath))' is invalid: \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
