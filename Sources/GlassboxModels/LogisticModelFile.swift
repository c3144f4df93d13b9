import GlassboxCore
import Foundation
import GlassboxLinearAlgebra
import GlassboxTabular

/// The first fields of every Glassbox model file, read before anything else so that a file of
/// another kind or a newer schema gets a clear message instead of a decoding error.
package struct ModelFileHeader: Sendable, Codable, Equatable {
    public var schemaVersion: Int
    public var kind: String
}

/// A saved logistic regression: versioned JSON holding the formula and its encoding (so the model
/// applies to new data), estimates, covariance, fit statistics, warnings and a training manifest.
///
/// Doubles are written in shortest round-trip form, so loading gives back every bit; `null`
/// stands for an aliased term's estimate or an unavailable covariance entry.
public struct LogisticModelFile: Sendable, Codable, Equatable {
    public static let currentSchemaVersion = 1
    public static let kindName = "logistic"

    /// The training settings as the file stores them; ``training`` gives them as a specification.
    package struct Options: Sendable, Codable, Equatable {
        public var penalty: String          // "none" | "l1" | "l2"
        public var lambda: Double
        public var covariance: CovarianceType
        public var tolerance: Double
        public var maxIterations: Int
        public var weights: String?
        public var cluster: String?
    }

    /// A coefficient as the file stores it (``coefficientTable(level:)`` adds the Wald statistics).
    package struct Coefficient: Sendable, Codable, Equatable {
        public var term: String
        public var estimate: Double?
        public var stdError: Double?
        public var aliased: Bool
    }

    /// The statistics and diagnostics of a fit (statsmodels' `Results` attributes), the model file's `fit`.
    public struct FitStatistics: Sendable, Codable, Equatable {
        /// Design rows used (including rows of weight zero).
        public var rowCount: Int
        /// Number of observations: Σ weights (statsmodels GLM `freq_weights`), or the row count.
        public var nObservations: Double
        /// ℓ(β̂).
        public var logLikelihood: Double
        /// ℓ of the intercept-only model.
        public var nullLogLikelihood: Double
        /// −2ℓ(β̂).
        public var deviance: Double
        /// −2ℓ of the intercept-only model.
        public var nullDeviance: Double
        /// −2ℓ + 2k, k the estimated parameters.
        public var aic: Double
        /// −2ℓ + k·log(n).
        public var bic: Double
        /// McFadden's 1 − ℓ/ℓ₀.
        public var pseudoR2: Double
        /// Objective value −ℓ(β) + penalty(β) (equal to −ℓ for unpenalised fits).
        public var objective: Double
        /// Newton iterations run.
        public var iterations: Int
        public var converged: Bool
        public var separation: SeparationStatus
        /// Observations with a fitted probability within 1e-8 of 0 or 1.
        public var extremeFittedCount: Int
        /// Clusters of a cluster-robust fit.
        public var clusterCount: Int?
        /// Number of estimated (non-aliased) parameters.
        public var parameterCount: Int
        /// Condition number of the information matrix scaled to unit diagonal (κ of D^{-1/2} H D^{-1/2});
        /// large values mean nearly collinear terms and unstable estimates. Nil when not finite.
        public var conditionNumber: Double?
    }

    public var schemaVersion: Int
    public var kind: String
    public var formula: String
    public var encoding: DesignEncoding
    package var options: Options
    package var coefficients: [Coefficient]
    /// Row-major p×p covariance of the estimates; nil for penalised fits.
    public var covariance: [[Double?]]?
    public var fit: FitStatistics
    public var warnings: [String]
    public var manifest: Provenance

    package init(encoding: DesignEncoding, model: LogisticRegression, fit result: LogisticFit, weights: String?,
                cluster: String?, manifest: Provenance) {
        schemaVersion = Self.currentSchemaVersion
        kind = Self.kindName
        formula = encoding.formula.source
        self.encoding = encoding
        options = Options(penalty: model.penalty.fileName, lambda: model.penalty.lambda, covariance: model.covariance,
                          tolerance: model.tolerance, maxIterations: model.maxIterations, weights: weights, cluster: cluster)
        let se = result.standardErrors
        coefficients = result.termNames.indices.map { j in
            let aliased = result.aliasedTerms.contains(result.termNames[j])
            return Coefficient(term: result.termNames[j], estimate: aliased ? nil : result.estimates[j],
                               stdError: aliased ? nil : se?[j], aliased: aliased)
        }
        covariance = result.covariance.map { v in
            (0..<v.rows).map { i in (0..<v.columns).map { j in v[i, j].isFinite ? v[i, j] : nil } }
        }
        fit = result.statistics
        warnings = result.warnings
        self.manifest = manifest
    }

    /// The fit as a ``LogisticFit`` again (for inference tables and scoring).
    package var logisticFit: LogisticFit {
        let p = coefficients.count
        let cov: Matrix? = covariance.map { rows in
            var m = Matrix(rows: p, columns: p)
            for i in 0..<p { for j in 0..<p { m[i, j] = rows[i][j] ?? .nan } }
            return m
        }
        return LogisticFit(
            termNames: coefficients.map(\.term), estimates: coefficients.map { $0.estimate ?? .nan }, covariance: cov,
            covarianceType: options.covariance, penalty: training.penalty, aliasedTerms: coefficients.filter(\.aliased).map(\.term),
            statistics: fit, warnings: warnings)
    }

    /// The coefficient table with Wald statistics at confidence `level` (statsmodels `summary()`):
    /// estimate, standard error, z, p-value, interval and odds ratio per term; see ``CoefficientRow``.
    public func coefficientTable(level: Double = 0.95) -> [CoefficientRow] {
        logisticFit.coefficientTable(level: level)
    }

    /// The training specification the model was fitted with (formula, weights and cluster columns, penalty,
    /// covariance, tolerance, iteration limit): fitting it again on the same table gives the same model.
    public var training: LogisticTraining {
        LogisticTraining(formula: formula, weightsColumn: options.weights, clusterColumn: options.cluster,
                         penalty: Penalty(fileName: options.penalty, lambda: options.lambda), covariance: options.covariance,
                         tolerance: options.tolerance, maxIterations: options.maxIterations)
    }

    /// Pretty-printed JSON with sorted keys (stable bytes for the same model).
    public func encoded() throws -> [UInt8] {
        try JSONFormat.encode(self)
    }
}
