import GlassboxLinearAlgebra

/// One fitted piece of an uplift model (an outcome model, an effect regression, a propensity model),
/// stored as coefficients on named design columns so it can be saved and applied to new data.
package struct UpliftComponent: Sendable, Codable, Equatable {
    /// What the component predicts.
    package enum Role: String, Sendable, Codable, CaseIterable {
        /// μ₁(x) = P(Y = 1 | x, T = 1).
        case treatedOutcome = "treated-outcome"
        /// μ₀(x) = P(Y = 1 | x, T = 0).
        case controlOutcome = "control-outcome"
        /// μ(x, t) on the columns [x, t·x] (S-learner).
        case jointOutcome = "joint-outcome"
        /// X-learner τ₁(x), regressed on treated rows.
        case treatedEffect = "treated-effect"
        /// X-learner τ₀(x), regressed on control rows.
        case controlEffect = "control-effect"
        /// e(x) = P(T = 1 | x).
        case propensity
        /// P(Z = 1 | x) for the transformed class Z (class transformation).
        case transformedOutcome = "transformed-outcome"
    }

    /// How the linear predictor η = xᵀβ becomes a prediction.
    package enum Link: String, Sendable, Codable {
        /// σ(η) = 1/(1 + e^{−η}) (logistic regression).
        case logit
        /// η itself (least squares).
        case identity
    }

    public var role: Role
    public var link: Link
    /// Design column names, in coefficient order.
    public var terms: [String]
    /// One per term; `nil` for an aliased term (treated as 0 when predicting, as R's `predict` does).
    public var coefficients: [Double?]
    /// Training rows used.
    public var rows: Int
    /// Whether the iterative fit converged (always true for least squares).
    public var converged: Bool

    public init(role: Role, link: Link, terms: [String], coefficients: [Double?], rows: Int, converged: Bool) {
        self.role = role
        self.link = link
        self.terms = terms
        self.coefficients = coefficients
        self.rows = rows
        self.converged = converged
    }

    /// A component from a logistic fit.
    init(role: Role, logistic fit: LogisticFit) {
        let aliased = Set(fit.aliasedTerms)
        self.init(role: role, link: .logit, terms: fit.termNames,
                  coefficients: fit.termNames.indices.map { aliased.contains(fit.termNames[$0]) ? nil : fit.estimates[$0] },
                  rows: fit.rowCount, converged: fit.converged)
    }

    /// Predictions for the rows of `x`, whose columns must be ``terms``.
    public func predict(_ x: Matrix) throws -> [Double] {
        try predict(design: x)
    }

    /// ``predict(_:)`` on a design in memory or mapped from a cache (the same arithmetic).
    func predict(design x: some ColumnMajorDesign) throws -> [Double] {
        guard x.columns == coefficients.count else {
            throw ModelError.dimensionMismatch("design has \(x.columns) columns, the \(role.rawValue) component has \(coefficients.count) terms")
        }
        let eta = LogisticRegression.linearPredictor(design: x, beta: coefficients.map { $0 ?? 0 })
        if let k = eta.firstIndex(where: \.isNaN) { throw ModelError.undefinedScore(designRow: k) }
        return link == .logit ? eta.map(logistic) : eta
    }
}
