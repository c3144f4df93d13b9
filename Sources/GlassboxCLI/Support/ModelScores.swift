import GlassboxModels
import GlassboxTabular

/// P(outcome = 1) from a logistic model for every row of `table`, NaN where a model value is missing
/// (those rows are dropped by the audit as rows with a missing score).
func logisticScores(_ file: LogisticModelFile, table: Table) throws -> [Double] {
    let design = try DesignBuilder.apply(file.encoding, to: table, requireResponse: false)
    let p = try naming(design) { try file.logisticFit.predictProbabilities(design.x) }
    var scores = [Double](repeating: .nan, count: table.rowCount)
    for (k, row) in design.rowIndices.enumerated() { scores[row] = p[k] }
    return scores
}

/// Predicted uplift of treatment `treated` for every row of `table` (NaN where a model value is
/// missing), or nil when the model was not trained on that treatment.
func upliftScores(_ file: UpliftModelFile, table: Table, treated: String) throws -> [Double]? {
    let design = try DesignBuilder.apply(file.encoding, to: table, requireResponse: false)
    guard let p = try naming(design, { try file.upliftFit.predict(design.x) }).first(where: { $0.treated == treated }) else { return nil }
    var scores = [Double](repeating: .nan, count: table.rowCount)
    for (k, row) in design.rowIndices.enumerated() { scores[row] = p.uplift[k] }
    return scores
}

/// Runs `body`, turning ``ModelError/undefinedScore(designRow:)`` into a message naming the data row.
func naming<T>(_ design: DesignMatrix, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch ModelError.undefinedScore(let k) where k < design.rowIndices.count {
        throw CLIError(description: "the score of data row \(design.rowIndices[k] + 1) (line \(design.rowIndices[k] + 2) of the file) is not a number: its terms overflow double precision (an infinite value minus an infinite one); check that row for values near ±1e308")
    }
}
