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

    public struct Options: Sendable, Codable, Equatable {
        public var penalty: String          // "none" | "l1" | "l2"
        public var lambda: Double
        public var covariance: CovarianceType
        public var tolerance: Double
        public var maxIterations: Int
        public var weights: String?
        public var cluster: String?
    }

    public struct Coefficient: Sendable, Codable, Equatable {
        public var term: String
        public var estimate: Double?
        public var stdError: Double?
        public var aliased: Bool
    }

    public struct FitStatistics: Sendable, Codable, Equatable {
        public var rowCount: Int
        public var nObservations: Double
        public var logLikelihood: Double
        public var nullLogLikelihood: Double
        public var deviance: Double
        public var nullDeviance: Double
        public var aic: Double
        public var bic: Double
        public var pseudoR2: Double
        public var objective: Double
        public var iterations: Int
        public var converged: Bool
        public var separation: SeparationStatus
        public var extremeFittedCount: Int
        public var clusterCount: Int?
        public var parameterCount: Int
        public var conditionNumber: Double?
    }

    public var schemaVersion: Int
    public var kind: String
    public var formula: String
    public var encoding: DesignEncoding
    public var options: Options
    public var coefficients: [Coefficient]
    /// Row-major p×p covariance of the estimates; nil for penalised fits.
    public var covariance: [[Double?]]?
    public var fit: FitStatistics
    public var warnings: [String]
    public var manifest: Provenance

    public init(encoding: DesignEncoding, model: LogisticRegression, fit result: LogisticFit, weights: String?,
                cluster: String?, manifest: Provenance) {
        schemaVersion = Self.currentSchemaVersion
        kind = Self.kindName
        formula = encoding.formula.source
        self.encoding = encoding
        let penaltyName: String
        switch model.penalty {
        case .none: penaltyName = "none"
        case .l1: penaltyName = "l1"
        case .l2: penaltyName = "l2"
        }
        options = Options(penalty: penaltyName, lambda: model.penalty.lambda, covariance: model.covariance,
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
        fit = FitStatistics(rowCount: result.rowCount, nObservations: result.nObservations, logLikelihood: result.logLikelihood,
                            nullLogLikelihood: result.nullLogLikelihood, deviance: result.deviance, nullDeviance: result.nullDeviance,
                            aic: result.aic, bic: result.bic, pseudoR2: result.pseudoR2, objective: result.objective,
                            iterations: result.iterations, converged: result.converged, separation: result.separation,
                            extremeFittedCount: result.extremeFittedCount, clusterCount: result.clusterCount,
                            parameterCount: result.parameterCount,
                            conditionNumber: result.conditionNumber.isFinite ? result.conditionNumber : nil)
        warnings = result.warnings
        self.manifest = manifest
    }

    /// The fit as a ``LogisticFit`` again (for inference tables and scoring).
    public var logisticFit: LogisticFit {
        let p = coefficients.count
        let cov: Matrix? = covariance.map { rows in
            var m = Matrix(rows: p, columns: p)
            for i in 0..<p { for j in 0..<p { m[i, j] = rows[i][j] ?? .nan } }
            return m
        }
        let penalty: Penalty = options.penalty == "l1" ? .l1(options.lambda) : options.penalty == "l2" ? .l2(options.lambda) : .none
        return LogisticFit(
            termNames: coefficients.map(\.term), estimates: coefficients.map { $0.estimate ?? .nan }, covariance: cov,
            covarianceType: options.covariance, penalty: penalty, aliasedTerms: coefficients.filter(\.aliased).map(\.term),
            rowCount: fit.rowCount, nObservations: fit.nObservations, logLikelihood: fit.logLikelihood,
            nullLogLikelihood: fit.nullLogLikelihood, deviance: fit.deviance, nullDeviance: fit.nullDeviance, aic: fit.aic,
            bic: fit.bic, pseudoR2: fit.pseudoR2, objective: fit.objective, iterations: fit.iterations, converged: fit.converged,
            separation: fit.separation, extremeFittedCount: fit.extremeFittedCount, clusterCount: fit.clusterCount,
            parameterCount: fit.parameterCount, conditionNumber: fit.conditionNumber ?? .infinity, warnings: warnings)
    }

    /// Pretty-printed JSON with sorted keys (stable bytes for the same model).
    public func encoded() throws -> [UInt8] {
        try JSONFormat.encode(self)
    }
}
