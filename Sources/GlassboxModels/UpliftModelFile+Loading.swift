import Foundation

extension UpliftModelFile: ModelFileFormat {
    package static let knownFields: Set<String> = ["schemaVersion", "kind", "formula", "encoding", "treatment", "options", "arms",
                                           "warnings", "manifest"]

    /// The components each learner needs in every arm.
    static func requiredRoles(_ learner: UpliftLearner, propensity: UpliftPropensity) -> Set<UpliftComponent.Role> {
        switch learner {
        case .twoModel: [.treatedOutcome, .controlOutcome]
        case .sLearner: [.jointOutcome]
        case .xLearner: propensity == .estimated ? [.treatedOutcome, .controlOutcome, .treatedEffect, .controlEffect, .propensity]
            : [.treatedOutcome, .controlOutcome, .treatedEffect, .controlEffect]
        case .classTransformation: [.transformedOutcome]
        }
    }

    /// Reads and validates an uplift model file: JSON syntax, schema version, kind, known fields, then
    /// the structure (arms match the treated values, each learner's components present, component terms
    /// match the encoding, coefficients finite). Each failure names the file and the problem.
    public static func load(bytes: [UInt8], path: String) throws -> UpliftModelFile {
        try loadValidated(bytes: bytes, path: path)
    }

    package func validate(path: String) throws {
        func fail(_ message: String) -> ModelError { .invalidModelFile("\(path): \(message)") }
        try ModelFileHeader.validateEncoding(formula: formula, encoding: encoding, path: path)
        guard arms.map(\.treated) == treatment.treated else {
            throw fail("the arms (\(arms.map(\.treated).joined(separator: ", "))) do not match the treated values (\(treatment.treated.joined(separator: ", ")))")
        }
        guard ["none", "l1", "l2"].contains(options.penalty) else { throw fail("unknown penalty '\(options.penalty)'") }
        guard options.lambda.isFinite && options.lambda >= 0 else { throw fail("the penalty λ is not a non-negative number") }
        let terms = encoding.termNames
        let required = Self.requiredRoles(options.learner, propensity: options.propensity)
        for arm in arms {
            let roles = Set(arm.components.map(\.role))
            if let missing = required.subtracting(roles).map(\.rawValue).sorted().first {
                throw fail("arm '\(arm.treated)' has no \(missing) component, which the \(options.learner.rawValue) learner needs")
            }
            guard arm.designPropensity > 0 && arm.designPropensity < 1 else { throw fail("arm '\(arm.treated)' has an invalid design propensity") }
            for c in arm.components {
                let expected = c.role == .jointOutcome ? UpliftDesign.interactionTerms(terms, indicator: "treated") : terms
                guard c.terms == expected else {
                    throw fail("the \(c.role.rawValue) component of '\(arm.treated)' has terms that do not match the design encoding")
                }
                guard c.coefficients.count == c.terms.count else {
                    throw fail("the \(c.role.rawValue) component of '\(arm.treated)' has \(c.coefficients.count) coefficients for \(c.terms.count) terms")
                }
                if c.coefficients.contains(where: { $0.map { !$0.isFinite } ?? false }) {
                    throw fail("the \(c.role.rawValue) component of '\(arm.treated)' has a non-finite coefficient")
                }
            }
        }
    }
}
