/// Weighted confusion counts of one group: the single sufficient statistic every rate metric of
/// an audit is a function of (fairlearn's `MetricFrame` idea: many metrics, one core).
///
/// Counts are sums over rows, so partial counts over chunks (or shards of a file larger than
/// memory) merge by addition with ``+(_:_:)``. Each cell keeps both the summed case weight (which
/// enters the rates) and the number of rows (which drives suppression and the bootstrap).
package struct ConfusionCounts: Sendable, Equatable {
    /// Summed weights of true positives, false positives, true negatives and false negatives.
    package var tp = 0.0, fp = 0.0, tn = 0.0, fn = 0.0
    /// Row counts of the four cells.
    package var tpRows = 0, fpRows = 0, tnRows = 0, fnRows = 0
    /// Σ wᵢ sᵢ (for the mean score).
    package var scoreSum = 0.0
    /// Σ wᵢ (yᵢ − sᵢ)² (for the Brier score).
    package var squaredErrorSum = 0.0

    package init() {}

    /// Counts from the four cell weights (rows set equal to the weights when they are whole numbers).
    package init(tp: Double, fp: Double, tn: Double, fn: Double) {
        self.tp = tp; self.fp = fp; self.tn = tn; self.fn = fn
        tpRows = Int(tp); fpRows = Int(fp); tnRows = Int(tn); fnRows = Int(fn)
    }

    /// Adds one row: `positive` is the decision, `outcome` is 0 or 1, `weight` its case weight.
    @inline(__always)
    package mutating func add(score: Double, outcome: Double, weight: Double, positive: Bool) {
        if outcome == 1 {
            if positive { tp += weight; tpRows += 1 } else { fn += weight; fnRows += 1 }
        } else {
            if positive { fp += weight; fpRows += 1 } else { tn += weight; tnRows += 1 }
        }
        scoreSum += weight * score
        let d = outcome - score
        squaredErrorSum += weight * d * d
    }

    /// Number of rows.
    package var rows: Int { tpRows + fpRows + tnRows + fnRows }
    /// Total weight N = TP + FP + TN + FN.
    package var total: Double { tp + fp + tn + fn }
    /// Weight of predicted positives TP + FP.
    package var predictedPositive: Double { tp + fp }
    /// Weight of actual positives TP + FN.
    package var actualPositive: Double { tp + fn }

    /// Cell-wise sum (merging partial counts).
    package static func + (a: ConfusionCounts, b: ConfusionCounts) -> ConfusionCounts {
        var c = a
        c.tp += b.tp; c.fp += b.fp; c.tn += b.tn; c.fn += b.fn
        c.tpRows += b.tpRows; c.fpRows += b.fpRows; c.tnRows += b.tnRows; c.fnRows += b.fnRows
        c.scoreSum += b.scoreSum
        c.squaredErrorSum += b.squaredErrorSum
        return c
    }

    package static func += (a: inout ConfusionCounts, b: ConfusionCounts) { a = a + b }
}
