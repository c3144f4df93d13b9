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
/// and diagnostics. Entries of aliased terms are `nan`. The statistics are those the model file keeps
/// (``LogisticModelFile/FitStatistics``), readable here as members (`fit.aic`, `fit.converged`).
@dynamicMemberLookup
package struct LogisticFit: Sendable, Equatable {
    package var termNames: [String]
    package var estimates: [Double]
    /// Covariance of the estimates (p×p); nil for penalised fits.
    package var covariance: Matrix?
    package var covarianceType: CovarianceType
    package var penalty: Penalty
    /// Terms dropped because they are linear combinations of earlier terms (R's `NA` coefficients).
    package var aliasedTerms: [String]
    /// Rows, likelihoods, information criteria, iterations and diagnostics of the fit.
    package var statistics: LogisticModelFile.FitStatistics
    /// Plain-language warnings about the fit (separation, non-convergence, aliasing, constant columns).
    package var warnings: [String]

    package subscript<T>(dynamicMember keyPath: WritableKeyPath<LogisticModelFile.FitStatistics, T>) -> T {
        get { statistics[keyPath: keyPath] }
        set { statistics[keyPath: keyPath] = newValue }
    }

    /// The scaled condition number, ∞ where it is not finite (the model file stores null there).
    package var conditionNumber: Double { statistics.conditionNumber ?? .infinity }
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
