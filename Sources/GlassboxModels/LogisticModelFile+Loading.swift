import GlassboxCore
import Foundation

extension LogisticModelFile: ModelFileFormat {
    package static let knownFields: Set<String> = ["schemaVersion", "kind", "formula", "encoding", "options", "coefficients",
                                           "covariance", "fit", "warnings", "manifest"]

    /// Reads and validates a model file: JSON syntax, schema version, kind, known fields, then the
    /// structure (term lists agree, estimates finite, covariance p×p). Each failure names the file and the problem.
    public static func load(bytes: [UInt8], path: String) throws -> LogisticModelFile {
        try loadValidated(bytes: bytes, path: path)
    }

    package func validate(path: String) throws {
        func fail(_ message: String) -> ModelError { .invalidModelFile("\(path): \(message)") }
        try ModelFileHeader.validateEncoding(formula: formula, encoding: encoding, path: path)
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
            try Self.validateCovariance(cov, terms: terms, coefficients: coefficients, fail: fail)
        } else if coefficients.contains(where: { $0.stdError != nil }) {
            throw fail("it has standard errors but no covariance matrix")
        }
        guard fit.parameterCount >= 0, fit.parameterCount <= terms.count, fit.rowCount >= 0, fit.iterations >= 0,
              fit.nObservations.isFinite, fit.nObservations >= 0 else {
            throw fail("the fit statistics (rows, observations, parameters, iterations) are out of range")
        }
        guard options.lambda.isFinite && options.lambda >= 0 else { throw fail("the penalty λ is not a non-negative number") }
        guard ["none", "l1", "l2"].contains(options.penalty) else { throw fail("unknown penalty '\(options.penalty)'") }
    }
}

extension LogisticModelFile {
    /// A covariance matrix must be symmetric (to 1e-9 relative, as the inverse Hessian and the sandwich are
    /// symmetric up to rounding), with finite entries, a non-negative diagonal, null exactly in the rows and
    /// columns of aliased terms, and each standard error the square root of its diagonal entry (1e-9 relative).
    static func validateCovariance(_ cov: [[Double?]], terms: [String], coefficients: [Coefficient],
                                   fail: (String) -> ModelError) throws {
        let p = terms.count
        for i in 0..<p {
            let aliased = coefficients[i].aliased
            for j in 0..<p {
                let v = cov[i][j]
                if aliased || coefficients[j].aliased {
                    if v != nil { throw fail("the covariance has a value for the aliased term '\(aliased ? terms[i] : terms[j])'") }
                    continue
                }
                guard let v else { throw fail("the covariance of '\(terms[i])' and '\(terms[j])' is missing") }
                guard v.isFinite else { throw fail("the covariance of '\(terms[i])' and '\(terms[j])' is not finite") }
                if i == j && v < 0 { throw fail("the variance of '\(terms[i])' is negative (\(v))") }
                if j < i, let w = cov[j][i], abs(v - w) > 1e-9 * max(abs(v), abs(w), Double.leastNormalMagnitude) {
                    throw fail("the covariance matrix is not symmetric ('\(terms[i])', '\(terms[j])': \(v) and \(w))")
                }
            }
            if !aliased, let s = coefficients[i].stdError, let d = cov[i][i], abs(s - d.squareRoot()) > 1e-9 * max(s, d.squareRoot()) {
                throw fail("the standard error of '\(terms[i])' (\(s)) is not the square root of its variance (\(d))")
            }
        }
    }
}

extension ModelFileHeader {
    /// The header of the model file at `path` (path checks and size cap as for data files, then
    /// ``read(bytes:path:)``): which kind of model it holds, before loading it whole.
    public static func read(path: String) throws -> ModelFileHeader {
        try FileCheck.requireReadableFile(path)
        return try read(bytes: try FileCheck.readBytes(path), path: path)
    }

    /// Reads `schemaVersion` and `kind`, with messages for truncated JSON and future versions.
    public static func read(bytes: [UInt8], path: String) throws -> ModelFileHeader {
        guard !bytes.isEmpty else { throw ModelError.invalidModelFile("\(path) is empty") }
        try ModelFileJSONScan.requireUniqueKeysAndShallowNesting(bytes, path: path, format: "Glassbox model file")
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
