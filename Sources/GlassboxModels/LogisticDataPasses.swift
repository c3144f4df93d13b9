import GlassboxLinearAlgebra

/// The data passes of a logistic fit, separated from the algorithm so the same Newton iterations run over
/// a design matrix in memory, a memory-mapped design cache, or the merged partial statistics of many
/// machines (see docs/scale.md). Every answer is a sum over rows; an implementation decides where the rows
/// are and in which fixed order their sums are added.
package protocol LogisticDataPasses {
    /// Checks the outcome and weights and summarises the data at β = 0 over all design columns (totals,
    /// column magnitudes and constancy, and the evaluation whose Hessian is ¼·XᵀCX, the Gram matrix the
    /// aliasing check needs).
    mutating func summary() throws -> LogisticDataSummary
    /// Deviance, gradient and Hessian at `beta` over the design columns `kept` (ascending).
    mutating func evaluate(beta: [Double], kept: [Int]) throws -> LogisticEvaluation
    /// The unscaled meat of a sandwich covariance at `beta` over the columns `kept`: Σ cᵢ rᵢ² xᵢxᵢᵀ (HC0/HC1,
    /// with rᵢ² divided by (1 − hᵢ) or (1 − hᵢ)² for HC2/HC3, hᵢ from `bread`), or Σ_g S_g S_gᵀ for clusters.
    mutating func meat(beta: [Double], kept: [Int], covariance: CovarianceType, bread: Matrix) throws -> LogisticMeat
}

/// A meat matrix and, for clusters, how many clusters it summed.
package struct LogisticMeat: Sendable, Equatable {
    package var matrix: Matrix
    package var clusterCount: Int?
    package init(matrix: Matrix, clusterCount: Int?) {
        self.matrix = matrix
        self.clusterCount = clusterCount
    }
}

/// What a logistic fit learns about its data in the first pass (at β = 0).
package struct LogisticDataSummary: Sendable, Equatable {
    /// Design rows.
    package var rows: Int
    /// Σ cᵢ (the number of observations; the row count without weights).
    package var totalWeight: Double
    /// Σ cᵢ yᵢ.
    package var positiveWeight: Double
    /// Rows with cᵢ > 0.
    package var positiveRows: Int
    /// Whether a row with cᵢ > 0 has y = 0, and one has y = 1.
    package var seenZero: Bool
    package var seenOne: Bool
    /// Per design column, max |xᵢⱼ|.
    package var largest: [Double]
    /// Per design column, its value when every row holds the same value, else nil.
    package var constantValue: [Double?]
    /// The evaluation at β = 0 over every design column.
    package var atZero: LogisticEvaluation
    /// Distinct cluster ids, when known before the meat pass (nil otherwise).
    package var clusterCount: Int?

    package init(rows: Int, totalWeight: Double, positiveWeight: Double, positiveRows: Int, seenZero: Bool, seenOne: Bool,
                 largest: [Double], constantValue: [Double?], atZero: LogisticEvaluation, clusterCount: Int? = nil) {
        self.rows = rows
        self.totalWeight = totalWeight
        self.positiveWeight = positiveWeight
        self.positiveRows = positiveRows
        self.seenZero = seenZero
        self.seenOne = seenOne
        self.largest = largest
        self.constantValue = constantValue
        self.atZero = atZero
        self.clusterCount = clusterCount
    }
}

extension LogisticDataSummary {
    /// The summary a partial (or the merge of partials) holds, after checking its column counts agree.
    init(_ s: LogisticPartial.Summary) throws {
        let p = s.largest.count
        guard s.constant.count == p, s.first.count == (s.rows > 0 ? p : 0) else {
            throw ModelError.invalidFitState("a summary has columns of different lengths")
        }
        self.init(rows: s.rows, totalWeight: s.totalWeight, positiveWeight: s.positiveWeight, positiveRows: s.positiveRows,
                  seenZero: s.seenZero, seenOne: s.seenOne, largest: s.largest,
                  constantValue: (0..<p).map { s.constant[$0] && s.rows > 0 ? s.first[$0] : nil },
                  atZero: try s.atZero.evaluation(k: p, in: "a summary"))
    }
}

/// Thrown by passes that cannot answer a request here (the distributed replay: the pass has not been made
/// yet); carries the request, which becomes the next state.
package struct LogisticPassNeeded: Error, Sendable {
    package var request: LogisticPassRequest
}

/// One data pass a fit asks for.
package struct LogisticPassRequest: Sendable, Equatable, Codable {
    package enum Kind: String, Sendable, Codable { case levels, summary, evaluate, meat }
    package var kind: Kind
    /// Design columns used (ascending); nil for all.
    package var kept: [Int]?
    package var beta: [Double]?
    /// The covariance whose meat is asked for.
    package var covariance: CovarianceType?
    /// The bread B = H⁻¹ (k × k, column-major) for HC2/HC3 leverages.
    package var bread: [Double]?

    package init(kind: Kind, kept: [Int]? = nil, beta: [Double]? = nil, covariance: CovarianceType? = nil, bread: [Double]? = nil) {
        self.kind = kind
        self.kept = kept
        self.beta = beta
        self.covariance = covariance
        self.bread = bread
    }
}
