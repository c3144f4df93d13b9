/// Problems with the inputs of an uplift metric, worded for the person who supplied the data.
public enum UpliftMetricsError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The outcomes, uplift scores and treatment flags differ in length.
    case lengthMismatch(outcomes: Int, uplift: Int, treatment: Int)
    /// The outcome or the treatment indicator holds a value other than 0 and 1.
    case notBinary(name: String, example: Double)
    /// No row to evaluate.
    case emptyInput
    /// `k` is outside (0, 1) as a fraction or outside 1..<n as a count (scikit-uplift's rule).
    case invalidK(String)

    /// The message shown to the user.
    public var description: String {
        switch self {
        case let .lengthMismatch(o, u, t):
            return "uplift metrics need equal lengths, got \(o) outcomes, \(u) uplift scores and \(t) treatment flags"
        case let .notBinary(name, example):
            return "\(name) must be binary (0 or 1), but holds \(example)"
        case .emptyInput:
            return "uplift metrics need at least one row"
        case let .invalidK(message):
            return message
        }
    }
}
