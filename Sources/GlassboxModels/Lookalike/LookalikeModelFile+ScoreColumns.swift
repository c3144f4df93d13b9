import GlassboxCore
import GlassboxTabular

extension LookalikeModelFile {
    /// The columns `glassbox score` writes for a lookalike model, as a table with one row per row of
    /// `table`: `score` (NaN where a model value is missing), `rank` (1 = highest among scored rows, ties
    /// by row order) and, with an audience `size` (a share in (0, 1]), `audience` (1 = among the top `size`
    /// share of scored rows not on the seed list, 0 = not, NaN for unscored rows; seeds are read from the
    /// model's seed column when the table has it). A bagging-PU model scoring its own training data (same
    /// `dataSHA256`, seed column present) scores it out of bag (``audienceScores(on:seedColumn:dataSHA256:onWarning:)``
    /// says whether it did); any other table gets the mean of every round. `onWarning` hears the design
    /// warnings of that training-data check.
    /// - Throws: ``ModelError`` for a malformed seed column or an unusable size; ``TabularError``
    ///   when a model column is missing.
    public func scoreTable(on table: Table, dataSHA256: String?, size: Double? = nil,
                           onWarning: ((String) -> Void)? = nil) throws -> Table {
        try scoreColumns(on: table, dataSHA256: dataSHA256, size: size, onWarning: onWarning).table
    }

    /// ``scoreTable(on:dataSHA256:size:onWarning:)``'s columns with the counts `glassbox score` prints: rows not
    /// scored, whether the rows were scored out of bag, and the audience's size in rows.
    package func scoreColumns(on table: Table, dataSHA256: String?, size: Double? = nil,
                              onWarning: ((String) -> Void)? = nil) throws -> ScoreColumns {
        let scored = try scores(on: table)
        var (scores, unscored, outOfBag) = (scored.values, scored.unscoredRowCount, false)
        if let prepared = try trainingDesign(of: table, seedColumn: seedColumn, dataSHA256: dataSHA256, onWarning: onWarning),
           let dataSHA256 {
            let training = try trainingScores(on: table, dataSHA256: dataSHA256, prepared: prepared)
            if training.outOfBag { (scores, unscored, outOfBag) = (training.scores, training.design.droppedRowCount, true) }
        }
        var columns: [(name: String, column: Column)] = [("score", .numeric(scores)), ("rank", .numeric(LookalikeScores.ranks(of: scores)))]
        // Read whenever present, so a malformed seed column is reported with or without a size.
        let seeds = table.hasColumn(seedColumn)
            ? try LookalikeSeeds.read(table, column: seedColumn, requireBoth: false)
            : [Bool](repeating: false, count: table.rowCount)
        var audienceCount: Int?
        if let size {
            let members = LookalikeScores.audienceMembers(scores: scores, seeds: seeds, size: size)
            columns.append(("audience", .numeric(scores.indices.map { scores[$0].isNaN ? .nan : members[$0] ? 1 : 0 })))
            audienceCount = members.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        return ScoreColumns(columns: columns, unscoredRowCount: unscored, outOfBag: outOfBag, audienceCount: audienceCount)
    }
}
