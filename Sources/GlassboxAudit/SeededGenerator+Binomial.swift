import GlassboxCore
#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

extension SeededGenerator {
    /// A Binomial(n, p) draw. For n·min(p, 1−p) < 10 by inversion through geometric waiting times
    /// (Devroye 1986, §X.4); otherwise by Hörmann's BTRS transformed rejection with squeeze
    /// (W. Hörmann, "The generation of binomial random variates", J. Statist. Comput. Simul. 46, 1993),
    /// the algorithm TensorFlow uses. Expected O(1) time for large n.
    public mutating func nextBinomial(n: Int, p: Double) -> Int {
        guard n > 0, p > 0 else { return 0 }
        guard p < 1 else { return n }
        if p > 0.5 { return n - nextBinomial(n: n, p: 1 - p) }
        if Double(n) * p < 10 { return binomialInversion(n: n, p: p) }
        return binomialBTRS(n: n, p: p)
    }

    private mutating func binomialInversion(n: Int, p: Double) -> Int {
        let logQ = log1p(-p)
        var sum = 0.0, count = 0
        while true {
            var u = nextUniform()
            while u == 0 { u = nextUniform() }
            sum += (log(u) / logQ).rounded(.up)
            if sum > Double(n) { return count }
            count += 1
        }
    }

    private mutating func binomialBTRS(n: Int, p: Double) -> Int {
        let nd = Double(n)
        let spq = (nd * p * (1 - p)).squareRoot()
        let b = 1.15 + 2.53 * spq
        let a = -0.0873 + 0.0248 * b + 0.01 * p
        let c = nd * p + 0.5
        let vr = 0.92 - 4.2 / b
        let r = p / (1 - p)
        let alpha = (2.83 + 5.1 / b) * spq
        let m = ((nd + 1) * p).rounded(.down)
        while true {
            let u = nextUniform() - 0.5
            var v = nextUniform()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + c).rounded(.down)
            if k < 0 || k > nd { continue }
            if us >= 0.07 && v <= vr { return Int(k) }
            if v == 0 { continue }
            v = log(v * alpha / (a / (us * us) + b))
            let bound = (m + 0.5) * log((m + 1) / (r * (nd - m + 1))) + (nd + 1) * log((nd - m + 1) / (nd - k + 1))
                + (k + 0.5) * log(r * (nd - k + 1) / (k + 1))
                + Self.stirlingTail(m) + Self.stirlingTail(nd - m) - Self.stirlingTail(k) - Self.stirlingTail(nd - k)
            if v <= bound { return Int(k) }
        }
    }

    /// log(k!) − [(k + ½) log(k + 1) − (k + 1) + ½ log 2π], tabulated for k ≤ 9.
    private static func stirlingTail(_ k: Double) -> Double {
        let table = [0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509,
                     0.0166446911898211, 0.0138761288230707, 0.0118967099458917, 0.0104112652619720,
                     0.00925546218271273, 0.00833056343336287]
        if k <= 9 { return table[Int(k)] }
        let kp1sq = (k + 1) * (k + 1)
        return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1)
    }

    /// A multinomial draw of `n` rows over cells with the given non-negative weights, by successive
    /// conditional binomials: xⱼ ~ Binomial(n − Σ_{i<j} xᵢ, pⱼ / Σ_{i≥j} pᵢ).
    public mutating func nextMultinomial(n: Int, weights: [Double]) -> [Int] {
        var remainingN = n
        var remainingP = weights.reduce(0, +)
        var out = [Int](repeating: 0, count: weights.count)
        for j in 0..<weights.count {
            if remainingN == 0 || remainingP <= 0 { break }
            if j == weights.count - 1 { out[j] = remainingN; break }
            let x = nextBinomial(n: remainingN, p: min(1, weights[j] / remainingP))
            out[j] = x
            remainingN -= x
            remainingP -= weights[j]
        }
        return out
    }
}
