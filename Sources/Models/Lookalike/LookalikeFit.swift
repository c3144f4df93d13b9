import LinearAlgebra

/// A fitted lookalike model: the classifier(s) or similarity index, the Elkan–Noto estimates and
/// counts. Scores are probabilities for `logistic` and `pu`, the mean bagged probability for bagging
/// PU, and cosine similarities in [−1, 1] for `similarity`.
public struct LookalikeFit: Sendable, Codable, Equatable {
    public var method: LookalikeMethod
    public var terms: [String]
    public var rowCount: Int
    public var seedCount: Int
    /// Coefficient vectors (nil = aliased) of the logistic classifiers: one, or one per bagging round.
    public var classifiers: [[Double?]]
    /// Elkan–Noto ĉ = mean of g(x) over the held-out seeds: the estimated P(on the list | positive).
    public var labelFrequency: Double?
    /// Seeds held out to estimate ĉ.
    public var heldOutSeeds: Int?
    /// Implied share of positives in the population, P(s = 1)/ĉ (Elkan & Noto 2008, §2), capped at 1.
    public var positiveShare: Double?
    public var similarity: SimilarityIndex?
    public var warnings: [String]

    /// Scores for a design matrix with the training columns.
    public func score(_ x: Matrix) throws -> [Double] {
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
        if let c = labelFrequency, method == .pu, classifiers.count == 1 {
            return total.map { min(1, max(0, $0 / c)) }
        }
        return total.map { $0 * scale }
    }
}
