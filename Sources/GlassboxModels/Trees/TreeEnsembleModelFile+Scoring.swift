import GlassboxTabular

extension TreeEnsembleModelFile: ScoringModel {
    public var modelKind: ModelKind { .treeEnsemble }

    /// The feature names, in the model's order (each a table column of that name).
    public var inputColumns: [String] { ensemble.features.map(\.name) }

    /// One term per feature (``TreeEnsemble/designEncoding(outcome:)``), with the outcome when the import
    /// named one.
    public var encoding: DesignEncoding { ensemble.designEncoding(outcome: outcome) }

    /// The maker's score of every row: the probability for a logistic link, the margin for an identity link.
    /// A missing value goes down each tree's default branch, as the maker scores it; a row the maker gives
    /// no prediction (a PMML `nullPrediction` rule, ``TreeNode/MissingPolicy/nanHasNoPrediction``) scores
    /// NaN and is counted in ``ModelScores/unscoredRowCount``.
    /// - Throws: ``ModelError/featureColumnMissing(feature:available:)``,
    ///   ``ModelError/featureTypeMismatch(feature:expected:)``, ``ModelError/unseenCategory(feature:level:)``.
    public func scores(on table: Table) throws -> ModelScores {
        let matrix = try ensemble.featureMatrix(table)
        let values = TreeEnsembleScorer(ensemble).scores(matrix)
        return ModelScores(values: values, unscoredRowCount: values.reduce(0) { $1.isNaN ? $0 + 1 : $0 })
    }
}
