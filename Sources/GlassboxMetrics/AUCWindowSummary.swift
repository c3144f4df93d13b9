import GlassboxCore

/// The Mann–Whitney pair counts of one key-range window of rows, per group (unweighted): enough to
/// compute every group's exact AUC from windows that each hold only part of the rows.
///
/// With windows R₁ < R₂ < … over disjoint key ranges, the doubled Mann–Whitney numerator is
///   2N_g = Σ_w [ 2N_g^within(R_w) + 2·P_g(R_w)·Q_g(R₁…R_{w−1}) ],
/// P/Q the positive/negative counts; a pair tied on a key counts one half (hence "doubled", so every
/// count stays an integer). Only the window's own rows are sorted; the cross term needs only the
/// totals. Neighbouring windows may share their boundary key (a tie cut in two, e.g. −0 and +0 on two
/// Spark range partitions); the boundary counts correct those pairs to one half.
package struct AUCWindowSummary: Sendable, Equatable {
    /// Smallest and largest key of the window's rows (an empty window has none).
    package let minimumKey: UInt64?
    package let maximumKey: UInt64?
    /// Per group: positives and negatives in the window.
    package let positives: [Int]
    package let negatives: [Int]
    /// Per group: 2N^within = Σ over the window's positives of 2·(negatives below) + (negatives tied).
    package let doubledWithin: [Int128]
    /// Per group: positives and negatives whose key is ``minimumKey`` / ``maximumKey``.
    package let positivesAtMinimum: [Int], negativesAtMinimum: [Int]
    package let positivesAtMaximum: [Int], negativesAtMaximum: [Int]

    /// The summary of one window's rows: `keys` (``OrderedKey``), `positive` outcomes and `groups`
    /// (each in 0..<`groupCount`; a row may be counted in one group per call). The rows are sorted
    /// by key with ``BinaryMetrics/radixSort(_:payload:counts:)``; their order does not matter.
    package init(keys: [UInt64], positive: [Bool], groups: [Int], groupCount: Int) {
        let n = keys.count
        precondition(positive.count == n && groups.count == n, "lengths differ")
        precondition(groups.allSatisfy { (0..<groupCount).contains($0) }, "group out of range")
        var sortedKeys = keys
        var rows = (0..<n).map(Double.init)
        BinaryMetrics.radixSort(&sortedKeys, payload: &rows)
        var positives = [Int](repeating: 0, count: groupCount), negatives = positives
        var within = [Int128](repeating: 0, count: groupCount)
        var runPositives = positives, runNegatives = positives
        var touched = [Int]()
        var firstRun: (positives: [Int], negatives: [Int])?
        var lastRun: (positives: [Int], negatives: [Int])?
        var start = 0
        while start < n {
            var end = start
            while end < n && sortedKeys[end] == sortedKeys[start] {
                let row = Int(rows[end]), g = groups[row]
                if runPositives[g] == 0 && runNegatives[g] == 0 { touched.append(g) }
                if positive[row] { runPositives[g] += 1 } else { runNegatives[g] += 1 }
                end += 1
            }
            if start == 0 { firstRun = (runPositives, runNegatives) }
            for g in touched {
                within[g] += 2 * Int128(runPositives[g]) * Int128(negatives[g]) + Int128(runPositives[g]) * Int128(runNegatives[g])
                positives[g] += runPositives[g]
                negatives[g] += runNegatives[g]
            }
            if end == n { lastRun = (runPositives, runNegatives) }
            for g in touched {
                runPositives[g] = 0
                runNegatives[g] = 0
            }
            touched.removeAll(keepingCapacity: true)
            start = end
        }
        let zeros = [Int](repeating: 0, count: groupCount)
        positivesAtMaximum = lastRun?.positives ?? zeros
        negativesAtMaximum = lastRun?.negatives ?? zeros
        minimumKey = sortedKeys.first
        maximumKey = sortedKeys.last
        self.positives = positives
        self.negatives = negatives
        doubledWithin = within
        positivesAtMinimum = firstRun?.positives ?? zeros
        negativesAtMinimum = firstRun?.negatives ?? zeros
    }
}
