import GlassboxCore

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// The calibration slope: the weighted logistic regression logit P(y = 1) = a + b·logit(s) (Cox 1958),
/// fitted on aggregated points, one per run of tied scores of a group (tied scores share logit s, so
/// (Σw, Σwy) per run is sufficient).
enum CalibrationSlope {
    /// One run of tied scores: x = logit(s), its summed weight Σw and weighted outcome Σwy.
    struct Point: Sendable, Equatable {
        var x: Double
        var w: Double
        var wy: Double
    }

    /// logit(s) with s clipped to [1e-12, 1 − 1e-12].
    static func logit(_ s: Double) -> Double {
        let p = min(max(s, 1e-12), 1 - 1e-12)
        return log(p / (1 - p))
    }

    /// Newton–Raphson for the weighted logistic regression y ~ a + b·x on `points`, from the null model
    /// (b = 0, a = logit of Σwy/Σw); a step that lowers the log-likelihood is halved (the likelihood is
    /// concave). Nil when it does not converge in 200 rounds.
    ///
    /// Every sum over the points — Σw, Σwy, and per round the gradient g₀ = Σr, g₁ = Σr·x, the information
    /// h₀₀ = Σv, h₀₁ = Σv·x, h₁₁ = Σv·x·x and the log-likelihood ℓ = Σ[wy·η − w·log(1 + e^η)], with
    /// η = a + b·x, p = 1/(1 + e^−η), r = wy − w·p, v = w·p·(1 − p) — is an ``ExactSum`` of the per-point
    /// terms (each computed in double), read out once: the fit does not depend on the order of the points.
    static func fit(_ points: [Point]) -> (a: Double, b: Double)? {
        var weight = ExactSum(), outcome = ExactSum()
        for pt in points {
            weight.add(pt.w)
            outcome.add(pt.wy)
        }
        let sw = weight.value, sy = outcome.value
        guard sw > 0, sy > 0, sy < sw else { return nil }
        var a = log(sy / (sw - sy)), b = 0.0
        var lastLL = -Double.infinity, stepA = 0.0, stepB = 0.0
        var scratch = Scratch(capacity: min(points.count, Scratch.block))
        for _ in 0..<200 {
            let (g0, g1, h00, h01, h11, ll) = sums(points, a: a, b: b, scratch: &scratch)
            if ll < lastLL - 1e-12 * abs(lastLL) {
                stepA /= 2; stepB /= 2
                a -= stepA; b -= stepB
                if abs(stepA) + abs(stepB) < 1e-14 { return nil }
                continue
            }
            lastLL = ll
            let det = h00 * h11 - h01 * h01
            guard det > 0, det.isFinite else { return nil }
            stepA = (h11 * g0 - h01 * g1) / det
            stepB = (h00 * g1 - h01 * g0) / det
            a += stepA; b += stepB
            guard a.isFinite, b.isFinite else { return nil }
            if abs(stepA) <= 1e-10 * max(1, abs(a)) && abs(stepB) <= 1e-10 * max(1, abs(b)) { return (a, b) }
        }
        return nil
    }

    /// Term buffers: the six terms of up to ``capacity`` points (term t of point k at t·capacity + k), added to
    /// the exact sums a block at a time (``ExactSum/add(contentsOf:)-([Double])``: cheaper per term than
    /// one ``ExactSum/add(_:)`` each).
    struct Scratch {
        static let block = 32_768
        var terms: [Double]
        let capacity: Int
        init(capacity: Int) {
            self.capacity = max(capacity, 1)
            terms = [Double](repeating: 0, count: 6 * self.capacity)
        }
    }

    /// g₀, g₁, h₀₀, h₀₁, h₁₁ and ℓ at (a, b), each the exact sum of its per-point terms rounded once.
    static func sums(_ points: [Point], a: Double, b: Double, scratch: inout Scratch)
        -> (Double, Double, Double, Double, Double, Double) {
        var total = [ExactSum](repeating: ExactSum(), count: 6)
        let block = scratch.capacity
        points.withUnsafeBufferPointer { pts in
            scratch.terms.withUnsafeMutableBufferPointer { t in
                var start = 0
                while start < pts.count {
                    let end = min(start + block, pts.count)
                    for i in start..<end {
                        let pt = pts[i], k = i &- start
                        let eta = a + b * pt.x
                        let p = 1 / (1 + exp(-eta))
                        let r = pt.wy - pt.w * p, v = pt.w * p * (1 - p)
                        t[k] = r
                        t[block &+ k] = r * pt.x
                        t[2 &* block &+ k] = v
                        t[3 &* block &+ k] = v * pt.x
                        t[4 &* block &+ k] = v * pt.x * pt.x
                        t[5 &* block &+ k] = pt.wy * eta - pt.w * (eta > 0 ? eta + log1p(exp(-eta)) : log1p(exp(eta)))
                    }
                    for j in 0..<6 {
                        total[j].add(contentsOf: UnsafeBufferPointer(rebasing: t[(j * block)..<(j * block + end - start)]))
                    }
                    start = end
                }
            }
        }
        return (total[0].value, total[1].value, total[2].value, total[3].value, total[4].value, total[5].value)
    }
}
