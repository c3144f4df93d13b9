import GlassboxTabular

/// Every column `glassbox score` writes for a model, one value per table row, in output order, with the
/// counts the command prints (the public API gives the columns as a ``GlassboxTabular/Table``:
/// ``UpliftModelFile/scoreTable(on:)``, ``LookalikeModelFile/scoreTable(on:dataSHA256:size:onWarning:)``): for an
/// uplift model ``UpliftModelFile/scoreColumns(on:)`` (`uplift`, `p_treated`, `p_control` per arm and
/// `recommended_treatment`), for a lookalike model
/// ``LookalikeModelFile/scoreColumns(on:dataSHA256:size:onWarning:)`` (`score`, `rank` and, with an
/// audience size, `audience`).
package struct ScoreColumns: Sendable {
    /// Named columns, one value per table row, in output order.
    package var columns: [(name: String, column: Column)]
    /// Rows not scored because a model input is missing.
    package var unscoredRowCount: Int
    /// True when the table is a bagging-PU lookalike model's training data, scored out of bag.
    package var outOfBag: Bool
    /// The number of rows in a lookalike audience (nil without an audience size, and for other models).
    package var audienceCount: Int?

    /// Columns with their count of unscored rows; `outOfBag` and `audienceCount` as for a lookalike model.
    package init(columns: [(name: String, column: Column)], unscoredRowCount: Int, outOfBag: Bool = false, audienceCount: Int? = nil) {
        self.columns = columns
        self.unscoredRowCount = unscoredRowCount
        self.outOfBag = outOfBag
        self.audienceCount = audienceCount
    }
}

extension ScoreColumns {
    /// The columns as a table, in output order.
    package var table: Table {
        get throws { try Table(names: columns.map(\.name), columns: columns.map(\.column)) }
    }
}
