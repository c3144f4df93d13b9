import Foundation
import Testing
@testable import GlassboxMetrics
import GlassboxTestSupport

/// Uplift metrics against scikit-uplift 0.5.1 (fixtures from Tests/Reference/make_uplift_reference.py).
@Suite("Uplift metrics")
struct UpliftMetricsTests {
    struct Case {
        var name: String
        var y: [Double], t: [Double], s: [Double]
        var raw: [String: Any]
    }

    static func cases() throws -> [Case] {
        let cases = try #require(try Fixtures.jsonObject("reference/uplift-metrics.json")["cases"] as? [[String: Any]])
        return try cases.map { c in
            func doubles(_ key: String) throws -> [Double] { try #require(c[key] as? [NSNumber]).map(\.doubleValue) }
            let name = try #require(c["name"] as? String)
            return Case(name: name, y: try doubles("outcome"), t: try doubles("treatment"), s: try doubles("uplift"), raw: c)
        }
    }

    func expectCurve(_ curve: (x: [Double], y: [Double]), _ raw: Any?, _ label: String) throws {
        let d = try #require(raw as? [String: [NSNumber]])
        let x = try #require(d["x"]).map(\.doubleValue), y = try #require(d["y"]).map(\.doubleValue)
        #expect(curve.x == x, "\(label) x")
        #expect(curve.y.count == y.count, "\(label) length")
        for (a, b) in zip(curve.y, y) { #expect(NumericTolerance.isClose(a, b, tolerance: 1e-9, scale: 1), "\(label): \(a) vs \(b)") }
    }

    func close(_ a: Double, _ b: Double?) -> Bool {
        guard let b else { return a.isNaN }
        return NumericTolerance.isClose(a, b, tolerance: 1e-9, scale: 1)
    }

    @Test("Curves equal scikit-uplift's qini_curve, uplift_curve and the perfect curves, ties included")
    func curves() throws {
        for c in try Self.cases() {
            try expectCurve(try UpliftMetrics.qiniCurve(outcomes: c.y, uplift: c.s, treatment: c.t), c.raw["qiniCurve"], "\(c.name) qini")
            try expectCurve(try UpliftMetrics.upliftCurve(outcomes: c.y, uplift: c.s, treatment: c.t), c.raw["upliftCurve"], "\(c.name) uplift")
            try expectCurve(try UpliftMetrics.perfectQiniCurve(outcomes: c.y, treatment: c.t), c.raw["perfectQiniCurve"], "\(c.name) perfect qini")
            try expectCurve(try UpliftMetrics.perfectUpliftCurve(outcomes: c.y, treatment: c.t), c.raw["perfectUpliftCurve"], "\(c.name) perfect uplift")
        }
    }

    @Test("qiniAuc and upliftAuc equal qini_auc_score and uplift_auc_score to 1e-9")
    func areas() throws {
        for c in try Self.cases() {
            let q = try UpliftMetrics.qiniAuc(outcomes: c.y, uplift: c.s, treatment: c.t)
            #expect(close(q, c.raw["qiniAuc"] as? Double), "\(c.name) qini \(q)")
            let q0 = try UpliftMetrics.qiniAuc(outcomes: c.y, uplift: c.s, treatment: c.t, negativeEffect: false)
            #expect(close(q0, c.raw["qiniAucNoNegativeEffect"] as? Double), "\(c.name) qini without negative effect \(q0)")
            let u = try UpliftMetrics.upliftAuc(outcomes: c.y, uplift: c.s, treatment: c.t)
            #expect(close(u, c.raw["upliftAuc"] as? Double), "\(c.name) auuc \(u)")
        }
    }

    @Test("upliftAtK equals uplift_at_k for both strategies, fractional and integer k, ties included")
    func atK() throws {
        for c in try Self.cases() {
            let rows = try #require(c.raw["upliftAtK"] as? [[String: Any]])
            #expect(rows.count == 10)
            for row in rows {
                let isCount = try #require(row["isCount"] as? Bool)
                let kValue = try #require(row["k"] as? NSNumber)
                let k: UpliftMetrics.K = isCount ? .count(kValue.intValue) : .fraction(kValue.doubleValue)
                let strategyName = try #require(row["strategy"] as? String)
                let strategy = try #require(UpliftMetrics.Strategy(rawValue: strategyName))
                let value = try UpliftMetrics.upliftAtK(outcomes: c.y, uplift: c.s, treatment: c.t, k: k, strategy: strategy)
                #expect(close(value, row["value"] as? Double), "\(c.name) k=\(k) \(strategy): \(value) vs \(String(describing: row["value"]))")
            }
        }
    }

    @Test("Bootstrap resampling by multiplicities equals scoring the resampled rows")
    func multiplicities() throws {
        let c = try #require(try Self.cases().first { $0.name == "ties" })
        let counts: [Double] = c.y.indices.map { Double(($0 * 7919) % 3) }
        var y = [Double](), t = [Double](), s = [Double]()
        for i in c.y.indices { for _ in 0..<Int(counts[i]) { y.append(c.y[i]); t.append(c.t[i]); s.append(c.s[i]) } }
        let scorer = UpliftScorer(uplift: c.s, outcomes: c.y, treatment: c.t).scores(multiplicity: counts)
        #expect(abs(scorer.qiniAuc - (try UpliftMetrics.qiniAuc(outcomes: y, uplift: s, treatment: t))) < 1e-12)
        #expect(abs(scorer.upliftAuc - (try UpliftMetrics.upliftAuc(outcomes: y, uplift: s, treatment: t))) < 1e-12)
    }

    @Test("Bad inputs: non-binary outcome or treatment, unequal lengths, k out of range")
    func badInputs() {
        #expect(throws: UpliftMetricsError.notBinary(name: "the outcome", example: 2)) {
            try UpliftMetrics.qiniAuc(outcomes: [0, 2], uplift: [0.1, 0.2], treatment: [0, 1])
        }
        #expect(throws: UpliftMetricsError.notBinary(name: "the treatment indicator", example: 0.5)) {
            try UpliftMetrics.upliftAuc(outcomes: [0, 1], uplift: [0.1, 0.2], treatment: [0, 0.5])
        }
        #expect(throws: UpliftMetricsError.lengthMismatch(outcomes: 2, uplift: 1, treatment: 2)) {
            try UpliftMetrics.qiniCurve(outcomes: [0, 1], uplift: [0.1], treatment: [0, 1])
        }
        #expect(throws: UpliftMetricsError.self) {
            try UpliftMetrics.upliftAtK(outcomes: [0, 1], uplift: [0.1, 0.2], treatment: [0, 1], k: .fraction(1), strategy: .overall)
        }
    }
}
