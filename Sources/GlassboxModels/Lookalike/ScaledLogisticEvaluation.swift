import GlassboxCore
import GlassboxLinearAlgebra

/// Log-likelihood, gradient and information of the SCAR model P(s = 1 | x) = c·σ(η), η = xᵀβ,
/// c = σ(θ), summed over rows (see `ScaledLogisticRegression`). Per row, with σ = σ(η), σ̄ = 1 − σ,
/// c̄ = 1 − c:
/// - s = 1: ℓ = log c + log σ; ∂ℓ/∂η = σ̄, ∂ℓ/∂θ = c̄; −∂²ℓ: ηη = σσ̄, θθ = cc̄, ηθ = 0.
/// - s = 0: ℓ = log r with r = c̄ + cσ̄ (= 1 − cσ); with a = cσσ̄ = ∂q/∂η and b = cc̄σ = ∂q/∂θ:
///   ∂ℓ/∂η = −a/r, ∂ℓ/∂θ = −b/r; −∂²ℓ: ηη = cσσ̄(σ̄ − σ)/r + a²/r², θθ = cc̄(c̄ − c)σ/r + b²/r²,
///   ηθ = cc̄σσ̄/r + ab/r².
/// - Expected information per row JJᵀ/(q r), q = cσ: ηη = cσσ̄²/r, θθ = cc̄²σ/r, ηθ = cc̄σσ̄/r.
/// The β blocks are Xᵀ diag(w) X (BLAS `dgemm` per block of rows), the cross terms Xᵀw.
struct ScaledLogisticEvaluation: Sendable {
    var logLikelihood: Double
    /// ℓ minus any penalty (set by the caller).
    var objective: Double
    /// ∂ℓ/∂(β, θ), length p + 1.
    var gradient: [Double]
    /// Observed information −∂²ℓ, (p + 1)², empty when not requested.
    var observed: Matrix
    /// Expected (Fisher) information, (p + 1)², empty when not requested.
    var expected: Matrix

    static func evaluate(x: Matrix, y: [Double], beta: [Double], theta: Double, information: Bool) -> ScaledLogisticEvaluation {
        let p = x.columns, q = p + 1
        let parts = Parallel.map(Parallel.chunks(count: x.rows)) { range in
            evaluateChunk(x: x, y: y, beta: beta, theta: theta, rows: range, information: information)
        }
        var total = ScaledLogisticEvaluation(logLikelihood: 0, objective: 0, gradient: .init(repeating: 0, count: q),
                                             observed: Matrix(rows: information ? q : 0, columns: information ? q : 0),
                                             expected: Matrix(rows: information ? q : 0, columns: information ? q : 0))
        for part in parts {
            total.logLikelihood += part.logLikelihood
            for j in 0..<q { total.gradient[j] += part.gradient[j] }
            if information {
                for k in 0..<(q * q) {
                    total.observed.storage[k] += part.observed.storage[k]
                    total.expected.storage[k] += part.expected.storage[k]
                }
            }
        }
        total.objective = total.logLikelihood
        return total
    }

