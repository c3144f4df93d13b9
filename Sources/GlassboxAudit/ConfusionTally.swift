import GlassboxCore

/// The accumulator behind ``ConfusionCounts``: the confusion cells of one group gathered row by row,
/// whose read-out (``counts``) does not depend on the order of the rows or on how they were split
/// into chunks, partitions or files and merged.
///
/// Row counts are integers. Every floating-point sum is an ``ExactSum``: each row's term is computed in
/// double as before (wᵢ, wᵢ·sᵢ, wᵢ·(yᵢ − sᵢ)·(yᵢ − sᵢ)), the terms are added exactly and the total is
/// rounded once, to nearest, on read-out — the correctly rounded sum (as Python's `math.fsum`), so
/// equal multisets of rows give equal bits. Unweighted cells need no sum: their weight is the row
/// count (exact up to 2⁵³ rows).
package struct ConfusionTally: Sendable, Equatable {
    /// Row counts of the four cells.
    package private(set) var tpRows = 0, fpRows = 0, tnRows = 0, fnRows = 0
    /// Summed case weights of the four cells (empty for unweighted rows).
    package private(set) var tpWeight = ExactSum(), fpWeight = ExactSum(), tnWeight = ExactSum(), fnWeight = ExactSum()
    /// Σ wᵢ sᵢ.
    package private(set) var scoreSum = ExactSum()
    /// Σ wᵢ (yᵢ − sᵢ)².
    package private(set) var squaredErrorSum = ExactSum()
    /// Whether weighted rows were added (then the cell weights are the weight sums, else the row counts).
    package private(set) var weighted = false

    package init() {}

    /// Adds one unweighted row (weight 1): `positive` is the decision, `outcome` is 0 or 1.
    @inline(__always)
    package mutating func add(score: Double, outcome: Double, positive: Bool) {
        if outcome == 1 {
            if positive { tpRows &+= 1 } else { fnRows &+= 1 }
        } else {
            if positive { fpRows &+= 1 } else { tnRows &+= 1 }
        }
        scoreSum.add(score)
        let d = outcome - score
        squaredErrorSum.add(d * d)
    }

    /// Adds one row with case weight `weight`.
    @inline(__always)
    package mutating func add(score: Double, outcome: Double, weight: Double, positive: Bool) {
        weighted = true
        if outcome == 1 {
            if positive { tpWeight.add(weight); tpRows &+= 1 } else { fnWeight.add(weight); fnRows &+= 1 }
        } else {
            if positive { fpWeight.add(weight); fpRows &+= 1 } else { tnWeight.add(weight); tnRows &+= 1 }
        }
        scoreSum.add(weight * score)
        let d = outcome - score
        squaredErrorSum.add(weight * d * d)
    }

    /// Number of rows.
    package var rows: Int { tpRows + fpRows + tnRows + fnRows }

    /// The cells, each sum rounded once (see the type's documentation).
    package var counts: ConfusionCounts {
        var c = ConfusionCounts()
        c.tpRows = tpRows; c.fpRows = fpRows; c.tnRows = tnRows; c.fnRows = fnRows
        if weighted {
            c.tp = tpWeight.value; c.fp = fpWeight.value; c.tn = tnWeight.value; c.fn = fnWeight.value
        } else {
            c.tp = Double(tpRows); c.fp = Double(fpRows); c.tn = Double(tnRows); c.fn = Double(fnRows)
        }
        c.scoreSum = scoreSum.value
        c.squaredErrorSum = squaredErrorSum.value
        return c
    }

    /// Adds the rows of `b` (exact: the tally of both sets of rows).
    package static func += (a: inout ConfusionTally, b: ConfusionTally) {
        a.tpRows += b.tpRows; a.fpRows += b.fpRows; a.tnRows += b.tnRows; a.fnRows += b.fnRows
        a.tpWeight += b.tpWeight; a.fpWeight += b.fpWeight; a.tnWeight += b.tnWeight; a.fnWeight += b.fnWeight
        a.scoreSum += b.scoreSum
        a.squaredErrorSum += b.squaredErrorSum
        a.weighted = a.weighted || b.weighted
    }
}
