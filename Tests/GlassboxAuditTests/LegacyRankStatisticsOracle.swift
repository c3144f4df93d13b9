// A verbatim copy of `GroupRankStatistics` at d4e7f5c (before step 2d of docs/design/bounded-audit.md), type
// renamed: the legacy oracle the windowed rank statistics are compared against (double running sums in
// (score, row) order). Do not change it.
import GlassboxCore
import GlassboxMetrics
@testable import GlassboxAudit

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// AUC and calibration of every group of every attribute from one sort of the rows by score.
///
/// The rows are sorted once by (score, row) (``BinaryMetrics/radixOrder(_:)``, a stable radix
/// sort); each attribute is then one pass over that order, attributes in parallel.
/// AUC per group is the Mann–Whitney sum over runs of tied scores,
/// AUC = Σ_runs W₊(run)·[W₋(below) + ½ W₋(run)] / (W₊ W₋) — scikit-learn's `roc_auc_score` with ties
/// one half — and the calibration bins are cut at each group's own ranks (row at the group's
/// sorted position i goes to bin ⌊bins·i/n_g⌋), as ``Calibration/compute(scores:outcomes:weights:bins:)``.
/// The calibration slope is fitted on (Σw, Σwy) per run of tied scores. Cost: one O(n) radix sort
/// plus O(n · attributes), and Newton steps over at most n points per group.
struct LegacyRankStatisticsOracle: Sendable {
    var auc: Double?
    var calibration: Calibration?

    /// `include[a]` for each attribute, then (with `overall`) one more entry for all rows, returned last
    /// as a one-group attribute (its pass reads no codes).
    static func compute(_ data: AuditData, attributes: [GroupAttribute], overall: Bool = false, include: [[Bool]], bins: Int,
                        probability: Bool) -> [[LegacyRankStatisticsOracle]] {
        let scores = data.scores, outcomes = data.outcomes, weights = data.weights
        // Stable radix order by (score, row); rows are then gathered once so that each attribute's
        // pass reads contiguous memory (only its codes are gathered per attribute).
        let order = BinaryMetrics.radixOrder(scores)
        let sortedScores = parallelGather(scores, order: order)
        let sortedOutcomes = parallelGather(outcomes, order: order)
        let sortedWeights = weights.map { parallelGather($0, order: order) }
        // Attributes are independent: one task each, over both cores.
        let tasks = (0..<(attributes.count + (overall ? 1 : 0))).map { $0..<($0 + 1) }
        return Parallel.map(tasks) { task -> [LegacyRankStatisticsOracle] in
            let a = task.lowerBound
            guard a < attributes.count else {
                return pass(levels: 1, codes: nil, scores: sortedScores, outcomes: sortedOutcomes, weights: sortedWeights,
                            include: include[a], bins: bins, probability: probability)
            }
            let attribute = attributes[a]
            let codes = attribute.codes
            return pass(levels: attribute.levels.count, codes: order.map { codes[Int($0)] }, scores: sortedScores,
                        outcomes: sortedOutcomes, weights: sortedWeights, include: include[a], bins: bins, probability: probability)
        }
    }