    static func evaluateChunk(x: Matrix, y: [Double], beta: [Double], theta: Double, rows range: Range<Int>,
                              information: Bool) -> ScaledLogisticEvaluation {
        let n = x.rows, p = x.columns, q = p + 1
        let blockRows = LogisticRegression.blockRows
        var result = ScaledLogisticEvaluation(logLikelihood: 0, objective: 0, gradient: .init(repeating: 0, count: q),
                                              observed: Matrix(rows: information ? q : 0, columns: information ? q : 0),
                                              expected: Matrix(rows: information ? q : 0, columns: information ? q : 0))
        let c = logistic(theta), cBar = logistic(-theta)
        let logC = -softplus(-theta)
        var gEta = [Double](repeating: 0, count: blockRows)
        var wObserved = [Double](repeating: 0, count: information ? blockRows : 0)
        var wExpected = [Double](repeating: 0, count: information ? blockRows : 0)
        var crossObserved = [Double](repeating: 0, count: information ? blockRows : 0)
        var crossExpected = [Double](repeating: 0, count: information ? blockRows : 0)
        var scaled = [Double](repeating: 0, count: information ? blockRows * p : 0)
        var betaBlockObserved = [Double](repeating: 0, count: information ? p * p : 0)
        var betaBlockExpected = [Double](repeating: 0, count: information ? p * p : 0)
        var gTheta = 0.0, hThetaObserved = 0.0, hThetaExpected = 0.0
        var crossO = [Double](repeating: 0, count: p), crossE = [Double](repeating: 0, count: p)
        LogisticRegression.forEachRowBlock(of: x, rows: range, beta: beta) { start, m, block, eta in
            for i in 0..<m {
                let e = eta[i]
                let s = logistic(e), sBar = logistic(-e)
                if y[start + i] == 1 {
                    result.logLikelihood += logC - softplus(-e)
                    gEta[i] = sBar
                    gTheta += cBar
                    if information {
                        wObserved[i] = s * sBar
                        wExpected[i] = s * sBar * sBar / (cBar + c * sBar) * c
                        crossObserved[i] = 0
                        crossExpected[i] = c * cBar * s * sBar / (cBar + c * sBar)
                        hThetaObserved += c * cBar
                        hThetaExpected += c * cBar * cBar * s / (cBar + c * sBar)
                    }
                } else {
                    let r = cBar + c * sBar
                    let a = c * s * sBar, b = c * cBar * s
                    result.logLikelihood += log(r)
                    gEta[i] = -a / r
                    gTheta -= b / r
                    if information {
                        wObserved[i] = a * (sBar - s) / r + a * a / (r * r)
                        wExpected[i] = a * sBar / r
                        crossObserved[i] = c * cBar * s * sBar / r + a * b / (r * r)
                        crossExpected[i] = c * cBar * s * sBar / r
                        hThetaObserved += b * (cBar - c) / r + b * b / (r * r)
                        hThetaExpected += b * cBar / r
                    }
                }
            }
            result.gradient.withUnsafeMutableBufferPointer { g in
                BLASKernels.gemv(transposed: true, rows: m, columns: p, alpha: 1, a: block, lda: n, x: gEta, beta: 1, y: g.baseAddress)
            }
            if information {
                BLASKernels.gemv(transposed: true, rows: m, columns: p, alpha: 1, a: block, lda: n, x: crossObserved, beta: 1, y: &crossO)
                BLASKernels.gemv(transposed: true, rows: m, columns: p, alpha: 1, a: block, lda: n, x: crossExpected, beta: 1, y: &crossE)
                // Xᵀ diag(w) X for both weightings (w may be negative in the observed one, so dgemm, not dsyrk).
                func accumulate(_ weights: [Double], into target: inout [Double]) {
                    for j in 0..<p {
                        let column = block + j * n
                        for i in 0..<m { scaled[j * m + i] = column[i] * weights[i] }
                    }
                    BLASKernels.gemmTransposedA(m: p, n: p, k: m, alpha: 1, a: block, lda: n,
                                        b: scaled, ldb: m, beta: 1, c: &target, ldc: p)
                }
                accumulate(wObserved, into: &betaBlockObserved)
                accumulate(wExpected, into: &betaBlockExpected)
            }
        }
        result.gradient[p] = gTheta
        if information {
            for j in 0..<p {
                for k in 0..<p {
                    result.observed[j, k] = betaBlockObserved[j + k * p]
                    result.expected[j, k] = betaBlockExpected[j + k * p]
                }
                result.observed[j, p] = crossO[j]; result.observed[p, j] = crossO[j]
                result.expected[j, p] = crossE[j]; result.expected[p, j] = crossE[j]
            }
            result.observed[p, p] = hThetaObserved
            result.expected[p, p] = hThetaExpected
        }
        result.objective = result.logLikelihood
        return result
    }
}

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
