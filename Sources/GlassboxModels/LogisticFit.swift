import GlassboxLinearAlgebra

/// Whether the data separate the outcome, in which case maximum-likelihood estimates do not exist.
public enum SeparationStatus: String, Sendable, Codable, Equatable {
    case none
    /// Some observations are predicted perfectly and their linear predictors diverge.
    case quasiComplete = "quasi-complete"
    /// Every observation is predicted perfectly (deviance → 0).
    case complete
}

/// A fitted logistic regression (statsmodels' `Results`): estimates, covariance, fit statistics
/// and diagnostics. Entries of aliased terms are `nan`.
public struct LogisticFit: Sendable, Equatable {
    public var termNames: [String]
    public var estimates: [Double]
    /// Covariance of the estimates (p×p); nil for penalised fits.
    public var covariance: Matrix?
    public var covarianceType: CovarianceType
    public var penalty: Penalty
    /// Terms dropped because they are linear combinations of earlier terms (R's `NA` coefficients).
    public var aliasedTerms: [String]
    /// Design rows used (including rows of weight zero).
    public var rowCount: Int
    /// Number of observations: Σ weights (statsmodels GLM `freq_weights`), or the row count.
    public var nObservations: Double
    public var logLikelihood: Double
    public var nullLogLikelihood: Double
    public var deviance: Double
    public var nullDeviance: Double
    public var aic: Double
    public var bic: Double
    public var pseudoR2: Double
    /// Objective value −ℓ(β) + penalty(β) (equal to −ℓ for unpenalised fits).
    public var objective: Double
    public var iterations: Int
    public var converged: Bool
    public var separation: SeparationStatus
    /// Observations with a fitted probability within 1e-8 of 0 or 1.
    public var extremeFittedCount: Int
    public var clusterCount: Int?
    /// Number of estimated (non-aliased) parameters.
    public var parameterCount: Int
    /// Condition number of the information matrix scaled to unit diagonal (κ of the correlation-like
    /// matrix D^{-1/2} H D^{-1/2}); large values mean nearly collinear terms and unstable estimates.
    public var conditionNumber: Double
    /// Plain-language warnings about the fit (separation, non-convergence, aliasing, constant columns).
    public var warnings: [String]
}

/// One row of a coefficient table with Wald statistics.
public struct CoefficientRow: Sendable, Equatable, Codable {
    public var term: String
    public var estimate: Double
    public var stdError: Double?
    public var z: Double?
    public var pValue: Double?
    public var ciLower: Double?
    public var ciUpper: Double?
    public var oddsRatio: Double
    public var oddsRatioLower: Double?
    public var oddsRatioUpper: Double?
    public var aliased: Bool
}
