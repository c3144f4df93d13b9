import GlassboxCore
#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// AUC and calibration of every group of every attribute from one sort of the rows by score.
///
/// The rows are sorted once by (score, row); each attribute is then one pass over that order.
/// AUC per group is the Mann–Whitney sum over runs of tied scores,
/// AUC = Σ_runs W₊(run)·[W₋(below) + ½ W₋(run)] / (W₊ W₋) — scikit-learn's `roc_auc_score` with ties
/// one half — and the calibration bins are cut at each group's own ranks (row at the group's
/// sorted position i goes to bin ⌊bins·i/n_g⌋), as ``Calibration/compute(scores:outcomes:weights:bins:)``.
/// The calibration slopes of all groups are fitted together: each Newton step is one chunked pass over
/// the rows. Cost: one O(n log n) sort plus O(n · attributes · Newton steps).
struct GroupRankStatistics {
    var auc: Double?
    var calibration: Calibration?

    private struct Keyed { var score: Double; var row: Int32 }

    static func compute(_ data: AuditData, attributes: [GroupAttribute], include: [[Bool]], bins: Int, probability: Bool) -> [[GroupRankStatistics]] {
        let n = data.scores.count
        let scores = data.scores, outcomes = data.outcomes, weights = data.weights
        var keyed = [Keyed]()
        keyed.reserveCapacity(n)
        for i in 0..<n { keyed.append(Keyed(score: scores[i], row: Int32(i))) }
        keyed.sort { $0.score < $1.score || ($0.score == $1.score && $0.row < $1.row) }

        var out = [[GroupRankStatistics]]()
        for (a, attribute) in attributes.enumerated() {
            let levels = attribute.levels.count, codes = attribute.codes
            var negBelow = [Double](repeating: 0, count: levels), numerator = negBelow, totalPos = negBelow
            var runPos = negBelow, runNeg = negBelow
            var touched = [Int](), isTouched = [Bool](repeating: false, count: levels)
            var size = [Int](repeating: 0, count: levels)
            for i in 0..<n { size[Int(codes[i])] += 1 }
            var position = [Int](repeating: 0, count: levels)
            var binW = [Double](repeating: 0, count: levels * bins), binY = binW, binS = binW
            var binN = [Int](repeating: 0, count: levels * bins)
            var k = 0
            while k < n {
                let s = keyed[k].score
                var j = k
                while j < n && keyed[j].score == s {
                    let row = Int(keyed[j].row), g = Int(codes[row]), w = weights?[row] ?? 1
                    if outcomes[row] == 1 { runPos[g] += w } else { runNeg[g] += w }
                    if !isTouched[g] { isTouched[g] = true; touched.append(g) }
                    if probability {
                        let b = (bins * position[g]) / size[g]
                        position[g] += 1
                        binW[g * bins + b] += w; binY[g * bins + b] += w * outcomes[row]; binS[g * bins + b] += w * s
                        binN[g * bins + b] += 1
                    }
                    j += 1
                }
                for g in touched {
                    numerator[g] += runPos[g] * (negBelow[g] + 0.5 * runNeg[g])
                    negBelow[g] += runNeg[g]
                    totalPos[g] += runPos[g]
                    runPos[g] = 0; runNeg[g] = 0; isTouched[g] = false
                }
                touched.removeAll(keepingCapacity: true)
                k = j
            }
            var stats = [GroupRankStatistics]()
            for g in 0..<levels {
                guard include[a][g] else { stats.append(GroupRankStatistics()); continue }
                let auc = totalPos[g] > 0 && negBelow[g] > 0 ? numerator[g] / (totalPos[g] * negBelow[g]) : nil
                var calibration: Calibration?
                if probability {
                    var list = [Calibration.Bin](), sw = 0.0, sy = 0.0, ss = 0.0
                    for b in 0..<bins where binN[g * bins + b] > 0 {
                        let w = binW[g * bins + b]
                        if w > 0 { list.append(.init(n: binN[g * bins + b], meanScore: binS[g * bins + b] / w, observedRate: binY[g * bins + b] / w)) }
                        sw += w; sy += binY[g * bins + b]; ss += binS[g * bins + b]
                    }
                    calibration = Calibration(bins: list, inTheLarge: sw > 0 ? (sy - ss) / sw : .nan, slope: nil, intercept: nil)
                }
                stats.append(GroupRankStatistics(auc: auc, calibration: calibration))
            }
            out.append(stats)
        }
        if probability { fitSlopes(data, attributes: attributes, include: include, into: &out) }
        return out
    }

