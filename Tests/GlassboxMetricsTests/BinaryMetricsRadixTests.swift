import Foundation
import Testing
@testable import GlassboxMetrics

/// A deterministic spread of values in [0, 1) (no generator: MetricsTests depends only on Metrics).
private func spread(_ i: Int, _ salt: Double) -> Double {
    let x: Double = sin(Double(i) * 12.9898 + salt) * 43_758.5453
    return x - x.rounded(.down)
}

@Suite struct BinaryMetricsRadixTests {
    /// Keys whose high 33 bits tie in long and short runs (narrow ranges, ±0, negatives, exact ties)
    /// come out fully sorted, each with its own payload.
    @Test func radixSortIsAFullSort() {
        let wide: [Double] = (0..<20_000).map { (i: Int) -> Double in 8 * spread(i, 1) - 4 }
        let narrow: [Double] = (0..<20_000).map { (i: Int) -> Double in 0.5 + spread(i, 2) * 1e-9 }  // one long high-bit run
        let negative: [Double] = (0..<20_000).map { (i: Int) -> Double in -0.25 - Double(i % 300) * 1e-12 }  // short runs
        let zeros: [Double] = (0..<5_000).map { (i: Int) -> Double in i % 3 == 0 ? 0.0 : (i % 3 == 1 ? -0.0 : 1e-300 * Double(i)) }
        let samples: [[Double]] = [wide, narrow, negative, zeros, [2, 1, 0]]
        for (s, scores) in samples.enumerated() {
            var keys = scores.map(BinaryMetrics.orderedKey)
            var payload = keys.map { Double($0 % 1_000_003) }
            var bare = keys
            var none: [Double] = []
            BinaryMetrics.radixSort(&keys, payload: &payload)
            BinaryMetrics.radixSort(&bare, payload: &none)
            let expected = scores.map(BinaryMetrics.orderedKey).sorted()
            #expect(keys == expected, "sample \(s)")
            #expect(bare == expected, "sample \(s) without payload")
            #expect(payload == keys.map { Double($0 % 1_000_003) }, "sample \(s) payload")
        }
    }

    /// Continuous and nearly tied scores: the radix AUC equals the comparison-sort AUC.
    @Test func radixAUCOnNearTies() {
        for n in [100, 30_000] {
            let s: [Double] = (0..<n).map { (i: Int) -> Double in i % 2 == 0 ? 2 * spread(i, 3) : 0.75 + Double(i % 97) * 1e-13 }
            let y: [Double] = (0..<n).map { (i: Int) -> Double in spread(i, 4) < (s[i] > 0.75 ? 0.6 : 0.4) ? 1 : 0 }
            let w: [Double] = (0..<n).map { (i: Int) -> Double in 2 * spread(i, 5) }
            let a = BinaryMetrics.auc(scores: s, outcomes: y)!, b = BinaryMetrics.aucRadix(scores: s, outcomes: y)!
            #expect(abs(a - b) < 1e-12, "n \(n)")
            let aw = BinaryMetrics.auc(scores: s, outcomes: y, weights: w)!
            let bw = BinaryMetrics.aucRadix(scores: s, outcomes: y, weights: w)!
            #expect(abs(aw - bw) < 1e-12, "weighted n \(n)")
        }
    }
}

@Suite struct BinaryMetricsRadixOrderTests {
    /// The radix order equals a stable comparison sort by (score, row), with long and short tie runs,
    /// runs sharing their high bits, and ±0 tying.
    @Test func radixOrderIsStableSortOrder() {
        let ties: [Double] = (0..<30_000).map { (i: Int) -> Double in (spread(i, 3) * 50).rounded() / 50 }
        let narrow: [Double] = (0..<30_000).map { (i: Int) -> Double in 0.5 + (spread(i, 4) * 100).rounded() * 1e-12 }
        let zeros: [Double] = (0..<3_000).map { (i: Int) -> Double in i % 3 == 0 ? 0.0 : (i % 3 == 1 ? -0.0 : -1e-300 * Double(i)) }
        let samples: [[Double]] = [ties, narrow, zeros, [1], []]
        for (k, s) in samples.enumerated() {
            let expected = s.indices.sorted { s[$0] < s[$1] || (s[$0] == s[$1] && $0 < $1) }.map { Int32($0) }
            #expect(BinaryMetrics.radixOrder(s) == expected, "sample \(k)")
        }
    }

    /// The multi-core order equals the stable (score, row) order for any number of lanes, so it does
    /// not depend on the machine: ties, runs sharing their high bits (finished on the full key), ±0,
    /// a constant and a descending input, and lane cuts that fall inside long runs.
    @Test func parallelRadixOrderIsStableSortOrderForAnyLaneCount() {
        let n = 70_000
        let ties: [Double] = (0..<n).map { (i: Int) -> Double in (spread(i, 5) * 50).rounded() / 50 }
        let narrow: [Double] = (0..<n).map { (i: Int) -> Double in 0.5 + (spread(i, 6) * 100).rounded() * 1e-12 }
        let zeros: [Double] = (0..<n).map { (i: Int) -> Double in i % 3 == 0 ? 0.0 : (i % 3 == 1 ? -0.0 : spread(i, 7) - 0.5) }
        let constant = [Double](repeating: 0.25, count: n)
        let descending: [Double] = (0..<n).map { (i: Int) -> Double in Double(n - i) }
        for (k, s) in [ties, narrow, zeros, constant, descending].enumerated() {
            let expected = s.indices.sorted { s[$0] < s[$1] || (s[$0] == s[$1] && $0 < $1) }.map { Int32($0) }
            #expect(BinaryMetrics.radixOrder(s) == expected, "sample \(k)")
            for lanes in [1, 2, 3, 5] {
                #expect(BinaryMetrics.parallelRadixOrder(s, lanes: lanes) == expected, "sample \(k), \(lanes) lanes")
            }
        }
    }
}
