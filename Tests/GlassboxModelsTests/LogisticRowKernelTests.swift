import Testing
@testable import GlassboxModels

/// The IRLS row kernel computes e^{−|η|} once per row and derives μ and the deviance term from it; every value
/// must be bit for bit what ``logistic(_:)`` and `softplus` give separately (the fit's sums depend on it).
@Suite("logistic row kernel")
struct LogisticRowKernelTests {
    static func reference(eta e: Double, y: Double, c: Double) -> (deviance: Double, extreme: Bool, residual: Double, rootWeight: Double) {
        let mu = logistic(e)
        let tiny = LogisticEvaluation.extremeProbability
        let deviance = c > 0 ? 2 * c * (y == 1 ? softplus(-e) : softplus(e)) : 0
        return (deviance, c > 0 && (mu < tiny || mu > 1 - tiny), c * (y - mu), (c * mu * (1 - mu)).squareRoot())
    }

    @Test("one exp per row gives logistic and softplus bit for bit, at ±0, extremes and random η")
    func sameBitsAsSeparateFunctions() {
        var etas: [Double] = [0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 1e-300, -1e-300, 1e-17, -1e-17,
                              18.42, -18.42, 18.43, -18.43, 36, -36, 37, -37, 709, -709, 710, -710, 745, -746, 1e308, -1e308,
                              .infinity, -.infinity]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 { etas.append(Double.random(in: -40...40, using: &generator)) }
        for _ in 0..<2_000 { etas.append(Double.random(in: -1e-6...1e-6, using: &generator)) }
        for e in etas {
            for y in [0.0, 1.0] {
                for c in [1.0, 0.0, 0.6903, 3] {
                    var deviance = 0.0, count = 0, largest = 0.0, residual = 0.0, rootWeight = 0.0
                    LogisticRegression.evaluateRow(eta: e, y: y, c: c, deviance: &deviance, extremeCount: &count, extremeEta: &largest,
                                                   residual: &residual, rootWeight: &rootWeight)
                    let r = Self.reference(eta: e, y: y, c: c)
                    #expect(deviance.bitPattern == r.deviance.bitPattern, "deviance at η = \(e), y = \(y), c = \(c)")
                    #expect((count == 1) == r.extreme && largest == (r.extreme ? abs(e) : 0), "extreme at η = \(e)")
                    #expect(residual.bitPattern == r.residual.bitPattern, "residual at η = \(e), y = \(y), c = \(c)")
                    #expect(rootWeight.bitPattern == r.rootWeight.bitPattern, "√w at η = \(e), y = \(y), c = \(c)")
                }
            }
        }
    }
}
