/// The tally of one group (or of all rows): the one sufficient statistic every rate, share,
/// disparity, verdict and bootstrap of an audit is computed from (fairlearn's `MetricFrame` idea:
/// many metrics, one core).
///
/// `cells` holds the outcome × selected cells of all the group's rows (summed case weights and row
/// counts, with score sums); `treatedCells` the same cells restricted to the treated arm (all zero
/// when the audit has no treatment); the control arm is their difference, exact because row counts
/// and 0/1 responder sums are whole numbers. The read-out of a ``GroupTally``, which gathers the rows
/// and merges partial tallies over chunks (or shards) exactly.
package struct GroupCounts: Sendable, Equatable {
    /// Outcome × selected cells of every row of the group.
    package var cells = ConfusionCounts()
    /// Outcome × selected cells of the group's treated rows.
    package var treatedCells = ConfusionCounts()
    /// Σ wᵢ sᵢ over the selected rows.
    package var selectedScoreSum = 0.0

    package init() {}

    package init(cells: ConfusionCounts, treatedCells: ConfusionCounts, selectedScoreSum: Double) {
        self.cells = cells
        self.treatedCells = treatedCells
        self.selectedScoreSum = selectedScoreSum
    }

    /// Rows of the group.
    package var rows: Int { cells.rows }
    /// Selected rows (predicted positive, targeted, in the audience).
    package var selectedRows: Int { cells.tpRows + cells.fpRows }
    /// Rows whose outcome is 1 (responders, seeds).
    package var outcomeRows: Int { cells.tpRows + cells.fnRows }

    /// Rows of arm `arm` (0 control, 1 treated).
    package func armRows(_ arm: Int) -> Int { arm == 1 ? treatedCells.rows : cells.rows - treatedCells.rows }
    /// Responders (outcome 1) of arm `arm`.
    package func armResponders(_ arm: Int) -> Double {
        arm == 1 ? treatedCells.actualPositive : cells.actualPositive - treatedCells.actualPositive
    }
    /// Selected rows of arm `arm`.
    package func selectedArmRows(_ arm: Int) -> Int {
        arm == 1 ? treatedCells.tpRows + treatedCells.fpRows : selectedRows - treatedCells.tpRows - treatedCells.fpRows
    }
    /// Selected responders of arm `arm`.
    package func selectedArmResponders(_ arm: Int) -> Double { arm == 1 ? treatedCells.tp : cells.tp - treatedCells.tp }
}
