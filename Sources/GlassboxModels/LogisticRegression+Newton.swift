import GlassboxCore
import GlassboxLinearAlgebra

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// Where an iterative fit stopped.
struct NewtonState: Sendable {
    var beta: [Double]
    var evaluation: LogisticEvaluation
    /// −ℓ(β) + penalty(β).
    var objective: Double
    var iterations: Int
    var converged: Bool
}

extension LogisticRegression {
    /// R's convergence measure on the deviance scale: |D_new − D_old| / (|D_new| + 0.1).
    static func relativeChange(_ new: Double, _ old: Double) -> Double {
        abs(2 * new - 2 * old) / (abs(2 * new) + 0.1)
    }

    /// Newton–Raphson for −ℓ(β) + (λ/2)Σ_{penalised} βⱼ²: step Δ = (H + λD)⁻¹(g − λDβ) by Cholesky,
    /// halved until the objective does not increase. After the stopping rule holds, one more
    /// (polishing) step is taken so the estimate is accurate to rounding.
    func newton(k: Int, evaluate: ([Double]) throws -> LogisticEvaluation, lambda: Double, penalised: [Bool], start: [Double]? = nil,
                initial: LogisticEvaluation? = nil, iterationLimit: Int? = nil, continuePastConvergence: Bool = false,
                progress: ProgressCounter? = nil) throws -> NewtonState {
        func objective(_ beta: [Double], _ e: LogisticEvaluation) -> Double {
            var penalty = 0.0
            for j in 0..<k where penalised[j] { penalty += beta[j] * beta[j] }
            return e.deviance / 2 + lambda / 2 * penalty
        }
        var beta = start ?? [Double](repeating: 0, count: k)
        var evaluation = try initial ?? evaluate(beta)
        var current = objective(beta, evaluation)
        var iterations = 0
        var converged = false
        let limit = iterationLimit ?? maxIterations
        var polishing = false
        while iterations < limit {
            var h = evaluation.hessian
            var g = evaluation.gradient
            for j in 0..<k where penalised[j] {
                h[j, j] += lambda
                g[j] -= lambda * beta[j]
            }
            guard let step = try? Cholesky(h).solve(g) else {
                if iterations == 0 { throw ModelError.singularHessian("the information matrix XᵀWX is not positive definite at the start") }
                converged = polishing
                break
            }
            let (candidate, candidateEvaluation, candidateObjective, _) = try Self.halvingStep(
                evaluate: evaluate, beta: beta, step: step, tries: 40, objective: objective) {
                $0.isFinite && $0 <= current + 1e-12 * abs(current)
            }
            iterations += 1
            progress?.advance()
            guard candidateObjective.isFinite && candidateObjective <= current + 1e-12 * abs(current) else {
                converged = polishing
                break
            }
            let change = Self.relativeChange(candidateObjective, current)
            beta = candidate
            evaluation = candidateEvaluation
            current = candidateObjective
            if polishing { converged = true; break }
            if change < tolerance && !continuePastConvergence { polishing = true }
        }
        return NewtonState(beta: beta, evaluation: evaluation, objective: current, iterations: iterations, converged: converged)
    }

