#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

extension Calibration {
    /// Calibration of probability scores within one group.
    ///
    /// Bins: the group's rows sorted by score (ties by row order) are cut into `bins` bins of equal
    /// row count (row at sorted position i goes to bin ⌊bins·i/n⌋); each bin reports its weighted mean
    /// score and weighted observed rate. Calibration-in-the-large = Σwy/Σw − Σws/Σw. The slope is
    /// b in the weighted logistic regression logit P(y=1) = a + b·logit(s), s clipped to [1e-12, 1 − 1e-12]
    /// (Cox 1958; Van Calster et al. 2019), fitted by Newton's method; 1 is perfect calibration.
    public static func compute(scores: [Double], outcomes: [Double], weights: [Double]?, bins: Int) -> Calibration {
        let n = scores.count
        let order = (0..<n).sorted { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        var binList = [Bin]()
        var start = 0
        var sw = 0.0, sy = 0.0, ss = 0.0
        for b in 0..<bins {
            var end = start
            while end < n && (bins * end) / n == b { end += 1 }
            if end == start { continue }
            var w = 0.0, y = 0.0, s = 0.0
            for k in start..<end {
                let i = order[k], wi = weights?[i] ?? 1
                w += wi; y += wi * outcomes[i]; s += wi * scores[i]
            }
            if w > 0 { binList.append(Bin(n: end - start, meanScore: s / w, observedRate: y / w)) }
            sw += w; sy += y; ss += s
            start = end
        }
        let fit = logisticSlope(scores: scores, outcomes: outcomes, weights: weights)
        return Calibration(bins: binList, inTheLarge: sw > 0 ? (sy - ss) / sw : .nan, slope: fit?.slope, intercept: fit?.intercept)
    }

    /// Newton–Raphson for the two-parameter weighted logistic regression on x = logit(s).
    static func logisticSlope(scores: [Double], outcomes: [Double], weights: [Double]?) -> (intercept: Double, slope: Double)? {
        let eps = 1e-12
        let x = scores.map { s -> Double in let p = min(max(s, eps), 1 - eps); return log(p / (1 - p)) }
        var a = 0.0, b = 1.0
        for _ in 0..<100 {
            var g0 = 0.0, g1 = 0.0, h00 = 0.0, h01 = 0.0, h11 = 0.0
            for i in x.indices {
                let w = weights?[i] ?? 1
                let eta = a + b * x[i]
                let p = 1 / (1 + exp(-eta))
                let r = outcomes[i] - p
                let v = w * p * (1 - p)
                g0 += w * r; g1 += w * r * x[i]
                h00 += v; h01 += v * x[i]; h11 += v * x[i] * x[i]
            }
            let det = h00 * h11 - h01 * h01
            guard det > 0, det.isFinite else { return nil }
            let da = (h11 * g0 - h01 * g1) / det
            let db = (h00 * g1 - h01 * g0) / det
            a += da; b += db
            guard a.isFinite, b.isFinite else { return nil }
            if abs(da) <= 1e-13 * max(1, abs(a)) && abs(db) <= 1e-13 * max(1, abs(b)) { return (a, b) }
        }
        return nil
    }
}
