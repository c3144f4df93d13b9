/// How a lookalike audience is scored.
public enum LookalikeMethod: String, Sendable, Codable, CaseIterable {
    /// Seed vs the rest by logistic regression (the naive positive-unlabelled baseline).
    case logistic
    /// Elkan & Noto (2008) positive-unlabelled learning; with bagging, Mordelet & Vert (2014).
    case pu
    /// Cosine similarity on standardised features, to the seed centroid or the K nearest seeds.
    case similarity
}

/// A lookalike model specification, fitted from a formula and a table by
/// ``LookalikeModel/fit(formula:on:seedColumn:dataPath:dataSHA256:commandLine:onWarning:progress:)``.
public struct LookalikeModel: Sendable, Equatable {
    public var method: LookalikeMethod
    /// Penalty of the logistic classifiers (logistic, pu, bagging).
    public var penalty: Penalty
    /// K for K-nearest-seed similarity; nil = similarity to the seed centroid.
    public var k: Int?
    /// Bagging rounds for the bagging PU classifier (0 = plain Elkan–Noto).
    public var bagging: Int
    /// K, the size of each bagging round's bootstrap sample of non-seed rows; nil = the number of seeds.
    public var bagSize: Int?
    /// Share of rows (stratified: the same share of seeds and of the rest) held out to estimate ĉ.
    public var holdout: Double
    /// Seed of every random choice (hold-out split, bootstrap samples).
    public var randomSeed: UInt64

    public init(method: LookalikeMethod, penalty: Penalty = .none, k: Int? = nil, bagging: Int = 0, bagSize: Int? = nil,
                holdout: Double = 0.2, randomSeed: UInt64 = 1) {
        self.method = method
        self.penalty = penalty
        self.k = k
        self.bagging = bagging
        self.bagSize = bagSize
        self.holdout = holdout
        self.randomSeed = randomSeed
    }
}