    /// Proximal Newton for −ℓ(β) + λΣ_{penalised}|βⱼ| (the approach of glmnet and of Lee, Sun &
    /// Saunders 2014): at each iterate the quadratic model ½bᵀHb − (Hβ + g)ᵀb + λΣ|bⱼ| is minimised
    /// exactly by cyclic coordinate descent with soft-thresholding, then a step-halving line search
    /// on the true objective. Stops when the relative objective change is below the tolerance and
    /// the step is negligible.
    func proximalNewton(k: Int, evaluate: ([Double]) throws -> LogisticEvaluation, lambda: Double, penalised: [Bool],
                        initial: LogisticEvaluation? = nil, progress: ProgressCounter? = nil) throws -> NewtonState {
        func objective(_ beta: [Double], _ e: LogisticEvaluation) -> Double {
            var penalty = 0.0
            for j in 0..<k where penalised[j] { penalty += abs(beta[j]) }
            return e.deviance / 2 + lambda * penalty
        }
        var beta = [Double](repeating: 0, count: k)
        var evaluation = try initial ?? evaluate(beta)
        var current = objective(beta, evaluation)
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            let h = evaluation.hessian
            let hb = try h.multiplied(by: beta)
            let c = (0..<k).map { hb[$0] + evaluation.gradient[$0] }
            let target = Self.coordinateDescent(h: h, c: c, lambda: lambda, penalised: penalised, start: beta)
            let step = (0..<k).map { target[$0] - beta[$0] }
            let (candidate, candidateEvaluation, candidateObjective, t) = try Self.halvingStep(
                evaluate: evaluate, beta: beta, step: step, tries: 50, objective: objective) {
                $0 <= current + 1e-14 * abs(current)
            }
            iterations += 1
            progress?.advance()
            let stepSize = step.map { abs($0) * t }.max() ?? 0
            let scale = 1 + (beta.map(abs).max() ?? 0)
            if candidateObjective <= current + 1e-14 * abs(current) {
                let change = Self.relativeChange(candidateObjective, current)
                beta = candidate
                evaluation = candidateEvaluation
                current = candidateObjective
                if change < tolerance && stepSize < 1e-10 * scale { converged = true; break }
            } else {
                // No decrease possible: the current point is optimal to rounding.
                converged = stepSize < 1e-8 * scale
                break
            }
        }
        return NewtonState(beta: beta, evaluation: evaluation, objective: current, iterations: iterations, converged: converged)
    }

    /// Step halving: evaluates β + t·step for t = 1, ½, ¼, … (at most `tries` ≥ 1 times) and stops at the
    /// first objective `accept` takes. Returns the last candidate tried, its evaluation and objective, and
    /// t (halved once more when no candidate was accepted).
    static func halvingStep(evaluate: ([Double]) throws -> LogisticEvaluation, beta: [Double], step: [Double], tries: Int,
                            objective: ([Double], LogisticEvaluation) -> Double,
                            accept: (Double) -> Bool) throws -> (beta: [Double], evaluation: LogisticEvaluation, objective: Double, t: Double) {
        var t = 1.0
        var candidate = beta
        var candidateEvaluation: LogisticEvaluation?
        var candidateObjective = Double.infinity
        for _ in 0..<tries {
            for j in beta.indices { candidate[j] = beta[j] + t * step[j] }
            let evaluation = try evaluate(candidate)
            candidateEvaluation = evaluation
            candidateObjective = objective(candidate, evaluation)
            if accept(candidateObjective) { break }
            t /= 2
        }
        return (candidate, candidateEvaluation!, candidateObjective, t)
    }

    /// Minimises ½bᵀHb − cᵀb + λΣ_{penalised}|bⱼ| by cyclic coordinate descent:
    /// bⱼ ← S(cⱼ − Σ_{m≠j} Hⱼₘ bₘ, λⱼ) / Hⱼⱼ with S the soft-threshold, O(k²) per sweep.
    static func coordinateDescent(h: Matrix, c: [Double], lambda: Double, penalised: [Bool], start: [Double]) -> [Double] {
        let k = c.count
        var b = start
        var hb = (try? h.multiplied(by: b)) ?? [Double](repeating: 0, count: k)
        for _ in 0..<100_000 {
            var maxChange = 0.0
            var maxValue = 0.0
            for j in 0..<k {
                let hjj = h[j, j]
                guard hjj > 0 else { continue }
                let rho = c[j] - (hb[j] - hjj * b[j])
                let threshold = penalised[j] ? lambda : 0
                let updated: Double
                if rho > threshold { updated = (rho - threshold) / hjj }
                else if rho < -threshold { updated = (rho + threshold) / hjj }
                else { updated = 0 }
                let delta = updated - b[j]
                if delta != 0 {
                    for m in 0..<k { hb[m] += h[m, j] * delta }
                    b[j] = updated
                }
                maxChange = max(maxChange, abs(delta))
                maxValue = max(maxValue, abs(updated))
            }
            if maxChange <= 1e-15 * (1 + maxValue) { break }
        }
        return b
    }
}
