import GlassboxCore

extension Parameter {
    /// ``LookalikeModel/k``: similarity to the K nearest seeds.
    public static let k = Parameter("k")
    /// The share of the seeds (or rows) held out: ``LookalikeModel/holdout``, a recovery check's `holdout`.
    public static let holdout = Parameter("holdout")
    /// The audience as a share of the rows not on the seed list.
    public static let size = Parameter("size")
    /// ``LookalikeModel/bagSize``: non-seed rows drawn per bagging round.
    public static let bagSize = Parameter("bagSize")
    /// ``LookalikeModel/method``: logistic, pu or similarity.
    public static let method = Parameter("method")
    /// The penalty of the logistic classifiers (``LookalikeModel/penalty``).
    public static let penalty = Parameter("penalty")
}

extension ModelError: ParameterMentioningError {
    /// The message with its mentions of lookalike parameters marked (the other cases mention none).
    public var message: ParameterMessage {
        switch self {
        case let .invalidSetting(message):
            message
        case let .separation(terms, allSeeds):
            """
            separation: \(Self.separated(terms, allSeeds)), so the scaled-logistic (SCAR) fit has no finite maximum \
            (its information matrix is singular); add a ridge penalty (e.g. \(parameter: .penalty, values: ["l2", "1"], wording: "penalty .l2(1)")), \
            or merge or drop those levels
            """
        default:
            ParameterMessage(description)
        }
    }
}
