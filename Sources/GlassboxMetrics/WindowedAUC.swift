/// Exact AUC per group from key-range windows (``AUCWindowSummary``).
package enum WindowedAUC {
    /// Two windows whose key ranges overlap beyond one shared boundary key.
    package struct OverlapError: Error, Equatable, CustomStringConvertible {
        package var description: String { "AUC windows overlap: key ranges must be ascending and disjoint except for one shared boundary key" }
    }

    /// Per group: the doubled Mann–Whitney numerator 2N (ties one half), positives P and negatives Q
    /// over all `windows`, taken in ascending key order (empty windows anywhere).
    package static func combine(_ windows: [AUCWindowSummary], groupCount: Int) throws(OverlapError) -> [(doubledNumerator: Int128, positives: Int, negatives: Int)] {
        var numerator = [Int128](repeating: 0, count: groupCount)
        var positives = [Int](repeating: 0, count: groupCount), negatives = positives
        // Rows of earlier windows at the current boundary key (the last window's maximum).
        var boundary: UInt64?
        var boundaryPositives = positives, boundaryNegatives = positives
        for w in windows {
            guard let low = w.minimumKey, let high = w.maximumKey else { continue }
            if let b = boundary, low < b { throw OverlapError() }
            let shared = low == boundary
            for g in 0..<groupCount {
                numerator[g] += w.doubledWithin[g] + 2 * Int128(w.positives[g]) * Int128(negatives[g])
                if shared {
                    // Pairs tied on the boundary key across windows: counted 2 (below) for this window's
                    // positives, 0 for the earlier windows' positives; each should count 1.
                    numerator[g] += Int128(boundaryPositives[g]) * Int128(w.negativesAtMinimum[g])
                        - Int128(w.positivesAtMinimum[g]) * Int128(boundaryNegatives[g])
                }
                positives[g] += w.positives[g]
                negatives[g] += w.negatives[g]
            }
            if shared && low == high {
                for g in 0..<groupCount {
                    boundaryPositives[g] += w.positivesAtMinimum[g]
                    boundaryNegatives[g] += w.negativesAtMinimum[g]
                }
            } else {
                boundaryPositives = w.positivesAtMaximum
                boundaryNegatives = w.negativesAtMaximum
            }
            boundary = high
        }
        return (0..<groupCount).map { (numerator[$0], positives[$0], negatives[$0]) }
    }

    /// AUC = N / (P·Q) as ``BinaryMetrics/aucRadix(scores:outcomes:weights:)`` computes it unweighted:
    /// RN(N) / RN(P·Q); nil when a class is empty.
    package static func auc(doubledNumerator: Int128, positives: Int, negatives: Int) -> Double? {
        guard positives > 0, negatives > 0 else { return nil }
        return Double(doubledNumerator) / 2 / (Double(positives) * Double(negatives))
    }
}
