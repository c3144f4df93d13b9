import GlassboxLinearAlgebra

/// How a logistic regression's coefficients are penalised. The intercept is never penalised.
public enum Penalty: Sendable, Equatable, Codable {
    /// Maximum likelihood.
    case none
    /// Minimise −ℓ(β) + (λ/2)·Σⱼ βⱼ² (ridge); equals scikit-learn's `penalty="l2"` with `C = 1/λ`.
    case l2(Double)
    /// Minimise −ℓ(β) + λ·Σⱼ |βⱼ| (lasso); equals scikit-learn's `penalty="l1"` with `C = 1/λ`.
    case l1(Double)

    /// The penalty weight λ (0 for none).
    public var lambda: Double {
        switch self {
        case .none: 0
        case .l2(let l), .l1(let l): l
        }
    }

    /// The model files' `penalty` field: `none`, `l1` or `l2` (with ``lambda`` as `lambda`).
    package var fileName: String {
        switch self {
        case .none: "none"
        case .l1: "l1"
        case .l2: "l2"
        }
    }

    /// The penalty a model file's `penalty` and `lambda` fields describe (an unknown name is no penalty;
    /// the loaders refuse one before this is used).
    package init(fileName: String, lambda: Double) {
        self = fileName == "l1" ? .l1(lambda) : fileName == "l2" ? .l2(lambda) : .none
    }
}

/// The covariance estimator for the coefficients of an unpenalised fit.
public enum CovarianceType: String, Sendable, Codable, CaseIterable {
    /// Inverse observed information (XᵀWX)⁻¹ (statsmodels `nonrobust`).
    case nonrobust
    /// White's sandwich H⁻¹(Σ sᵢsᵢᵀ)H⁻¹ with scores sᵢ = xᵢ(yᵢ − μᵢ) (statsmodels `HC0`).
    case hc0
    /// HC0 · n/(n − k) (statsmodels `HC1`).
    case hc1
    /// Scores divided by (1 − hᵢ), with GLM leverage hᵢ = wᵢ xᵢᵀ H⁻¹ xᵢ (R `sandwich::vcovHC` HC2).
    case hc2
    /// Scores divided by (1 − hᵢ)² (R `sandwich::vcovHC` HC3).
    case hc3
    /// Cluster-robust H⁻¹(Σ_g S_g S_gᵀ)H⁻¹ · G/(G−1) · (N−1)/(N−K), statsmodels' default correction.
    case cluster
}

/// A logistic regression model specification (statsmodels' model, before `fit()`).
///
/// Fitting is Newton–Raphson (equivalently IRLS, since the logit link is canonical) with
/// Cholesky solves and step-halving, stopping when the relative change in deviance
/// |D_k − D_{k−1}| / (|D_k| + 0.1) falls below `tolerance` (R's `glm.control` criterion), followed
/// by one polishing Newton step so the estimate is accurate to about machine precision.
/// Every sum over rows (XᵀWX, gradient, deviance) runs on all cores in fixed row chunks merged in
/// order. References: McCullagh & Nelder (1989) *Generalized Linear Models*, §4.4; statsmodels
/// `Logit`/`GLM`; R `glm.fit`.
package struct LogisticRegression: Sendable {
    public var penalty: Penalty
    public var covariance: CovarianceType
    /// Relative deviance change that ends the iterations.
    public var tolerance: Double
    public var maxIterations: Int
    /// Whether column 0 of the design matrix is the intercept (exempt from penalties).
    public var hasIntercept: Bool

    public init(penalty: Penalty = .none, covariance: CovarianceType = .nonrobust, tolerance: Double = 1e-10,
                maxIterations: Int = 100, hasIntercept: Bool = true) {
        self.penalty = penalty
        self.covariance = covariance
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.hasIntercept = hasIntercept
    }
}
