import GlassboxCore
import GlassboxLinearAlgebra

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

extension LogisticFit {
    /// Standard errors √diag(V); nil for penalised fits.
    public var standardErrors: [Double]? {
        covariance.map { v in (0..<v.rows).map { v[$0, $0].squareRoot() } }
    }

    /// Wald table: z = β̂/SE, p = 2(1 − Φ(|z|)), interval β̂ ± Φ⁻¹(1 − α/2)·SE, odds ratio e^β̂ with
    /// the exponentiated interval (statsmodels `summary()`, R `confint.default`).
    public func coefficientTable(level: Double = 0.95) -> [CoefficientRow] {
        let q = NormalDistribution.quantile(1 - (1 - level) / 2)
        let se = standardErrors
        return termNames.indices.map { j in
            let b = estimates[j]
            let aliased = aliasedTerms.contains(termNames[j])
            guard let s = se?[j], !aliased else {
                return CoefficientRow(term: termNames[j], estimate: b, stdError: nil, z: nil, pValue: nil, ciLower: nil,
                                      ciUpper: nil, oddsRatio: exp(b), oddsRatioLower: nil, oddsRatioUpper: nil, aliased: aliased)
            }
            let z = b / s
            let lo = b - q * s, hi = b + q * s
            return CoefficientRow(term: termNames[j], estimate: b, stdError: s, z: z, pValue: NormalDistribution.twoSidedPValue(z),
                                  ciLower: lo, ciUpper: hi, oddsRatio: exp(b), oddsRatioLower: exp(lo), oddsRatioUpper: exp(hi),
                                  aliased: false)
        }
    }

    /// Predicted probabilities σ(Xβ) for a design matrix with the fit's columns (aliased terms ignored).
    public func predictProbabilities(_ x: Matrix) throws -> [Double] {
        guard x.columns == estimates.count else {
            throw ModelError.dimensionMismatch("design has \(x.columns) columns, model has \(estimates.count) terms")
        }
        let beta = estimates.map { $0.isNaN ? 0 : $0 }
        let eta = LogisticRegression.linearPredictor(x: x, beta: beta)
        if let k = eta.firstIndex(where: \.isNaN) { throw ModelError.undefinedScore(designRow: k) }
        return eta.map(logistic)
    }
}
