/// Problems with the inputs of a targeting (persuasion) audit, each naming what to fix.
public enum TargetingError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The uplift column is text.
    case upliftNotNumeric(column: String, example: String?)
    /// The treatment column has no row in one arm once rows with a missing uplift or outcome are dropped.
    case emptyArm(arm: String, column: String, value: String)
    /// A setting outside its domain.
    case invalidSetting(String)

    public var description: String {
        switch self {
        case let .upliftNotNumeric(column, example):
            return "uplift column '\(column)' is not numeric" + (example.map { " (it holds text such as '\($0)')" } ?? "")
        case let .emptyArm(arm, column, value):
            return "no \(arm) rows (\(column) = '\(value)') are left after dropping rows with a missing uplift or outcome"
        case let .invalidSetting(message):
            return message
        }
    }
}
