import Foundation

/// Pearson's chi-square goodness-of-fit test and the chi-square distribution's upper tail.
package enum ChiSquare {
    package struct Test: Sendable, Equatable {
        package var statistic: Double
        package var degreesOfFreedom: Int
        package var pValue: Double
    }

    /// X² = Σ (Oᵢ − Eᵢ)²/Eᵢ with Eᵢ = (ΣO)·sᵢ/Σs; df = cells − 1; p = P(χ²_df ≥ X²)
    /// (as `scipy.stats.chisquare(observed, expected)`). Cells with zero expected share are skipped.
    package static func goodnessOfFit(observed: [Double], expectedShares: [Double]) -> Test {
        let total = observed.reduce(0, +), shareTotal = expectedShares.reduce(0, +)
        var x2 = 0.0, cells = 0
        for (o, s) in zip(observed, expectedShares) where s > 0 {
            let e = total * s / shareTotal
            x2 += (o - e) * (o - e) / e
            cells += 1
        }
        let df = max(1, cells - 1)
        return Test(statistic: x2, degreesOfFreedom: df, pValue: survival(x2, degreesOfFreedom: df))
    }

    /// P(χ²_ν ≥ x) = Q(ν/2, x/2), the regularised upper incomplete gamma function, by its series for
    /// x < a + 1 and Lentz's continued fraction otherwise (Press et al., *Numerical Recipes*, §6.2).
    package static func survival(_ x: Double, degreesOfFreedom nu: Int) -> Double {
        guard x > 0 else { return 1 }
        let a = Double(nu) / 2, z = x / 2
        let logPrefix = a * log(z) - z - lgamma(a)
        if z < a + 1 {
            var term = 1 / a, sum = term, ap = a
            for _ in 0..<10_000 {
                ap += 1
                term *= z / ap
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return max(0, 1 - sum * exp(logPrefix))
        }
        let tiny = 1e-300
        var b = z + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1...10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(logPrefix) * h
    }
}
