/// Weighted confusion counts of one group: the single sufficient statistic every rate metric of
/// an audit is a function of (fairlearn's `MetricFrame` idea: many metrics, one core).
///
/// The read-out of a ``ConfusionTally`` (which gathers the rows and merges partial tallies exactly):
/// each sum here is the exact sum of the rows' terms rounded once, so it does not depend on the order
/// of the rows. Each cell keeps both the summed case weight (which enters the rates) and the number of
/// rows (which drives suppression and the bootstrap).
package struct ConfusionCounts: Sendable, Equatable {
    /// Summed weights of true positives, false positives, true negatives and false negatives (the row
    /// counts when unweighted).
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

    /// Number of rows.
    package var rows: Int { tpRows + fpRows + tnRows + fnRows }
    /// Total weight N = TP + FP + TN + FN.
    package var total: Double { tp + fp + tn + fn }
    /// Weight of predicted positives TP + FP.
    package var predictedPositive: Double { tp + fp }
    /// Weight of actual positives TP + FN.
    package var actualPositive: Double { tp + fn }
}
