/// A coefficient of a model file that keeps no covariance (uplift components, lookalike classifiers):
/// the estimate on the log-odds scale (or the identity scale of an X-learner effect regression) and,
/// for a logit link, its odds ratio. Both are nil for an aliased term. With standard errors, a logistic
/// model's coefficients are ``CoefficientRow``s.
public struct CoefficientEstimate: Sendable, Encodable, Equatable {
    /// The design term (`age`, `party[REP]`, `treated:age`).
    public var term: String
    /// βⱼ (for a bagged lookalike model the mean over rounds); nil when aliased.
    public var estimate: Double?
    /// exp(βⱼ) for a logit link; nil when aliased or for an identity link.
    public var oddsRatio: Double?

    /// A coefficient with its odds ratio, if any.
    public init(term: String, estimate: Double?, oddsRatio: Double?) {
        self.term = term
        self.estimate = estimate
        self.oddsRatio = oddsRatio
    }
}
