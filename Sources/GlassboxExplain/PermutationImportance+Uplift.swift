import GlassboxCore
import GlassboxModels
import GlassboxTabular

extension PermutationImportanceResult {
    /// The result with its features in the order of `columns` (features not listed keep their place after
    /// them), without ``rows`` and ``perTerm``: what `evaluate uplift` reports per treatment arm.
    package func summary(inOrder columns: [String]) -> PermutationImportanceResult {
        let rank = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let ordered = permutationImportance.enumerated().sorted { a, b in
            (rank[a.element.feature] ?? columns.count + a.offset, a.offset) < (rank[b.element.feature] ?? columns.count + b.offset, b.offset)
        }.map(\.element)
        return PermutationImportanceResult(metric: metric, repeats: repeats, baseline: baseline, permutationImportance: ordered,
                                           rows: nil, perTerm: nil)
    }

    /// Permutation importance of an uplift model's input columns for treatment `treated`, with the Qini
    /// coefficient (scikit-uplift's `qini_auc_score`) as metric: the one permutation-importance engine run on
    /// ``UpliftModelFile/arm(_:)`` with ``ImportanceMetric/qini``. importance_{j,r} = Qini(original) −
    /// Qini(column j shuffled), so bigger means the targeting leans more on the column; reported per column
    /// in model order (mean, population standard deviation, values), without ``rows`` and ``perTerm``. Shuffle (j, r) uses
    /// `SeededGenerator(seed:, stream: j·repeats + r)`.
    /// Reference: Breiman (2001) "Random forests", *Machine Learning* 45: 5–32; scikit-learn
    /// `sklearn.inspection.permutation_importance`.
    /// - Parameters:
    ///   - table: the evaluation rows (every model column present), aligned with `outcomes` and `treatment`.
    ///   - treatment: 1 for a row of arm `treated`, 0 for control.
    public static func uplift(_ model: UpliftModelFile, treated: String, table: Table, outcomes: [Double], treatment: [Double],
                              repeats: Int, seed: UInt64, progress: ProgressObserver? = nil) throws -> PermutationImportanceResult {
        let arm = try model.arm(treated)
        guard repeats > 0 else { throw ModelError.unsupportedOption("permutation importance needs at least one repeat") }
        let data = try ExplainData.forUplift(arm, table: table, outcomes: outcomes, treatment: treatment)
        let result = try PermutationImportance.compute(model: arm, data: data,
                                                       options: ExplanationOptions(metric: .qini, repeats: repeats, seed: seed),
                                                       progress: progress)
        return result.summary(inOrder: arm.inputColumns)
    }
}
