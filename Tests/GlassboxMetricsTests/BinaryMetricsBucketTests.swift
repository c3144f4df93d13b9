import Foundation
import Testing
@testable import GlassboxMetrics

/// A deterministic spread of values in [0, 1) (MetricsTests depends only on Metrics).
private func spread(_ i: Int, _ salt: Double) -> Double {
    let x: Double = sin(Double(i) * 12.9898 + salt) * 43_758.5453
    return x - x.rounded(.down)
}

@Suite struct BinaryMetricsBucketTests {
    /// Score shapes that stress each branch: continuous, near ties inside one bucket, exact ties across
    /// classes, ±0, a far outlier that squeezes everything into a few large buckets (the sort path),
    /// few distinct values (heavy ties), one value for every row, and ±∞ (the radix fallback).
    static let shapes: [(String, @Sendable (Int) -> Double)] = [
        ("continuous", { 8 * spread($0, 1) - 4 }),
        ("near ties", { 0.75 + Double($0 % 97) * 1e-13 }),
        ("exact ties", { Double($0 % 50) / 7 }),
        ("signed zeros", { $0 % 3 == 0 ? 0.0 : ($0 % 3 == 1 ? -0.0 : spread($0, 2)) }),
        ("outlier", { $0 == 17 ? 1e12 : spread($0, 3) }),
        ("three values", { Double($0 % 3) }),
        ("constant", { _ in 0.25 }),
        ("infinities", { $0 % 101 == 0 ? ($0 % 2 == 0 ? .infinity : -.infinity) : spread($0, 6) }),
    ]

    /// Equal, bit for bit, to the comparison-sort AUC and the radix AUC for every shape and size.
    @Test(arguments: [2, 3, 10, 257, 40_000])
    func bucketAUCEqualsSortedAUC(n: Int) {
        for (name, score) in Self.shapes {
            let s = (0..<n).map(score)
            let y: [Double] = (0..<n).map { i in i < 2 ? Double(i) : (spread(i, 4) < (s[i] > 0.5 ? 0.65 : 0.4) ? 1 : 0) }
            let labels = BinaryLabels(outcomes: y)
            let expected = BinaryMetrics.auc(scores: s, outcomes: y)
            #expect(BinaryMetrics.aucBucketed(scores: s, labels: labels) == expected, "\(name), n = \(n)")
            #expect(BinaryMetrics.aucRadix(scores: s, outcomes: y) == expected, "\(name), n = \(n) (radix)")
        }
    }

    /// Closed forms: perfect separation is 1, reversed is 0, all tied is ½; a single class has no AUC.
    @Test func closedForms() {
        let y: [Double] = [0, 0, 0, 1, 1]
        let labels = BinaryLabels(outcomes: y)
        #expect(BinaryMetrics.aucBucketed(scores: [1, 2, 3, 4, 5], labels: labels) == 1)
        #expect(BinaryMetrics.aucBucketed(scores: [5, 4, 3, 2, 1], labels: labels) == 0)
        #expect(BinaryMetrics.aucBucketed(scores: [2, 2, 2, 2, 2], labels: labels) == 0.5)
        // One positive above two of three negatives and tied with the third: (2 + ½)/3 for it, 1 for the other.
        #expect(BinaryMetrics.aucBucketed(scores: [1, 2, 3, 3, 9], labels: labels) == (2.5 + 3) / 6)
        #expect(BinaryMetrics.aucBucketed(scores: [1, 2, 3], labels: BinaryLabels(outcomes: [1, 1, 1])) == nil)
        #expect(labels.positives == 2 && labels.negatives == 3)
    }

