import GlassboxCore
import GlassboxLinearAlgebra
import Testing
@testable import GlassboxModels

#if canImport(Glibc)
import Glibc
#endif

/// Closed forms and planted effects: no external reference needed.
@Suite("Logistic regression: oracle tests")
struct LogisticOracleTests {
    /// One binary predictor: β₀ = logit(p₀), β₁ = logit(p₁) − logit(p₀),
    /// Var β₀ = 1/(n₀p₀(1−p₀)), Var β₁ = Var β₀ + 1/(n₁p₁(1−p₁)).
    @Test("2×2 table: estimates and standard errors equal the closed form")
    func twoByTwo() throws {
        // group 0: 30 of 100 succeed; group 1: 55 of 120 succeed.
        var x = [Double](), y = [Double]()
        for i in 0..<100 { x.append(0); y.append(i < 30 ? 1 : 0) }
        for i in 0..<120 { x.append(1); y.append(i < 55 ? 1 : 0) }
        let design = Matrix(columns: [Array(repeating: 1, count: 220), x])
        let fit = try LogisticRegression().fit(x: design, y: y, termNames: ["(Intercept)", "x"])
        let p0 = 0.3, p1 = 55.0 / 120
        let logit = { (p: Double) in log(p / (1 - p)) }
        #expect(abs(fit.estimates[0] - logit(p0)) < 1e-12)
        #expect(abs(fit.estimates[1] - (logit(p1) - logit(p0))) < 1e-12)
        let v0 = 1 / (100 * p0 * (1 - p0)), v1 = v0 + 1 / (120 * p1 * (1 - p1))
        let se = try #require(fit.standardErrors)
        #expect(abs(se[0] - v0.squareRoot()) < 1e-12)
        #expect(abs(se[1] - v1.squareRoot()) < 1e-12)
        #expect(fit.converged)
        // Saturated in the groups: log-likelihood is Σ n p log p + n(1−p) log(1−p) per group.
        let ll = 30 * log(p0) + 70 * log(1 - p0) + 55 * log(p1) + 65 * log(1 - p1)
        #expect(abs(fit.logLikelihood - ll) < 1e-9)
        #expect(abs(fit.aic - (-2 * ll + 4)) < 1e-9)
        let table = fit.coefficientTable()
        #expect(abs(table[1].ciLower! - (fit.estimates[1] - 1.959963984540054 * se[1])) < 1e-12)
        #expect(abs(table[1].oddsRatio - exp(fit.estimates[1])) < 1e-12)
    }

