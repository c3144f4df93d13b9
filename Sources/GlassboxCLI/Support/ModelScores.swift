import Models
import Tabular

/// P(outcome = 1) from a logistic model for every row of `table`, NaN where a model value is missing
/// (those rows are dropped by the audit as rows with a missing score).
func logisticScores(_ file: LogisticModelFile, table: Table) throws -> [Double] {
    let design = try DesignBuilder.apply(file.encoding, to: table, requireResponse: false)
    let p = try file.logisticFit.predictProbabilities(design.x)
    var scores = [Double](repeating: .nan, count: table.rowCount)
    for (k, row) in design.rowIndices.enumerated() { scores[row] = p[k] }
    return scores
}

/// Predicted uplift of treatment `treated` for every row of `table` (NaN where a model value is
/// missing), or nil when the model was not trained on that treatment.
func upliftScores(_ file: UpliftModelFile, table: Table, treated: String) throws -> [Double]? {
    let design = try DesignBuilder.apply(file.encoding, to: table, requireResponse: false)
    guard let p = try file.upliftFit.predict(design.x).first(where: { $0.treated == treated }) else { return nil }
    var scores = [Double](repeating: .nan, count: table.rowCount)
    for (k, row) in design.rowIndices.enumerated() { scores[row] = p.uplift[k] }
    return scores
}
