import Foundation
import Testing
import GlassboxCore
import GlassboxMetrics
import GlassboxTabular
@testable import GlassboxAudit

/// The one-sort AUC/calibration pass equals the direct per-group computations.
@Suite("AUC and calibration from one sort")
struct GroupRankStatisticsTests {
    @Test("weighted, tie-heavy data: per-group AUC and calibration equal the direct ones")
    func agrees() throws {
        var rng = SeededGenerator(seed: 21)
        let n = 5000
        let scores = (0..<n).map { _ in (rng.nextUniform() * 20).rounded() / 20 }
        let y = scores.map { rng.nextUniform() < 0.2 + 0.6 * $0 ? 1.0 : 0.0 }
        let w = (0..<n).map { _ in 0.5 + rng.nextUniform() }
        let labels: [String?] = (0..<n).map { ["a", "b", "c"][$0 % 3] }
        let attribute = GroupAttribute(name: "g", column: .categorical(CategoricalColumn(values: labels)), rows: Array(0..<n))
        let data = AuditData(scores: scores, outcomes: y, weights: w, attributes: [attribute])
        let stats = GroupRankStatistics.compute(data, attributes: [attribute], include: [[true, true, true]], bins: 10, probability: true)
        for g in 0..<3 {
            let rows = (0..<n).filter { attribute.codes[$0] == g }
            let s = rows.map { scores[$0] }, yy = rows.map { y[$0] }, ww = rows.map { w[$0] }
            let direct = try #require(BinaryMetrics.auc(scores: s, outcomes: yy, weights: ww))
            #expect(abs(try #require(stats[0][g].auc) - direct) <= 1e-12 * direct)
            // Bins by hand: the group's rows sorted by (score, row), cut at ⌊10·i/n⌋.
            let order = s.indices.sorted { s[$0] < s[$1] || (s[$0] == s[$1] && $0 < $1) }
            let mine = try #require(stats[0][g].calibration)
            #expect(mine.bins.count == 10)
            for (b, bin) in mine.bins.enumerated() {
                let members = order.indices.filter { (10 * $0) / order.count == b }.map { order[$0] }
                let sw = members.reduce(0) { $0 + ww[$1] }
                #expect(bin.n == members.count)
                #expect(abs(bin.meanScore - members.reduce(0) { $0 + ww[$1] * s[$1] } / sw) <= 1e-12)
                #expect(abs(bin.observedRate - members.reduce(0) { $0 + ww[$1] * yy[$1] } / sw) <= 1e-12)
            }
            // The slope solves the weighted logistic score equations Σw(y − p) = Σw(y − p)·logit(s) = 0.
            let a = try #require(mine.intercept), b = try #require(mine.slope)
            var g0 = 0.0, g1 = 0.0, scale = 0.0
            for i in s.indices {
                let q = min(max(s[i], 1e-12), 1 - 1e-12), x = log(q / (1 - q))
                let p = 1 / (1 + exp(-(a + b * x)))
                g0 += ww[i] * (yy[i] - p); g1 += ww[i] * (yy[i] - p) * x; scale += ww[i] * abs(x)
            }
            #expect(abs(g0) < 1e-8 * scale && abs(g1) < 1e-8 * scale, "gradient \(g0), \(g1)")
        }
    }
}

@Suite("Threshold sweep cell lookup")
struct ThresholdSweepCellTests {
    @Test("the arithmetic cell guess equals a count of thresholds ≤ s, on even and uneven grids")
    func cellIsExact() {
        var rng = SeededGenerator(seed: 5)
        let even = ThresholdSweep.thresholds(scores: [0, 1], points: 101)
        let wide = ThresholdSweep.thresholds(scores: [-3.7, 12.1], points: 37)
        let uneven = [0.0, 0.001, 0.5, 0.51, 0.9]
        for t in [even, wide, uneven] {
            let span = t[t.count - 1] - t[0], inverse = Double(t.count - 1) / span
            // Scores on the grid points themselves, their neighbours, random values and far outside.
            var probes = t + t.map { $0.nextUp } + t.map { $0.nextDown } + [-1e300, 1e300, t[0] - 1, t[t.count - 1] + 1]
            for _ in 0..<2000 { probes.append(t[0] - 1 + (span + 2) * rng.nextUniform()) }
            for s in probes {
                let direct = t.filter { $0 <= s }.count
                #expect(ThresholdSweep.cell(s, t, origin: t[0], inverseStep: inverse) == direct, "s = \(s)")
                #expect(ThresholdSweep.cell(s, t, origin: t[0], inverseStep: 0) == direct, "s = \(s), no guess")
            }
        }
    }
}