    /// Newton–Raphson for y ~ a + b·logit(s) in every included group at once (see ``Calibration``).
    private static func fitSlopes(_ data: AuditData, attributes: [GroupAttribute], include: [[Bool]], into out: inout [[GroupRankStatistics]]) {
        let eps = 1e-12
        let x = data.scores.map { s -> Double in let p = min(max(s, eps), 1 - eps); return log(p / (1 - p)) }
        let outcomes = data.outcomes, weights = data.weights
        let offsets = attributes.reduce(into: [0]) { $0.append($0.last! + $1.levels.count) }
        let total = offsets.last!
        // Start at the null model (b = 0, a = logit of the group's mean outcome); a step that lowers
        // the log-likelihood is halved (the likelihood is concave, so halving restores ascent).
        var a = [Double](repeating: 0, count: total), b = a
        var active = [Bool](repeating: false, count: total), converged = active
        var lastLL = [Double](repeating: -.infinity, count: total), stepA = a, stepB = a
        for (i, flags) in include.enumerated() { for (g, f) in flags.enumerated() { active[offsets[i] + g] = f } }
        let codes = attributes.map(\.codes)
        do {
            var sw = [Double](repeating: 0, count: total), sy = sw
            for i in x.indices {
                let w = weights?[i] ?? 1
                for (k, c) in codes.enumerated() { let slot = offsets[k] + Int(c[i]); sw[slot] += w; sy[slot] += w * outcomes[i] }
            }
            for slot in 0..<total where active[slot] {
                let m = sw[slot] > 0 ? sy[slot] / sw[slot] : 0
                if m <= 0 || m >= 1 { active[slot] = false } else { a[slot] = log(m / (1 - m)) }
            }
        }
        for _ in 0..<200 where active.contains(true) {
            let (ca, cb, act) = (a, b, active)
            let parts = Parallel.map(Parallel.chunks(count: x.count)) { range -> [Double] in
                var acc = [Double](repeating: 0, count: total * 6)
                for i in range {
                    let w = weights?[i] ?? 1, y = outcomes[i], xi = x[i]
                    for (k, c) in codes.enumerated() {
                        let slot = offsets[k] + Int(c[i])
                        guard act[slot] else { continue }
                        let eta = ca[slot] + cb[slot] * xi
                        let p = 1 / (1 + exp(-eta))
                        let r = y - p, v = w * p * (1 - p)
                        acc[slot * 6] += w * r; acc[slot * 6 + 1] += w * r * xi
                        acc[slot * 6 + 2] += v; acc[slot * 6 + 3] += v * xi; acc[slot * 6 + 4] += v * xi * xi
                        // log-likelihood y·η − log(1 + e^η), computed without overflow
                        acc[slot * 6 + 5] += w * (y * eta - (eta > 0 ? eta + log1p(exp(-eta)) : log1p(exp(eta))))
                    }
                }
                return acc
            }
            var acc = [Double](repeating: 0, count: total * 6)
            for part in parts { for k in acc.indices { acc[k] += part[k] } }
            for slot in 0..<total where active[slot] {
                let ll = acc[slot * 6 + 5]
                if ll < lastLL[slot] - 1e-12 * abs(lastLL[slot]) {
                    stepA[slot] /= 2; stepB[slot] /= 2
                    a[slot] -= stepA[slot]; b[slot] -= stepB[slot]
                    if abs(stepA[slot]) + abs(stepB[slot]) < 1e-14 { active[slot] = false }
                    continue
                }
                lastLL[slot] = ll
                let g0 = acc[slot * 6], g1 = acc[slot * 6 + 1], h00 = acc[slot * 6 + 2], h01 = acc[slot * 6 + 3], h11 = acc[slot * 6 + 4]
                let det = h00 * h11 - h01 * h01
                guard det > 0, det.isFinite else { active[slot] = false; continue }
                let da = (h11 * g0 - h01 * g1) / det, db = (h00 * g1 - h01 * g0) / det
                a[slot] += da; b[slot] += db
                stepA[slot] = da; stepB[slot] = db
                if !a[slot].isFinite || !b[slot].isFinite { active[slot] = false; continue }
                if abs(da) <= 1e-10 * max(1, abs(a[slot])) && abs(db) <= 1e-10 * max(1, abs(b[slot])) { active[slot] = false; converged[slot] = true }
            }
        }
        for (i, flags) in include.enumerated() {
            for (g, f) in flags.enumerated() where f && converged[offsets[i] + g] {
                out[i][g].calibration?.slope = b[offsets[i] + g]
                out[i][g].calibration?.intercept = a[offsets[i] + g]
            }
        }
    }
}
