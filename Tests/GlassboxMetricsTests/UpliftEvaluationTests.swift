import Foundation
import Testing
@testable import GlassboxMetrics

@Suite("Uplift evaluation")
struct UpliftEvaluationTests {
    @Test("upliftByPercentile equals scikit-uplift's uplift_by_percentile, both strategies")
    func percentiles() throws {
        for c in try UpliftMetricsTests.cases() {
            for (key, strategy) in [("byPercentileOverall", UpliftMetrics.Strategy.overall), ("byPercentileByGroup", .byGroup)] {
                let expected = try #require(c.raw[key] as? [[String: Any]])
                let bins = try UpliftMetrics.upliftByPercentile(outcomes: c.y, uplift: c.s, treatment: c.t, strategy: strategy,
                                                                 bins: expected.count)
                for (bin, row) in zip(bins, expected) {
                    #expect(bin.percentile == row["percentile"] as? Int)
                    #expect(bin.nTreatment == row["nTreatment"] as? Int && bin.nControl == row["nControl"] as? Int, "\(c.name) \(key)")
                    for (value, name) in [(bin.responseRateTreatment, "responseRateTreatment"), (bin.responseRateControl, "responseRateControl"),
                                          (bin.uplift, "uplift"), (bin.stdUplift, "stdUplift")] {
                        if let e = row[name] as? Double {
                            #expect(abs(value - e) <= 1e-12, "\(c.name) \(key) \(name): \(value) vs \(e)")
                        } else {
                            #expect(value.isNaN, "\(c.name) \(key) \(name) should be NaN")
                        }
                    }
                }
            }
        }
    }

    @Test("Average effect is the difference in means with Neyman's interval; bootstrap intervals are seeded and cover the estimate")
    func evaluation() throws {
        let c = try #require(try UpliftMetricsTests.cases().first { $0.name == "continuous" })
        let e = try UpliftEvaluation(outcomes: c.y, uplift: c.s, treatment: c.t, bootstrap: 200, seed: 42)
        var s1 = 0.0, n1 = 0.0, s0 = 0.0, n0 = 0.0
        for i in c.y.indices { if c.t[i] == 1 { s1 += c.y[i]; n1 += 1 } else { s0 += c.y[i]; n0 += 1 } }
        let r1 = s1 / n1, r0 = s0 / n0
        let se = (r1 * (1 - r1) / (n1 - 1) + r0 * (1 - r0) / (n0 - 1)).squareRoot()
        #expect(abs(e.averageEffect.estimate - (r1 - r0)) < 1e-15)
        #expect(abs(e.averageEffect.stdError! - se) < 1e-15)
        #expect(abs(e.averageEffect.ciUpper! - (r1 - r0 + 1.959963984540054 * se)) < 1e-12)
        #expect(abs(e.qiniAuc - (c.raw["qiniAuc"] as! Double)) < 1e-9)
        let q = try #require(e.qiniAucInterval), u = try #require(e.upliftAucInterval)
        #expect(q.ciLower < e.qiniAuc && e.qiniAuc < q.ciUpper)
        #expect(u.ciLower < e.upliftAuc && e.upliftAuc < u.ciUpper)
        let again = try UpliftEvaluation(outcomes: c.y, uplift: c.s, treatment: c.t, bootstrap: 200, seed: 42)
        #expect(again == e)
        let other = try UpliftEvaluation(outcomes: c.y, uplift: c.s, treatment: c.t, bootstrap: 200, seed: 43)
        #expect(other.qiniAucBootstrap != e.qiniAucBootstrap)
        #expect(e.upliftAtK.count == 6)
        #expect(e.byPercentile.count == 10 && e.byPercentile.reduce(0) { $0 + $1.nTreatment + $1.nControl } == c.y.count)
        #expect(e.qiniCurve.x.first == 0 && e.qiniCurve.x.last == Double(c.y.count) && e.qiniCurve.x.count <= 101)
    }
}
