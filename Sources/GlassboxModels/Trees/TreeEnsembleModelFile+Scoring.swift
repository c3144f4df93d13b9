import GlassboxTabular

extension TreeEnsembleModelFile: ScoringModel {
    public var modelKind: ModelKind { .treeEnsemble }

    /// The feature names, in the model's order (each a table column of that name).
    public var inputColumns: [String] { ensemble.features.map(\.name) }

    /// One term per feature (``TreeEnsemble/designEncoding(outcome:)``), with the outcome when the import
    /// named one.
    public var encoding: DesignEncoding { ensemble.designEncoding(outcome: outcome) }

    /// The maker's score of every row: the probability for a logistic link, the margin for an identity link.
    /// No row is dropped: a missing value goes down each tree's default branch, as the maker scores it.
    /// - Throws: ``ModelError/featureColumnMissing(feature:available:)``,
    ///   ``ModelError/featureTypeMismatch(feature:expected:)``, ``ModelError/unseenCategory(feature:level:)``.
    public func scores(on table: Table) throws -> ModelScores {
        let matrix = try ensemble.featureMatrix(table)
        return ModelScores(values: TreeEnsembleScorer(ensemble).scores(matrix), unscoredRowCount: 0)
    }
}
