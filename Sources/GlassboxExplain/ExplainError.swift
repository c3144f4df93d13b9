import GlassboxCore

/// Every error the explainers report, with a message naming the offending option, column or value.
public enum ExplainError: Error, Equatable, CustomStringConvertible, Sendable {
    case invalidOption(ParameterMessage)
    case unknownMetric(String)
    case singleClassOutcome(name: String, value: Double)
    case outcomeNotBinary(name: String, example: Double)
    case unknownFeature(String, available: [String])
    case protectedColumn(ParameterMessage)
    case scoreNotNumeric(String)
    case invalidData(String)
    /// A section of an explanation that is not defined for the model's kind, and why.
    case sectionNotDefined(section: String, kind: String, reason: String)

    /// The message shown to the user.
    public var description: String {
        switch self {
        case .invalidOption, .protectedColumn, .singleClassOutcome:
            return message.description
        case let .unknownMetric(name):
            return "unknown metric '\(name)'; choose one of: \(ImportanceMetric.allCases.map(\.rawValue).joined(separator: ", "))"
        case let .outcomeNotBinary(name, example):
            return "outcome '\(name)' must be binary (0 or 1), but holds \(example)"
        case let .unknownFeature(name, available):
            return "'\(name)' is not a feature of the model; features are: \(available.joined(separator: ", "))"
        case let .scoreNotNumeric(name):
            return "score column '\(name)' is not numeric (it holds text); a score must be a number per row"
        case let .invalidData(message):
            return message
        case let .sectionNotDefined(section, kind, reason):
            return "\(section) is not defined for \(kind == "uplift" ? "an" : "a") \(kind) model: \(reason)"
        }
    }
}
