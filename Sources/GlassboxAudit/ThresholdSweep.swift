import GlassboxCore

/// Selection rate, TPR and FPR per group over a grid of thresholds (data for charts).
///
/// Each row adds its weight to a histogram cell k = number of thresholds ≤ its score (an
/// arithmetic guess on the even grid, corrected exactly), split by outcome; the rates at threshold j
/// are then sums of cells k > j. One chunked, mergeable pass: O(n + groups · T). Unweighted cells are
/// row counts; weighted cells and their suffix sums are exact sums (``ExactSum``) rounded once, so the
/// curves do not depend on the order of the rows or on how they were split and merged.
package enum ThresholdSweep {
    /// Thresholds: 0, 1/(points−1), …, 1 when every score lies in [0, 1]; otherwise `points` evenly
    /// spaced values from the lowest to the highest score.
    package static func thresholds(scores: [Double], points: Int) -> [Double] {
        guard points >= 2, let lo = scores.min(), let hi = scores.max() else { return [] }
        let (a, b) = lo >= 0 && hi <= 1 ? (0.0, 1.0) : (lo, hi)
        return (0..<points).map { a + (b - a) * Double($0) / Double(points - 1) }
    }

    package static func curves(_ data: AuditData, attribute: GroupAttribute, thresholds: [Double], include: [Bool]) -> [SweepCurve] {
        let t = thresholds, cells = thresholds.count + 1, levels = attribute.levels.count
        let scores = data.scores, outcomes = data.outcomes, weights = data.weights, codes = attribute.codes
        // Thresholds are (nearly) evenly spaced: guess the cell arithmetically, then fix it up exactly.
        let origin = t.first ?? 0
        let span = t.count >= 2 ? t[t.count - 1] - origin : 0
        let inverseStep = span > 0 && span.isFinite ? Double(t.count - 1) / span : 0
        let chunks = Parallel.chunks(count: scores.count, maximumChunks: min(64, 2 * Parallel.workerCount))
        // Cell sums: row counts unweighted (whole numbers, exact in a double below 2⁵³), exact sums of the
        // weights otherwise, so the curves do not depend on the order or chunking of the rows.
        var counts = [Double](), weightSums = [ExactSum]()
        if let weights {
            let parts = Parallel.map(chunks) { range -> [ExactSum] in
                // [group][cell][pos, neg]
                var h = [ExactSum](repeating: ExactSum(), count: levels * cells * 2)
                for i in range {
                    let lo = cell(scores[i], t, origin: origin, inverseStep: inverseStep)
                    h[(Int(codes[i]) * cells + lo) * 2 + (outcomes[i] == 1 ? 0 : 1)].add(weights[i])
                }
                return h
            }
            weightSums = [ExactSum](repeating: ExactSum(), count: levels * cells * 2)
            for part in parts { for k in weightSums.indices { weightSums[k] += part[k] } }
        } else {
            let parts = Parallel.map(chunks) { range -> [Double] in
                var h = [Double](repeating: 0, count: levels * cells * 2)
                for i in range {
                    let lo = cell(scores[i], t, origin: origin, inverseStep: inverseStep)
                    h[(Int(codes[i]) * cells + lo) * 2 + (outcomes[i] == 1 ? 0 : 1)] += 1
                }
                return h
            }
            counts = [Double](repeating: 0, count: levels * cells * 2)
            for part in parts { for k in counts.indices { counts[k] += part[k] } }
        }
        var out = [SweepCurve]()
        for g in 0..<levels where include[g] {
            // Suffix sums: selected at threshold j are the cells k ≥ j + 1 (weighted: exact, rounded once each).
            var sufPos = [Double](repeating: 0, count: cells + 1), sufNeg = sufPos
            var exactPos = ExactSum(), exactNeg = ExactSum()
            for k in stride(from: cells - 1, through: 0, by: -1) {
                let slot = (g * cells + k) * 2
                if weights == nil {
                    sufPos[k] = sufPos[k + 1] + counts[slot]
                    sufNeg[k] = sufNeg[k + 1] + counts[slot + 1]
                } else {
                    exactPos += weightSums[slot]
                    exactNeg += weightSums[slot + 1]
                    sufPos[k] = exactPos.value
                    sufNeg[k] = exactNeg.value
                }
            }
            let pos = sufPos[0], neg = sufNeg[0]
            var sel = [Double?](), tpr = [Double?](), fpr = [Double?]()
            for j in 0..<t.count {
                sel.append(GroupRates.ratio(sufPos[j + 1] + sufNeg[j + 1], pos + neg))
                tpr.append(GroupRates.ratio(sufPos[j + 1], pos))
                fpr.append(GroupRates.ratio(sufNeg[j + 1], neg))
            }
            out.append(SweepCurve(attribute: attribute.name, value: attribute.levels[g], selectionRate: sel, tpr: tpr, fpr: fpr))
        }
        return out
    }

    /// The number of thresholds ≤ `s` (`t` ascending): an arithmetic guess for evenly spaced `t`
    /// (`inverseStep` = 0 means none), corrected by stepping until t[k−1] ≤ s < t[k], so the result
    /// is exact for any ascending `t` — O(1) per row on the even grids ``thresholds(scores:points:)`` builds.
    @inline(__always) static func cell(_ s: Double, _ t: [Double], origin: Double, inverseStep: Double) -> Int {
        let count = t.count
        var k = 0
        if inverseStep > 0 {
            let g = (s - origin) * inverseStep
            k = g < 0 ? 0 : g >= Double(count) ? count : Int(g) + 1
        }
        while k > 0 && t[k - 1] > s { k -= 1 }
        while k < count && t[k] <= s { k += 1 }
        return k
    }
}
