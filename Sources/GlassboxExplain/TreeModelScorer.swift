import GlassboxModels
import GlassboxTabular

/// An imported tree ensemble (``TreeEnsembleModelFile``) as the explainers' ``Scorer``: it scores rows as the
/// model file does (the maker's arithmetic), and keeps the compiled ensemble for the tree fast paths —
/// permutation importance that walks again only the trees splitting on the permuted feature
/// (``TreeFeaturePermutation``) and exact path-dependent TreeSHAP (``TreeSHAP``).
package struct TreeModelScorer: Scorer {
    /// The model scored.
    package let model: TreeEnsembleModelFile
    /// Its trees compiled for batch evaluation.
    package let compiled: TreeEnsembleScorer

    package init(model: TreeEnsembleModelFile) {
        self.model = model
        compiled = TreeEnsembleScorer(model.ensemble)
    }

    /// The model's features (each a table column of that name).
    package var featureColumns: [String] { model.inputColumns }

    /// The model's scores (probabilities for a logistic link), as ``TreeEnsembleModelFile/scores(on:)``.
    package func scores(_ table: Table) throws -> [Double] { try model.scores(on: table).values }

    /// The table's feature values in the ensemble's order (categories as the model's codes).
    package func featureMatrix(_ table: Table) throws -> TreeFeatureMatrix { try model.ensemble.featureMatrix(table) }

    /// The score of a margin (the ensemble's link).
    package func inverseLink(_ margin: Double) -> Double { model.ensemble.score(margin: margin) }
}
