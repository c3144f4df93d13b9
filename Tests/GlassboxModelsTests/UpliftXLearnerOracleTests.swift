import Foundation
import Testing
import GlassboxCore
@testable import GlassboxModels
import GlassboxLinearAlgebra

/// The X-learner's effect regressions against an oracle that shares no code with them: the imputed effects
/// D¹ = Y − μ̂₀(x) (treated rows) and D⁰ = μ̂₁(x) − Y (control rows) from the fitted outcome models' coefficients,
/// then the ridge normal equations (XᵀX + λ·I off the intercept) β = XᵀD summed row by row and solved by Gaussian
/// elimination with partial pivoting (Künzel et al. 2019, second stage with a linear base learner). The in-memory,
/// streamed and distributed fits all call `UpliftFitState.EffectSums`, so comparing them with one another cannot
/// catch a mistake in it; this test can.
@Suite("x-learner effect regressions against a row-by-row oracle")
struct UpliftXLearnerOracleTests {
    /// n rows of an intercept and three normal covariates, outcomes from a logistic model whose intercept shifts by
    /// arm (three arms: control 0, then 1 and 2), arm codes drawn uniformly.
    static func simulate(rows n: Int, seed: UInt64) -> (x: Matrix, y: [Double], arm: [Int]) {
        var rng = SeededGenerator(seed: seed)
        var x = Matrix(rows: n, columns: 4)
        var y = [Double](repeating: 0, count: n), arm = [Int](repeating: 0, count: n)
        for i in 0..<n {
            x[i, 0] = 1
            for j in 1..<4 { x[i, j] = rng.nextNormal() }
            arm[i] = Int(rng.nextUniform() * 3)
            let eta = -0.3 + 0.8 * x[i, 1] - 0.5 * x[i, 2] + 0.2 * x[i, 3] + [0, 0.4, -0.3][arm[i]] + 0.3 * Double(arm[i]) * x[i, 1]
            y[i] = rng.nextUniform() < 1 / (1 + exp(-eta)) ? 1 : 0
        }
        return (x, y, arm)
    }

    /// Solves a·β = b by Gaussian elimination with partial pivoting.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double] {
        var a = a, b = b
        let p = b.count
        for k in 0..<p {
            let pivot = (k..<p).max { abs(a[$0][k]) < abs(a[$1][k]) }!
            a.swapAt(k, pivot); b.swapAt(k, pivot)
            for i in (k + 1)..<p {
                let f = a[i][k] / a[k][k]
                for j in k..<p { a[i][j] -= f * a[k][j] }
                b[i] -= f * b[k]
            }
        }
        var beta = [Double](repeating: 0, count: p)
        for k in stride(from: p - 1, through: 0, by: -1) {
            beta[k] = (b[k] - ((k + 1)..<p).reduce(0) { $0 + a[k][$1] * beta[$1] }) / a[k][k]
        }
        return beta
    }

    /// β of the ridge regression of `d` on the rows `rows` of `x` (λ on every column but the intercept).
    static func ridge(_ x: Matrix, rows: [Int], _ d: [Double], lambda: Double) -> [Double] {
        let p = x.columns
        var gram = [[Double]](repeating: [Double](repeating: 0, count: p), count: p), product = [Double](repeating: 0, count: p)
        for (r, i) in rows.enumerated() {
            for a in 0..<p {
                product[a] += x[i, a] * d[r]
                for b in 0..<p { gram[a][b] += x[i, a] * x[i, b] }
            }
        }
        for j in 1..<p { gram[j][j] += lambda }
        return solve(gram, product)
    }

    static func probability(_ component: UpliftComponent, _ x: Matrix, row i: Int) -> Double {
        let eta = (0..<x.columns).reduce(0.0) { $0 + x[i, $1] * (component.coefficients[$1] ?? 0) }
        return 1 / (1 + exp(-eta))
    }

    @Test("τ̂₁ and τ̂₀ of both treated arms equal the oracle's to 1e-9, without and with a ridge", arguments: [0.0, 2.0])
    func effectsMatchOracle(lambda: Double) throws {
        let (x, y, arm) = Self.simulate(rows: 3_000, seed: 17)
        let model = UpliftModel(learner: .xLearner, penalty: lambda > 0 ? .l2(lambda) : .none)
        let fit = try model.fit(x: x, termNames: ["(Intercept)", "a", "b", "c"], y: y, arm: arm, treatments: ["1", "2"], control: "0")
        #expect(fit.arms.count == 2)
        let control = arm.indices.filter { arm[$0] == 0 }
        for k in 1...2 {
            let fitted = fit.arms[k - 1]
            let mu1 = try #require(fitted.component(.treatedOutcome)), mu0 = try #require(fitted.component(.controlOutcome))
            let treated = arm.indices.filter { arm[$0] == k }
            let d1 = treated.map { y[$0] - Self.probability(mu0, x, row: $0) }
            let d0 = control.map { Self.probability(mu1, x, row: $0) - y[$0] }
            let tau1 = Self.ridge(x, rows: treated, d1, lambda: lambda), tau0 = Self.ridge(x, rows: control, d0, lambda: lambda)
            let got1 = try #require(fitted.component(.treatedEffect)).coefficients, got0 = try #require(fitted.component(.controlEffect)).coefficients
            for j in 0..<4 {
                let g1 = try #require(got1[j]), g0 = try #require(got0[j])
                #expect(abs(g1 - tau1[j]) <= 1e-9 * max(1, abs(tau1[j])), "arm \(k) τ̂₁[\(j)]: \(g1) vs \(tau1[j])")
                #expect(abs(g0 - tau0[j]) <= 1e-9 * max(1, abs(tau0[j])), "arm \(k) τ̂₀[\(j)]: \(g0) vs \(tau0[j])")
            }
        }
    }
}
