import GlassboxCore

extension Parameter {
    /// ``ExplanationOptions/metric``: the importance metric.
    public static let metric = Parameter("metric")
    /// ``ExplanationOptions/repeats``: permutations per feature.
    public static let repeats = Parameter("repeats")
    /// ``ExplanationOptions/maxRows``: rows sampled per feature.
    public static let maxRows = Parameter("maxRows")
    /// ``ExplanationOptions/perTerm``: permute design terms instead of source columns.
    public static let perTerm = Parameter("perTerm")
    /// ``ExplanationOptions/gridPoints``: grid points of a numeric partial dependence.
    public static let gridPoints = Parameter("gridPoints")
    /// ``ExplanationOptions/treeSHAP``: path-dependent or interventional TreeSHAP.
    public static let treeSHAP = Parameter("treeSHAP")
    /// The background row count of ``TreeSHAPMethod/interventional(backgroundRows:)``.
    public static let backgroundRows = Parameter("backgroundRows")
    /// The one-sided feature formula of ``ProxyReport/detect(score:formula:table:options:)``.
    public static let formula = Parameter("formula")
}

extension ExplainError: ParameterMentioningError {
    /// The message with its mentions of explainer parameters marked.
    public var message: ParameterMessage {
        switch self {
        case let .invalidOption(message), let .protectedColumn(message):
            message
        case let .singleClassOutcome(name, value):
            "outcome '\(name)' has a single class (every row is \(value == 1 ? "1" : "0")): AUC is undefined; use \(parameter: .metric, values: ["logloss", "brier"], wording: "the logloss or brier metric"), or data with both classes"
        default:
            ParameterMessage(description)
        }
    }
}
