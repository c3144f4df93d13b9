import GlassboxModels
import GlassboxTabular

extension ExplainData {
    /// Rows for `model`: a tree ensemble's rows by ``forTreeModel(_:table:weights:withOutcome:extraColumns:)``
    /// (missing inputs kept), any other model's by ``forModel(_:table:weights:withOutcome:extraColumns:)``
    /// (complete rows only: a design matrix needs every value).
    package static func forModel(_ model: any ScoringModel, table: Table, weights: String?, withOutcome: Bool,
                                 extraColumns: [String] = []) throws -> ExplainData {
        if let tree = ModelScorer.forModel(model) as? TreeModelScorer {
            return try forTreeModel(tree, table: table, weights: weights, withOutcome: withOutcome, extraColumns: extraColumns)
        }
        return try forModel(model.encoding, table: table, weights: weights, withOutcome: withOutcome, extraColumns: extraColumns)
    }

    /// Rows for a tree ensemble: every row whose score is defined. A tree routes a missing input itself (its
    /// default branch, as the maker scores it), so rows with missing model inputs are kept with the values
    /// missing, as scikit-learn's `permutation_importance`, `partial_dependence` and shap keep the NaN of an
    /// XGBoost model's inputs. Dropped (and counted in ``rowsDropped``): rows missing the outcome (when
    /// `withOutcome`) or the weights, and rows the model gives no score (a PMML `nullPrediction`). The
    /// `extraColumns` (protected attributes) are carried, missing values included: analyses fitting their own
    /// models on the features (proxy detection) drop incomplete rows for themselves. On data without a
    /// missing model input the rows are those of ``forModel(_:table:weights:withOutcome:extraColumns:)``.
    /// - Throws: the column, response and weight errors of the complete-row path; ``ExplainError/invalidData(_:)``
    ///   when no row is left; the model's feature errors (``ModelError``).
    package static func forTreeModel(_ scorer: TreeModelScorer, table: Table, weights: String?, withOutcome: Bool,
                                     extraColumns: [String] = []) throws -> ExplainData {
        let encoding = scorer.model.encoding
        let carried = (weights.map { [$0] } ?? []) + extraColumns
        // The checks of every model (columns present, a numeric response), with the same errors.
        _ = try DesignBuilder.rows(encoding, in: table, requireResponse: withOutcome, extraColumns: carried)
        let responseName = withOutcome ? encoding.responseName : nil
        let required = (responseName.map { [$0] } ?? []) + (weights.map { [$0] } ?? [])
        var rows = try table.completeRows(required)
        let columns = encoding.predictorColumns + carried + (responseName.map { [$0] } ?? [])
        var kept = try table.gathering(rows: rows, columns: columns)
        if try kept.completeRows(scorer.featureColumns).count < kept.rowCount {
            let scores = try scorer.scores(kept)
            let scored = scores.indices.filter { !scores[$0].isNaN }
            if scored.count < rows.count {
                rows = scored.map { rows[$0] }
                kept = try kept.gathering(rows: scored, columns: columns)
            }
        }
        guard !rows.isEmpty else { throw ExplainError.invalidData("no rows left after dropping rows with missing values") }
        var y: [Double]?
        if let responseName {
            guard case .numeric(let values) = try kept.column(named: responseName) else {
                throw ExplainError.outcomeNotBinary(name: responseName, example: .nan)
            }
            try checkBinary(values, name: responseName)
            y = values
        }
        // The explainers' table holds the model's inputs and the carried columns, as the complete-row path's.
        let inputs = try kept.gathering(rows: Array(0..<kept.rowCount), columns: encoding.predictorColumns + carried)
        return ExplainData(table: inputs, outcome: y, outcomeName: responseName,
                           weights: try weights.map { try weightValues($0, table: inputs) }, rowIndices: rows, rowsRead: table.rowCount)
    }
}

extension ExplainData {
    /// The rows complete in `columns` (self when every row is), with their outcome, weights and treatment.
    func completeSubset(_ columns: [String]) throws -> ExplainData {
        let rows = try table.completeRows(columns)
        guard rows.count < table.rowCount else { return self }
        return ExplainData(table: try table.gathering(rows: rows, columns: table.columnNames),
                           outcome: outcome.map { y in rows.map { y[$0] } }, outcomeName: outcomeName, weights: weights(at: rows),
                           rowIndices: rows.map { rowIndices[$0] }, rowsRead: rowsRead, treatment: treatment.map { t in rows.map { t[$0] } })
    }
}
