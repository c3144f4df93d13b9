import GlassboxCore

/// The accumulator behind ``GroupCounts``: the tally of one group gathered row by row, exactly
/// mergeable (``ConfusionTally``; the selected rows' score sum is an ``ExactSum``), so any split of the
/// rows into chunks or partitions, merged in any order, reads out the same bits.
package struct GroupTally: Sendable, Equatable {
    /// Outcome × selected cells of every row of the group.
    package private(set) var cells = ConfusionTally()
    /// The same cells over the group's treated rows.
    package private(set) var treatedCells = ConfusionTally()
    /// Σ wᵢ sᵢ over the selected rows.
    package private(set) var selectedScoreSum = ExactSum()

    package init() {}

    /// Adds one row; `weight` nil is an unweighted row (weight 1).
    @inline(__always)
    package mutating func add(score: Double, outcome: Double, weight: Double?, selected: Bool, treated: Bool) {
        if let weight {
            cells.add(score: score, outcome: outcome, weight: weight, positive: selected)
            if selected { selectedScoreSum.add(weight * score) }
            if treated { treatedCells.add(score: score, outcome: outcome, weight: weight, positive: selected) }
        } else {
            cells.add(score: score, outcome: outcome, positive: selected)
            if selected { selectedScoreSum.add(score) }
            if treated { treatedCells.add(score: score, outcome: outcome, positive: selected) }
        }
    }

    /// The tally read out (every sum rounded once).
    package var counts: GroupCounts {
        GroupCounts(cells: cells.counts, treatedCells: treatedCells.counts, selectedScoreSum: selectedScoreSum.value)
    }

    /// Adds the rows of `b`, exactly.
    package static func += (a: inout GroupTally, b: GroupTally) {
        a.cells += b.cells
        a.treatedCells += b.treatedCells
        a.selectedScoreSum += b.selectedScoreSum
    }
}
