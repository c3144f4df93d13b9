import GlassboxLinearAlgebra

/// A fitted lookalike model: the classifier(s) or similarity index, the Elkan–Noto estimates and
/// counts. Scores are probabilities for `logistic` and `pu`, the mean bagged probability for bagging
/// PU, and cosine similarities in [−1, 1] for `similarity`.
package struct LookalikeFit: Sendable, Codable, Equatable {
    public var method: LookalikeMethod
    public var terms: [String]
    public var rowCount: Int
    public var seedCount: Int
    /// Coefficient vectors (nil = aliased) of the logistic classifiers: one, or one per bagging round.
    /// For `pu` without bagging: β̂ of the scaled-logistic model, so σ(xᵀβ̂) = P(positive | x).
    public var classifiers: [[Double?]]
    /// ĉ, the estimated labelling rate P(on the list | positive). `pu`: the maximum-likelihood
    /// σ(θ̂) of the scaled-logistic model P(s = 1 | x) = c·σ(xᵀβ) (`ScaledLogisticRegression`),
    /// consistent under SCAR. Files written before that model hold Elkan–Noto's e₁ of a plain logistic g here.
    public var labelFrequency: Double?
    /// Delta-method standard error of ``labelFrequency`` (ĉ(1 − ĉ)·√[(I⁻¹)_θθ], observed information).
    public var labelFrequencyStandardError: Double? = nil
    /// Elkan & Noto's e₁ = mean of ĝ(x) = ĉ·σ(xᵀβ̂) over the held-out seeds. It estimates
    /// c·E[P(y = 1 | x) | y = 1], which equals c only when positives are certain (separable classes),
    /// so it is a diagnostic: well below ĉ means the classes overlap. Absent in files written before
    /// the scaled-logistic model, whose single classifier is a plain logistic g scored as g/ĉ.
    public var labelFrequencyHeldOut: Double? = nil
    /// Seeds held out to estimate ĉ.
    public var heldOutSeeds: Int?
    /// Implied share of positives in the population, P(s = 1)/ĉ (Elkan & Noto 2008, §2), capped at 1.
    public var positiveShare: Double?
    /// Bagging PU: K, the number of non-seed rows drawn (with replacement) in each round.
    public var bagSize: Int? = nil
    /// Bagging PU: non-seed training rows drawn in every round, which therefore have no out-of-bag
    /// score (their training score falls back to the mean over all rounds). Nil in older files.
    public var rowsNeverOutOfBag: Int? = nil
    package var similarity: SimilarityIndex?
    public var warnings: [String]

    /// Scores for a design matrix with the training columns. For bagging PU this is the inductive
    /// classifier, the mean over all rounds (new data); out-of-bag training scores come from
    /// ``outOfBagScores(x:seeds:draws:)``.
    /// A score that is not a number (∞ − ∞ or ∞/∞ from values near the double range) is
    /// ``ModelError/undefinedScore(designRow:)``, never a silently missing score.
    public func score(_ x: Matrix) throws -> [Double] {
        let scores = try unchecked(x)
        if let k = scores.firstIndex(where: \.isNaN) { throw ModelError.undefinedScore(designRow: k) }
        return scores
    }

    private func unchecked(_ x: Matrix) throws -> [Double] {
        if let similarity { return try similarity.score(x) }
        guard x.columns == terms.count else {
            throw ModelError.dimensionMismatch("design has \(x.columns) columns, model has \(terms.count) terms")
        }
        var total = [Double](repeating: 0, count: x.rows)
        for beta in classifiers {
            let eta = LogisticRegression.linearPredictor(x: x, beta: beta.map { $0 ?? 0 })
            for i in 0..<x.rows { total[i] += logistic(eta[i]) }
        }
        let scale = 1 / Double(max(1, classifiers.count))
        if method == .pu, classifiers.count == 1 {
            // Scaled-logistic β̂: σ(xᵀβ̂) is already P(positive | x) (= ĝ/ĉ). Older files: g/ĉ, clipped.
            if labelFrequencyHeldOut != nil { return total }
            if let c = labelFrequency { return total.map { min(1, max(0, $0 / c)) } }
        }
        return total.map { $0 * scale }
    }
}
