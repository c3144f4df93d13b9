import GlassboxCore
import GlassboxLinearAlgebra

extension LogisticRegression {
    /// Covariance of the estimates at the final iterate, for the configured ``CovarianceType``.
    ///
    /// Bread B = H⁻¹ with H = Xᵀ diag(cμ(1−μ)) X. Sandwich estimators V = B M B with meat
    /// - HC0: M = Σ cᵢ rᵢ² xᵢxᵢᵀ, rᵢ = yᵢ − μᵢ (each case counted cᵢ times); HC1 multiplies V by n/(n − k);
    /// - HC2/HC3: rᵢ² divided by (1 − hᵢ) or (1 − hᵢ)², hᵢ = cᵢμᵢ(1−μᵢ) xᵢᵀBxᵢ (GLM leverage, as R's `sandwich`);
    /// - cluster: M = Σ_g S_g S_gᵀ with S_g = Σ_{i∈g} cᵢ rᵢ xᵢ, times G/(G−1)·(N−1)/(N−K) (statsmodels'
    ///   default `use_correction=True`; Cameron & Miller 2015).
    func covarianceOf(passes: inout some LogisticDataPasses, kept: [Int], state: NewtonState,
                      nObservations: Double) throws -> (matrix: Matrix, clusters: Int?) {
        let bread = try Cholesky(state.evaluation.hessian).inverse()
        let k = kept.count
        if covariance == .nonrobust { return (bread, nil) }
        let meat = try passes.meat(beta: state.beta, kept: kept, covariance: covariance, bread: bread)
        var middle = meat.matrix
        if covariance == .cluster {
            let g = Double(meat.clusterCount ?? 0)
            let correction = g / (g - 1) * (nObservations - 1) / (nObservations - Double(k))
            for idx in middle.storage.indices { middle.storage[idx] *= correction }
        }
        var v = try bread.multiplied(by: middle).multiplied(by: bread)
        if covariance == .hc1 {
            let factor = nObservations / (nObservations - Double(k))
            for idx in v.storage.indices { v.storage[idx] *= factor }
        }
        // Exact symmetry (the two products can differ in the last bit).
        for j in 0..<k { for i in (j + 1)..<max(j + 1, k) { let m = (v[i, j] + v[j, i]) / 2; v[i, j] = m; v[j, i] = m } }
        return (v, meat.clusterCount)
    }

    /// The meat of the sandwich at `beta` over the rows of `x` (see ``covarianceOf(passes:kept:state:nObservations:)``):
    /// Σ cᵢ rᵢ² xᵢxᵢᵀ with HC2/HC3 leverage corrections, or, for clusters, Σ_g S_g S_gᵀ (uncorrected) and G.
    static func meat(x: some ColumnMajorDesign, y: [Double], weights: [Double]?, clusters: [Int]?, beta: [Double], covariance: CovarianceType,
                     bread: Matrix) throws -> LogisticMeat {
        let n = x.rows
        let eta = linearPredictor(design: x, beta: beta)
        var residual = [Double](repeating: 0, count: n)
        for i in 0..<n { residual[i] = y[i] - logistic(eta[i]) }
        switch covariance {
        case .nonrobust:
            return LogisticMeat(matrix: Matrix(rows: x.columns, columns: x.columns), clusterCount: nil)
        case .hc0, .hc1, .hc2, .hc3:
            var meatWeights = (0..<n).map { residual[$0] * residual[$0] * (weights?[$0] ?? 1) }
            if covariance == .hc2 || covariance == .hc3 {
                let leverage = try Self.leverage(x: x, bread: bread, eta: eta, weights: weights)
                for i in 0..<n {
                    let d = 1 - leverage[i]
                    meatWeights[i] /= covariance == .hc2 ? d : d * d
                }
            }
            return LogisticMeat(matrix: try x.weightedGram(weights: meatWeights), clusterCount: nil)
        case .cluster:
            guard let clusters else { throw ModelError.unsupportedOption("cluster ids are missing") }
            let scores = clusterScores(x: x, residual: residual, weights: weights, clusters: clusters)
            return LogisticMeat(matrix: try scores.weightedGram(weights: nil), clusterCount: Set(clusters).count)
        }
    }

    /// S_g = Σ_{i∈g} cᵢ rᵢ xᵢ for clusters g = 0..<G (one row per cluster), summed in row order.
    static func clusterScores(x: some ColumnMajorDesign, residual: [Double], weights: [Double]?, clusters: [Int]) -> Matrix {
        let n = x.rows, k = x.columns
        let groups = (clusters.max() ?? -1) + 1
        var scores = Matrix(rows: groups, columns: k)
        x.withColumnMajor { base in
            for j in 0..<k {
                let column = base + j * n
                for i in 0..<n { scores[clusters[i], j] += (weights?[i] ?? 1) * residual[i] * column[i] }
                x.release(rows: 0..<n, columns: j..<(j + 1))
            }
        }
        return scores
    }

    /// GLM leverages hᵢ = cᵢ μᵢ(1 − μᵢ) xᵢᵀ B xᵢ, computed block-wise as rows of (X B) ∘ X.
    static func leverage(x: some ColumnMajorDesign, bread: Matrix, eta: [Double], weights: [Double]?) throws -> [Double] {
        let xb = try x.product(with: bread)
        let n = x.rows, k = x.columns
        var h = [Double](repeating: 0, count: n)
        x.withColumnMajor { base in
            for j in 0..<k {
                let column = base + j * n
                for i in 0..<n { h[i] += xb[i, j] * column[i] }
                x.release(rows: 0..<n, columns: j..<(j + 1))
            }
        }
        for i in 0..<n {
            let mu = logistic(eta[i])
            h[i] *= (weights?[i] ?? 1) * mu * (1 - mu)
        }
        return h
    }
}
