import Foundation
import GlassboxLinearAlgebra

/// The non-traditional classifier of positive-unlabelled learning under "selected completely at
/// random" (SCAR), fitted by maximum likelihood of its correctly specified form
///
///     P(s = 1 | x) = c · σ(xᵀβ),   c = σ(θ) ∈ (0, 1),
///
/// where s = 1 marks a row on the seed list, σ(xᵀβ) = P(y = 1 | x) is the positive-class
/// probability and c = P(s = 1 | y = 1) the labelling rate. Elkan & Noto (2008, "Learning
/// classifiers from only positive and unlabeled data", KDD, Lemma 1) show g(x) = P(s = 1 | x) = c·P(y = 1 | x);
/// an ordinary logistic g cannot represent that curve (its upper asymptote is 1, not c), so it is
/// misspecified. The likelihood
///
///     ℓ(β, θ) = Σ_{s=1} [log σ(θ) + log σ(xᵢᵀβ)] + Σ_{s=0} log(1 − σ(θ)·σ(xᵢᵀβ))
///
/// is that of Ward et al. (2009, "Presence-only data and the EM algorithm", Biometrics 65) and of
/// Jaskie & Spanias (2019, "Positive and unlabeled learning algorithms and applications: a survey",
/// IISA), with 1 − cσ computed as (1 − c) + c·σ(−η) for accuracy. An optional ridge term
/// (λ/2)·Σ_{j≠intercept} βⱼ² is subtracted (the ``Penalty/l2(_:)`` convention).
///
/// Fitting: Newton–Raphson on (β, θ) with the observed information; where that is not positive
/// definite (far from the optimum: ℓ is not concave) the expected (Fisher) information
/// Σ JᵢJᵢᵀ/(qᵢ(1 − qᵢ)), Jᵢ = ∂qᵢ/∂(β, θ), is used instead; step-halving keeps every step an ascent.
/// Stops when |ℓₖ − ℓₖ₋₁| / (|ℓₖ| + 0.1) < `tolerance`, then takes one polishing Newton step. Sums
/// over rows run in fixed chunks on all cores, merged in order.
package struct ScaledLogisticRegression: Sendable {
    /// Ridge weight λ on the non-intercept coefficients (0 = maximum likelihood).
    public var l2: Double
    /// Whether column 0 is the intercept (exempt from the ridge term).
    public var hasIntercept: Bool
    public var tolerance: Double
    public var maxIterations: Int

    public init(l2: Double = 0, hasIntercept: Bool = true, tolerance: Double = 1e-10, maxIterations: Int = 100) {
        self.l2 = l2
        self.hasIntercept = hasIntercept
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }

    /// Maximises the (penalised) SCAR likelihood from `start` (β) and `startLabelFrequency` (c).
    /// - Parameter y: 1 = labelled (on the seed list), 0 = unlabelled.
    /// - Throws: ``ModelError/dimensionMismatch(_:)``; ``ModelError/invalidSetting(_:)`` when no
    ///   step direction can be computed (an information matrix that is singular, e.g. aliased columns).
    public func fit(x: Matrix, y: [Double], start: [Double], startLabelFrequency c0: Double) throws -> ScaledLogisticFit {
        let p = x.columns
        guard y.count == x.rows, start.count == p else {
            throw ModelError.dimensionMismatch("\(y.count) labels and \(start.count) start values for a \(x.rows)×\(p) design")
        }
        guard c0 > 0, c0 < 1 else { throw ModelError.invalidSetting("the starting label frequency must be in (0, 1), got \(c0)") }
        var phi = start + [log(c0 / (1 - c0))]
        var current = evaluate(x: x, y: y, phi: phi, information: true)
        var iterations = 0
        var converged = false
        var polished = false
        while iterations < maxIterations {
            iterations += 1
            let direction = try step(current)
            var t = 1.0
            var accepted: (phi: [Double], value: ScaledLogisticEvaluation)?
            for _ in 0..<40 {
                let trial = zip(phi, direction).map { $0 + t * $1 }
                let value = evaluate(x: x, y: y, phi: trial, information: false)
                if value.objective.isFinite && value.objective >= current.objective - 1e-12 * (abs(current.objective) + 1) {
                    accepted = (trial, value)
                    break
                }
                t /= 2
            }
            guard let accepted else { break }
            let change = abs(accepted.value.objective - current.objective) / (abs(accepted.value.objective) + 0.1)
            phi = accepted.phi
            current = evaluate(x: x, y: y, phi: phi, information: true)
            if polished { converged = true; break }
            // One more full Newton step after the criterion is met, as in ``LogisticRegression``.
            if change < tolerance { polished = true }
        }
        var standardError = Double.nan
        if let inverse = try? Cholesky(current.observed).inverse() {
            let c = logistic(phi[p])
            standardError = c * (1 - c) * inverse[p, p].squareRoot()
        }
        return ScaledLogisticFit(coefficients: Array(phi.prefix(p)), labelFrequency: logistic(phi[p]),
                                 labelFrequencyStandardError: standardError, logLikelihood: current.logLikelihood,
                                 iterations: iterations, converged: converged)
    }

    /// The ascent direction: Newton's with the observed information, else Fisher scoring.
    private func step(_ value: ScaledLogisticEvaluation) throws -> [Double] {
        if let newton = try? Cholesky(value.observed).solve(value.gradient), newton.allSatisfy(\.isFinite) { return newton }
        if let scoring = try? Cholesky(value.expected).solve(value.gradient), scoring.allSatisfy(\.isFinite) { return scoring }
        throw ModelError.invalidSetting("the scaled-logistic (SCAR) fit has a singular information matrix: are some features collinear?")
    }

    /// Log-likelihood, penalised objective, gradient and both information matrices (with the ridge term) at φ = (β, θ).
    func evaluate(x: Matrix, y: [Double], phi: [Double], information: Bool) -> ScaledLogisticEvaluation {
        var value = ScaledLogisticEvaluation.evaluate(x: x, y: y, beta: Array(phi.dropLast()), theta: phi[phi.count - 1],
                                                      information: information)
        value.objective = value.logLikelihood
        guard l2 > 0 else { return value }
        for j in (hasIntercept ? 1 : 0)..<x.columns {
            value.objective -= l2 / 2 * phi[j] * phi[j]
            value.gradient[j] -= l2 * phi[j]
            if information {
                value.observed[j, j] += l2
                value.expected[j, j] += l2
            }
        }
        return value
    }
}

/// The result of `ScaledLogisticRegression/fit(x:y:start:startLabelFrequency:)`.
package struct ScaledLogisticFit: Sendable, Equatable {
    /// β̂: P(y = 1 | x) = σ(xᵀβ̂).
    public var coefficients: [Double]
    /// ĉ_ML = σ(θ̂), the maximum-likelihood labelling rate P(s = 1 | y = 1).
    public var labelFrequency: Double
    /// Delta-method standard error of ĉ_ML: ĉ(1 − ĉ)·√[(I⁻¹)_θθ], with I the observed (penalised)
    /// information at the estimate; NaN when I is not positive definite.
    public var labelFrequencyStandardError: Double
    public var logLikelihood: Double
    public var iterations: Int
    public var converged: Bool
}