    /// One workspace reused for every shape and for sizes going down and up gives the same AUC as a fresh
    /// computation; so does any range that encloses the scores (a wider one only spreads the buckets).
    @Test func reusedWorkspaceAndWiderRange() {
        let workspace = BucketAUCWorkspace(capacity: 40_000)
        for n in [40_000, 10, 257, 3, 40_000, 1_000] {
            for (name, score) in Self.shapes {
                let s = (0..<n).map(score)
                let y: [Double] = (0..<n).map { i in i < 2 ? Double(i) : (spread(i, 5) < 0.45 ? 1 : 0) }
                let labels = BinaryLabels(outcomes: y)
                let expected = BinaryMetrics.auc(scores: s, outcomes: y)
                var range = ScoreRange()
                for x in s { range.include(x) }
                let reused = s.withUnsafeBufferPointer {
                    BinaryMetrics.aucBucketed(scores: $0, range: range, labels: labels, workspace: workspace)
                }
                #expect(reused == expected, "\(name), n = \(n)")
                guard range.lowest.isFinite && range.highest.isFinite else { continue }
                var wider = ScoreRange()
                wider.include(range.lowest - 3)
                wider.include(range.highest + 1e6)
                let widened = s.withUnsafeBufferPointer {
                    BinaryMetrics.aucBucketed(scores: $0, range: wider, labels: labels, workspace: workspace)
                }
                #expect(widened == expected, "\(name), n = \(n), wider range")
            }
        }
    }

    /// The vectorised range equals the one gathered value by value, for every length around the vector width,
    /// with NaN, ±∞ and signed zeros anywhere.
    @Test func vectorRangeEqualsScalarRange() {
        let pool: [Double] = [3, -1, .nan, .infinity, -.infinity, 0, -0.0, 2.5, 1e300, -7]
        for n in 0..<13 {
            for shift in 0..<pool.count {
                let values = (0..<n).map { pool[($0 * 3 + shift) % pool.count] }
                var scalar = ScoreRange()
                for v in values { scalar.include(v) }
                let vector = values.withUnsafeBufferPointer { ScoreRange($0) }
                #expect(vector.containsNaN == scalar.containsNaN, "n = \(n), shift = \(shift)")
                #expect(vector.lowest == scalar.lowest && vector.highest == scalar.highest, "n = \(n), shift = \(shift)")
            }
        }
    }

    /// Merging ranges is the range of the union, NaN included.
    @Test func scoreRangeMerge() {
        var a = ScoreRange(), b = ScoreRange()
        for x in [3.0, -1, 2] { a.include(x) }
        for x in [5.0, .nan, 0] { b.include(x) }
        let m = a.merged(with: b)
        #expect(m.lowest == -1 && m.highest == 5 && m.containsNaN)
        #expect(!a.containsNaN && a.merged(with: ScoreRange()) == a)
    }

    /// The AUC of base + (moved − own), formed while counting, equals the AUC of the formed scores, leaves
    /// them in `moved`, and takes the exact-range route when the bounds are NaN, infinite or degenerate.
    @Test func shiftedScoresEqualFormedScores() {
        let workspace = BucketAUCWorkspace(capacity: 5_000)
        for n in [3, 257, 5_000] {
            for (name, score) in Self.shapes {
                let own = (0..<n).map { score($0 * 7 + 1) }
                let base = (0..<n).map { 2 * spread($0, 8) - 1 }
                let moved = (0..<n).map { own[($0 * 31 + 5) % n] }
                let y: [Double] = (0..<n).map { i in i < 2 ? Double(i) : (spread(i, 9) < 0.4 ? 1 : 0) }
                let labels = BinaryLabels(outcomes: y)
                let formed = (0..<n).map { base[$0] + (moved[$0] - own[$0]) }
                let expected = BinaryMetrics.auc(scores: formed, outcomes: y)
                var rest = ScoreRange(), ownRange = ScoreRange()
                for k in 0..<n { rest.include(base[k] - own[k]); ownRange.include(own[k]) }
                var bounds = ScoreRange()
                bounds.include(rest.lowest + ownRange.lowest)
                bounds.include(rest.highest + ownRange.highest)
                bounds.containsNaN = rest.containsNaN || ownRange.containsNaN
                var degenerate = ScoreRange()
                degenerate.include(0.5)
                var notANumber = ScoreRange()
                notANumber.include(.nan)
                for (label, b) in [("bounds", bounds), ("degenerate", degenerate), ("NaN", notANumber)] {
                    var m = moved
                    let auc = base.withUnsafeBufferPointer { base in
                        own.withUnsafeBufferPointer { own in
                            m.withUnsafeMutableBufferPointer { m in
                                BinaryMetrics.aucBucketed(base: base, moved: m, own: own, bounds: b, labels: labels, workspace: workspace)
                            }
                        }
                    }
                    #expect(auc == expected, "\(name), n = \(n), \(label)")
                    #expect(m.elementsEqual(formed) { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(name), n = \(n), \(label): scores")
                }
            }
        }
    }
}
