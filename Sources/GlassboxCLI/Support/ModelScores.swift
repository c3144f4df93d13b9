import GlassboxModels
import GlassboxTabular

/// P(outcome = 1) per table row (``LogisticModelFile/scores(on:)``), NaN where a model value is missing
/// (those rows are dropped by the audit as rows with a missing score).
func logisticScores(_ file: LogisticModelFile, table: Table) throws -> [Double] {
    try file.scores(on: table).values
}

/// Predicted uplift of treatment `treated` per table row (``UpliftArmModel/scores(on:)``), or nil when the
/// model was not trained on that treatment.
func upliftScores(_ file: UpliftModelFile, table: Table, treated: String) throws -> [Double]? {
    guard let arm = try? file.arm(treated) else { return nil }
    return try arm.scores(on: table).values
}

/// Runs `body`, naming the data row of an undefined score (``ModelError/undefinedScoreAtRow(row:)``).
func naming<T>(_ design: DesignMatrix, _ body: () throws -> T) throws -> T {
    try ModelScores.locatingUndefinedScores(design, body)
}
