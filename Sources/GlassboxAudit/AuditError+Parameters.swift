import GlassboxCore

extension Parameter {
    /// ``AuditConfiguration/tau`` (also the targeting audit's): the parity (or written-off) bound.
    public static let tau = Parameter("tau")
    /// The minimum group size of an audit (``AuditConfiguration/minGroupSize``).
    public static let minGroupSize = Parameter("minGroupSize")
    /// The bootstrap replicates of an audit (``AuditConfiguration/bootstrap``).
    public static let bootstrap = Parameter("bootstrap")
    /// The confidence level of an audit's intervals (``AuditConfiguration/confidenceLevel``).
    public static let confidenceLevel = Parameter("confidenceLevel")
    /// The selected (targeted) share: ``DecisionRule/top(_:)``, ``AuditConfiguration/top``.
    public static let top = Parameter("top")
    /// The decision threshold of ``DecisionRule/threshold(_:)``.
    public static let threshold = Parameter("threshold")
    /// The reference group of each attribute (``AuditConfiguration/references``).
    public static let references = Parameter("references")
    /// Whether the intersection of the group attributes is audited (``AuditConfiguration/intersect``).
    public static let intersect = Parameter("intersect")
    /// The calibration bins per group (``AuditConfiguration/calibrationBins``).
    public static let calibrationBins = Parameter("calibrationBins")
}

extension AuditError: ParameterMentioningError {
    /// The message with its mentions of audit parameters marked.
    public var message: ParameterMessage {
        switch self {
        case let .invalidSetting(message):
            message
        case let .referenceAttributeUnknown(name, attributes):
            "\(parameter: .references, wording: "reference") names '\(name)', which is not an audited attribute; attributes are: \(attributes.map { "'\($0)'" }.joined(separator: ", "))"
        case let .referenceSuppressed(attribute, value, n, minimum):
            "reference group \(attribute)=\(value) has \(n) rows, below \(parameter: .minGroupSize) \(minimum); choose a larger reference group"
        case let .tooManyCells(attribute, count, limit):
            "the intersection '\(attribute)' has \(count) groups present, more than the \(limit) an audit reports; intersect fewer or coarser columns, or audit without \(parameter: .intersect)"
        case let .badOutcomeExpression(expression, message):
            "outcome expression '\(expression)' cannot be evaluated: \(message)"
        default:
            ParameterMessage(description)
        }
    }
}
