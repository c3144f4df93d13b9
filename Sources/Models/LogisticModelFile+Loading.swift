import Foundation

extension LogisticModelFile {
    static let knownFields: Set<String> = ["schemaVersion", "kind", "formula", "encoding", "options", "coefficients",
                                           "covariance", "fit", "warnings", "manifest"]

    /// Reads and validates a model file: JSON syntax, schema version, kind, known fields, then the
    /// structure (term lists agree, estimates finite, covariance p×p). Each failure names the file and the problem.
    public static func load(bytes: [UInt8], path: String) throws -> LogisticModelFile {
        let file = try ModelFileHeader.decode(LogisticModelFile.self, bytes: bytes, path: path, kind: kindName, knownFields: knownFields)
        try file.validate(path: path)
        return file
    }

    func validate(path: String) throws {
        func fail(_ message: String) -> ModelError { .invalidModelFile("\(path): \(message)") }
        let terms = coefficients.map(\.term)
        guard terms == encoding.termNames else {
            throw fail("the coefficient terms (\(terms.count)) do not match the design encoding's terms (\(encoding.termNames.count))")
        }
        for c in coefficients {
            if c.aliased {
                if c.estimate != nil { throw fail("term '\(c.term)' is marked aliased but has an estimate") }
                continue
            }
            guard let b = c.estimate else { throw fail("term '\(c.term)' has no estimate") }
            guard b.isFinite else { throw fail("term '\(c.term)' has a non-finite estimate") }
            if let s = c.stdError, !(s.isFinite && s >= 0) { throw fail("term '\(c.term)' has an invalid standard error") }
        }
        if let cov = covariance {
            guard cov.count == terms.count, cov.allSatisfy({ $0.count == terms.count }) else {
                throw fail("the covariance matrix is not \(terms.count)×\(terms.count)")
            }
        }
        guard options.lambda.isFinite && options.lambda >= 0 else { throw fail("the penalty λ is not a non-negative number") }
        guard ["none", "l1", "l2"].contains(options.penalty) else { throw fail("unknown penalty '\(options.penalty)'") }
    }
}

extension ModelFileHeader {
    /// Reads `schemaVersion` and `kind`, with messages for truncated JSON and future versions.
    public static func read(bytes: [UInt8], path: String) throws -> ModelFileHeader {
        guard !bytes.isEmpty else { throw ModelError.invalidModelFile("\(path) is empty") }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw ModelError.invalidModelFile("\(path) is not valid JSON (truncated or corrupted?)")
        }
        guard let dictionary = object as? [String: Any] else {
            throw ModelError.invalidModelFile("\(path) is not a Glassbox model (expected a JSON object)")
        }
        guard let version = dictionary["schemaVersion"] as? Int else {
            throw ModelError.invalidModelFile("\(path) has no 'schemaVersion': it is not a Glassbox model file")
        }
        guard let kind = dictionary["kind"] as? String else {
            throw ModelError.invalidModelFile("\(path) has no model 'kind'")
        }
        guard version == LogisticModelFile.currentSchemaVersion else {
            let newer = version > LogisticModelFile.currentSchemaVersion
            throw ModelError.invalidModelFile("\(path) has schema version \(version); this Glassbox reads version \(LogisticModelFile.currentSchemaVersion)" + (newer ? " (upgrade Glassbox)" : ""))
        }
        return ModelFileHeader(schemaVersion: version, kind: kind)
    }
}