    /// One attribute over the rows in sorted order (`codes`, `scores`, … already in that order; nil
    /// `codes`: every row in group 0).
    private static func pass(levels: Int, codes: [Int32]?, scores: [Double], outcomes: [Double], weights: [Double]?,
                             include: [Bool], bins: Int, probability: Bool) -> [LegacyRankStatisticsOracle] {
        let n = scores.count
        var negBelow = [Double](repeating: 0, count: levels), numerator = negBelow, totalPos = negBelow
        var runPos = negBelow, runNeg = negBelow
        var touched = [Int](), isTouched = [Bool](repeating: false, count: levels)
        var size = [Int](repeating: 0, count: levels)
        let codes = codes ?? [], coded = !codes.isEmpty
        if coded { for i in 0..<n { size[Int(codes[i])] += 1 } } else { size[0] = n }
        // Calibration bin of a group's row at sorted position i is ⌊bins·i/n_g⌋; it is recomputed only when i
        // reaches the next bin's first position ⌈(b + 1)·n_g/bins⌉, so rows in between need no division.
        var position = [Int](repeating: 0, count: levels), bin = position
        var nextEdge = size.map { ($0 + bins - 1) / max(bins, 1) }
        var binW = [Double](repeating: 0, count: levels * bins), binY = binW, binS = binW
        var binN = [Int](repeating: 0, count: levels * bins)
        // Tied scores share logit(s), so (Σw, Σwy) per run of ties is sufficient for the slope fit.
        var points = [[(x: Double, w: Double, wy: Double)]](repeating: [], count: probability ? levels : 0)
        var k = 0
        while k < n {
            let s = scores[k]
            var j = k
            while j < n && scores[j] == s {
                let g = coded ? Int(codes[j]) : 0, w = weights?[j] ?? 1, y = outcomes[j]
                if y == 1 { runPos[g] += w } else { runNeg[g] += w }
                if !isTouched[g] { isTouched[g] = true; touched.append(g) }
                if probability {
                    let p = position[g]
                    if p >= nextEdge[g] {
                        let b = (bins * p) / size[g]
                        bin[g] = b
                        nextEdge[g] = ((b + 1) * size[g] + bins - 1) / bins
                    }
                    position[g] = p + 1
                    let cell = g * bins + bin[g]
                    binW[cell] += w; binY[cell] += w * y; binS[cell] += w * s
                    binN[cell] += 1
                }
                j += 1
            }
            let xs = probability ? logit(s) : 0
            for g in touched {
                if probability { points[g].append((xs, runPos[g] + runNeg[g], runPos[g])) }
                numerator[g] += runPos[g] * (negBelow[g] + 0.5 * runNeg[g])
                negBelow[g] += runNeg[g]
                totalPos[g] += runPos[g]
                runPos[g] = 0; runNeg[g] = 0; isTouched[g] = false
            }
            touched.removeAll(keepingCapacity: true)
            k = j
        }
        var stats = [LegacyRankStatisticsOracle]()
        for g in 0..<levels {
            guard include[g] else { stats.append(LegacyRankStatisticsOracle()); continue }
            let auc = totalPos[g] > 0 && negBelow[g] > 0 ? numerator[g] / (totalPos[g] * negBelow[g]) : nil
            var calibration: Calibration?
            if probability {
                var list = [Calibration.Bin](), sw = 0.0, sy = 0.0, ss = 0.0
                for b in 0..<bins where binN[g * bins + b] > 0 {
                    let w = binW[g * bins + b]
                    if w > 0 { list.append(.init(n: binN[g * bins + b], meanScore: binS[g * bins + b] / w, observedRate: binY[g * bins + b] / w)) }
                    sw += w; sy += binY[g * bins + b]; ss += binS[g * bins + b]
                }
                let fit = slope(points[g])
                calibration = Calibration(bins: list, inTheLarge: sw > 0 ? (sy - ss) / sw : .nan, slope: fit?.b, intercept: fit?.a)
            }
            stats.append(LegacyRankStatisticsOracle(auc: auc, calibration: calibration))
        }
        return stats
    }

    /// logit(s) with s clipped to [1e-12, 1 − 1e-12].
    static func logit(_ s: Double) -> Double {
        let p = min(max(s, 1e-12), 1 - 1e-12)
        return log(p / (1 - p))
    }

    /// Newton–Raphson for the weighted logistic regression y ~ a + b·x on aggregated points
    /// (x, Σw, Σwy), from the null model (b = 0, a = logit of the mean outcome); a step that lowers
    /// the log-likelihood is halved (the likelihood is concave). Nil when it does not converge.
    static func slope(_ points: [(x: Double, w: Double, wy: Double)]) -> (a: Double, b: Double)? {
        let sw = points.reduce(0) { $0 + $1.w }, sy = points.reduce(0) { $0 + $1.wy }
        guard sw > 0, sy > 0, sy < sw else { return nil }
        var a = log(sy / (sw - sy)), b = 0.0
        var lastLL = -Double.infinity, stepA = 0.0, stepB = 0.0
        for _ in 0..<200 {
            var g0 = 0.0, g1 = 0.0, h00 = 0.0, h01 = 0.0, h11 = 0.0, ll = 0.0
            for pt in points {
                let eta = a + b * pt.x
                let p = 1 / (1 + exp(-eta))
                let r = pt.wy - pt.w * p, v = pt.w * p * (1 - p)
                g0 += r; g1 += r * pt.x
                h00 += v; h01 += v * pt.x; h11 += v * pt.x * pt.x
                ll += pt.wy * eta - pt.w * (eta > 0 ? eta + log1p(exp(-eta)) : log1p(exp(eta)))
            }
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
}