    @Test("planted coefficients are recovered within 4 standard errors on 200,000 rows")
    func planted() throws {
        let truth = [-0.5, 0.8, -1.2, 0.3]
        let (x, y) = simulate(rows: 200_000, beta: truth, seed: 11)
        let fit = try LogisticRegression().fit(x: x, y: y, termNames: ["(Intercept)", "a", "b", "c"])
        let se = try #require(fit.standardErrors)
        for j in 0..<4 { #expect(abs(fit.estimates[j] - truth[j]) < 4 * se[j]) }
        #expect(fit.converged && fit.separation == .none)
    }

    @Test("frequency weight 2 equals duplicating the rows")
    func weightsDuplicate() throws {
        let (x, y) = simulate(rows: 500, beta: [0.2, 1, -1, 0.5], seed: 5)
        let w = (0..<500).map { Double($0 % 3) }   // 0, 1, 2
        var rows = [[Double]](), ys = [Double]()
        for i in 0..<500 { for _ in 0..<Int(w[i]) { rows.append((0..<4).map { x[i, $0] }); ys.append(y[i]) } }
        let weighted = try LogisticRegression().fit(x: x, y: y, termNames: ["a", "b", "c", "d"], weights: w)
        let duplicated = try LogisticRegression().fit(x: Matrix(rowMajor: rows), y: ys, termNames: ["a", "b", "c", "d"])
        for j in 0..<4 {
            #expect(abs(weighted.estimates[j] - duplicated.estimates[j]) < 1e-10)
            #expect(abs(weighted.standardErrors![j] - duplicated.standardErrors![j]) < 1e-10)
        }
        #expect(abs(weighted.logLikelihood - duplicated.logLikelihood) < 1e-8)
        #expect(weighted.nObservations == Double(ys.count))
    }

    @Test("cluster-robust errors with one row per cluster equal HC1")
    func singletonClusters() throws {
        let (x, y) = simulate(rows: 800, beta: [0.1, 0.5, -0.7, 0.2], seed: 9)
        let names = ["a", "b", "c", "d"]
        let hc1 = try LogisticRegression(covariance: .hc1).fit(x: x, y: y, termNames: names)
        let cl = try LogisticRegression(covariance: .cluster).fit(x: x, y: y, termNames: names, clusters: Array(0..<800))
        for j in 0..<4 { #expect(abs(hc1.standardErrors![j] - cl.standardErrors![j]) < 1e-12) }
        let hc0 = try LogisticRegression(covariance: .hc0).fit(x: x, y: y, termNames: names)
        for j in 0..<4 {
            let ratio = hc1.standardErrors![j] / hc0.standardErrors![j]
            #expect(abs(ratio - (800.0 / 796).squareRoot()) < 1e-12)
        }
    }

    @Test("complete separation is flagged, never reported as converged")
    func completeSeparation() throws {
        let xs = (0..<40).map { Double($0) }
        let y = xs.map { $0 < 20 ? 0.0 : 1.0 }
        let fit = try LogisticRegression().fit(x: Matrix(columns: [Array(repeating: 1, count: 40), xs]), y: y,
                                               termNames: ["(Intercept)", "x"])
        #expect(fit.separation == .complete)
        #expect(!fit.converged)
        #expect(fit.warnings.contains { $0.contains("complete separation") })
    }

    @Test("quasi-complete separation is flagged")
    func quasiSeparation() throws {
        // x = 1 always has y = 1; x = 0 is mixed.
        var x = [Double](), y = [Double]()
        for i in 0..<60 { x.append(0); y.append(i % 3 == 0 ? 1 : 0) }
        for _ in 0..<30 { x.append(1); y.append(1) }
        let fit = try LogisticRegression().fit(x: Matrix(columns: [Array(repeating: 1, count: 90), x]), y: y,
                                               termNames: ["(Intercept)", "x"])
        #expect(fit.separation == .quasiComplete)
        #expect(!fit.converged)
    }

    @Test("an aliased column is dropped as R does, the others are unchanged")
    func aliasedTerm() throws {
        let (x, y) = simulate(rows: 1_000, beta: [0.1, 0.5, -0.7, 0.2], seed: 2)
        var columns = (0..<4).map { x.column($0) }
        columns.append(zip(columns[1], columns[2]).map { $0 + 2 * $1 })
        let fit = try LogisticRegression().fit(x: Matrix(columns: columns), y: y, termNames: ["(Intercept)", "a", "b", "c", "a+2b"])
        let plain = try LogisticRegression().fit(x: x, y: y, termNames: ["(Intercept)", "a", "b", "c"])
        #expect(fit.aliasedTerms == ["a+2b"])
        #expect(fit.estimates[4].isNaN)
        for j in 0..<4 { #expect(abs(fit.estimates[j] - plain.estimates[j]) < 1e-10) }
        #expect(fit.coefficientTable()[4].aliased)
    }

    @Test("nearly collinear terms give a large scaled condition number and a warning; orthogonal ones give about 1")
    func conditioning() throws {
        let (x, y) = simulate(rows: 2_000, beta: [0.1, 0.5, -0.7, 0.2], seed: 12)
        var columns = (0..<4).map { x.column($0) }
        var rng = SeededGenerator(seed: 1)
        columns.append(columns[1].map { $0 + 1e-5 * rng.nextNormal() })
        let near = try LogisticRegression().fit(x: Matrix(columns: columns), y: y, termNames: ["(Intercept)", "a", "b", "c", "a2"])
        #expect(near.aliasedTerms.isEmpty)
        #expect(near.conditionNumber > 1e10)
        #expect(near.warnings.contains { $0.contains("ill-conditioned") })
        let plain = try LogisticRegression().fit(x: x, y: y, termNames: ["(Intercept)", "a", "b", "c"])
        #expect(plain.conditionNumber < 2)
    }

    @Test("L2 fit satisfies its optimality condition Xᵀ(y − μ) = λβ (intercept excluded)")
    func ridgeKKT() throws {
        let (x, y) = simulate(rows: 2_000, beta: [0.3, 1, -1, 0.5], seed: 4)
        let lambda = 25.0
        let fit = try LogisticRegression(penalty: .l2(lambda)).fit(x: x, y: y, termNames: ["(Intercept)", "a", "b", "c"])
        let g = gradient(x: x, y: y, beta: fit.estimates)
        #expect(abs(g[0]) < 1e-8)
        for j in 1..<4 { #expect(abs(g[j] - lambda * fit.estimates[j]) < 1e-8) }
        #expect(fit.covariance == nil)
        #expect(fit.warnings.contains { $0.contains("no standard errors") })
    }

    @Test("L1 fit satisfies its subgradient conditions and zeroes a weak coefficient")
    func lassoKKT() throws {
        let (x, y) = simulate(rows: 2_000, beta: [0.3, 1, -1, 0.02], seed: 8)
        let lambda = 40.0
        let fit = try LogisticRegression(penalty: .l1(lambda)).fit(x: x, y: y, termNames: ["(Intercept)", "a", "b", "c"])
        let g = gradient(x: x, y: y, beta: fit.estimates)
        #expect(abs(g[0]) < 1e-7)
        for j in 1..<4 {
            if fit.estimates[j] == 0 { #expect(abs(g[j]) <= lambda + 1e-7) }
            else { #expect(abs(g[j] - lambda * (fit.estimates[j] > 0 ? 1 : -1)) < 1e-7) }
        }
        #expect(fit.estimates[3] == 0)
        #expect(fit.converged)
    }

    @Test("bad inputs: non-binary and constant outcomes, bad weights, penalty with robust errors")
    func badInputs() throws {
        let x = Matrix(columns: [[1, 1, 1], [0, 1, 2]])
        #expect(throws: ModelError.responseNotBinary(name: "y", example: 2, count: 1)) {
            try LogisticRegression().fit(x: x, y: [0, 1, 2], termNames: ["(Intercept)", "x"])
        }
        #expect(throws: ModelError.constantResponse(name: "y", value: 1)) {
            try LogisticRegression().fit(x: x, y: [1, 1, 1], termNames: ["(Intercept)", "x"])
        }
        #expect(throws: ModelError.invalidWeights(name: "w", row: 2, value: -1)) {
            try LogisticRegression().fit(x: x, y: [0, 1, 0], termNames: ["(Intercept)", "x"], weights: [1, -1, 1], weightsName: "w")
        }
        #expect(throws: ModelError.self) {
            try LogisticRegression(penalty: .l2(1), covariance: .hc1).fit(x: x, y: [0, 1, 0], termNames: ["(Intercept)", "x"])
        }
        #expect(ModelError.constantResponse(name: "y", value: 1).description == "outcome 'y' is constant (every row is 1): a logistic model cannot be fitted")
    }

    // MARK: helpers

    func simulate(rows n: Int, beta: [Double], seed: UInt64) -> (Matrix, [Double]) {
        var rng = SeededGenerator(seed: seed)
        var x = Matrix(rows: n, columns: beta.count)
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            x[i, 0] = 1
            var eta = beta[0]
            for j in 1..<beta.count {
                x[i, j] = rng.nextNormal()
                eta += beta[j] * x[i, j]
            }
            y[i] = rng.nextUniform() < 1 / (1 + exp(-eta)) ? 1 : 0
        }
        return (x, y)
    }

    func gradient(x: Matrix, y: [Double], beta: [Double]) -> [Double] {
        var g = [Double](repeating: 0, count: x.columns)
        for i in 0..<x.rows {
            var eta = 0.0
            for j in 0..<x.columns { eta += x[i, j] * beta[j] }
            let r = y[i] - 1 / (1 + exp(-eta))
            for j in 0..<x.columns { g[j] += r * x[i, j] }
        }
        return g
    }
}
