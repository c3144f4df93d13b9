import GlassboxCore
import GlassboxMetrics
import GlassboxModels

extension UpliftModelEvaluation {
    /// The Qini permutation importance of `model`'s input columns for every evaluated arm, on that arm's
    /// rows (``PermutationImportanceResult/uplift(_:treated:table:outcomes:treatment:repeats:seed:progress:)``), in
    /// arm order: what `evaluate uplift --importance` reports.
    /// - Throws: ``ExplainError/invalidData(_:)`` naming the arm (`'TREATED': …`) when the Qini coefficient
    ///   is undefined on its rows; the engine's errors.
    public func importance(of model: UpliftModelFile, repeats: Int, seed: UInt64,
                           progress: ProgressObserver? = nil) throws -> [PermutationImportanceResult] {
        try arms.map { arm in
            do {
                return try PermutationImportanceResult.uplift(model, treated: arm.treated, table: try experiment.table(rows: arm.rows),
                                                        outcomes: arm.outcomes, treatment: arm.treatment, repeats: repeats, seed: seed,
                                                        progress: progress)
            } catch let error as UpliftMetricsError {
                throw ExplainError.invalidData("'\(arm.treated)': \(error.description)")
            }
        }
    }
}
