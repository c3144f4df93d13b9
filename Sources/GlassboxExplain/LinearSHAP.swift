/// Exact SHAP values of a linear-predictor model, interventional, on the link (η) scale.
public struct LinearSHAPResult: Sendable, Encodable, Equatable {
    /// E[η] over the background rows (the data), the base value φ₀.
    public var expectedValue: Double
    /// Each source column's global importance, largest first: its mean |φᵢ| over the rows (weighted by
    /// case weights).
    public var features: [(feature: String, meanAbs: Double)]
    /// Input row numbers (0-based, in the data file) of the rows whose values are listed.
    public var rows: [Int]
    /// φ per listed row (outer) and source column, in ``columns`` order (inner).
    public var values: [[Double]]
    /// Source columns in the order of ``values``' inner arrays (model order).
    public var columns: [String]
    /// How the values were computed when not linear SHAP: `treePathDependent` for a tree ensemble (exact
    /// path-dependent TreeSHAP on the margin scale); nil for linear SHAP.
    public var method: String?
    /// Interventional TreeSHAP: the background rows drawn from the data (``TreeSHAPMethod/interventional(backgroundRows:)``); nil otherwise.
    public var backgroundRows: Int?
    /// Interventional TreeSHAP: the seed the background rows were drawn with; nil otherwise.
    public var backgroundSeed: UInt64?
    /// SHAP dependence of the most important features, as aggregates (tree ensembles); nil when not computed.
    public var dependence: [SHAPDependence]?
    /// True when the tree ensemble has surrogate splits (R's rpart through PMML): path-dependent values then follow
    /// Glassbox's decision-chain rule (``TreeSHAPMethod/pathDependent``), which no maker computes; nil otherwise.
    public var surrogateSplits: Bool?
    /// `identity` when the tree ensemble's link is the identity (``TreeEnsemble/Link/identity``: its margin is
    /// the score itself, e.g. an R rpart tree whose leaves are probabilities), so the values are on the score's
    /// scale; nil for a logistic link (the margin is log-odds) and for linear SHAP.
    public var link: String?
}

/// Exact SHAP for linear-predictor models (Lundberg & Lee 2017; SHAP's `LinearExplainer` with
/// independent/interventional features): for design column j, φᵢⱼ = βⱼ(xᵢⱼ − E[xⱼ]), with E over the
/// data (weighted). A source column's value sums its design columns (one-hot levels, transforms); an
/// interaction column built from k source columns is split equally among them. Hence
/// Σ_columns φᵢ = ηᵢ − E[η] exactly. Complexity: O(n × design columns).
package enum LinearSHAP {
    /// Per-row φ (n × source columns, in `scorer.featureColumns` order) and E[η].
    package static func values(scorer: any LinearPredictorScorer, data: ExplainData) throws -> (phi: [[Double]], expected: Double, columns: [String]) {
        let x = try scorer.design(data.table)
        let beta = scorer.coefficients
        let n = x.rows
        let encoding = scorer.encoding
        let columns = scorer.featureColumns
        let w = data.weights
        let totalWeight = w?.reduce(0, +) ?? Double(n)
        var phi = [[Double]](repeating: [Double](repeating: 0, count: columns.count), count: n)
        var expected = 0.0
        for j in 0..<x.columns where beta[j] != 0 {
            var mean = 0.0
            for i in 0..<n { mean += (w?[i] ?? 1) * x.storage[j * n + i] }
            mean /= totalWeight
            expected += beta[j] * mean
            let sources = encoding.termSources[j].compactMap { columns.firstIndex(of: $0) }
            if sources.isEmpty { continue }   // the intercept: part of E[η], never of φ
            let share = beta[j] / Double(sources.count)
            for i in 0..<n {
                let v = share * (x.storage[j * n + i] - mean)
                for s in sources { phi[i][s] += v }
            }
        }
        return (phi, expected, columns)
    }

    /// The global ranking and the φ of `listRows` sampled rows.
    package static func compute(scorer: any LinearPredictorScorer, data: ExplainData, listRows: Int, seed: UInt64) throws -> LinearSHAPResult {
        let (phi, expected, columns) = try values(scorer: scorer, data: data)
        return LinearSHAPResult(summarizing: phi, expectedValue: expected, columns: columns, weights: data.weights,
                                rowIndices: data.rowIndices, listRows: listRows, seed: seed)
    }
}
