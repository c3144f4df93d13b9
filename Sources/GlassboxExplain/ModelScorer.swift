import GlassboxModels
import GlassboxTabular

/// A ``ScoringModel`` as the `Scorer` explainers work on. ``forModel(_:)`` picks the exact linear
/// specialisation (`LogisticScorer`, with the O(n) permutation and exact SHAP paths) for a logistic
/// model, the tree specialisation (`TreeModelScorer`: partial re-evaluation, TreeSHAP) for a tree
/// ensemble, and this generic scorer, which re-scores the model, for any other kind.
struct ModelScorer: Scorer {
    /// The model scored.
    var model: any ScoringModel

    init(model: any ScoringModel) {
        self.model = model
    }

    var featureColumns: [String] { model.inputColumns }

    /// The model's scores; every row must be scored (explainers work on complete rows).
    func scores(_ table: Table) throws -> [Double] {
        let scored = try model.scores(on: table)
        guard scored.unscoredRowCount == 0 else {
            throw ExplainError.invalidData("\(scored.unscoredRowCount) row(s) have a missing model value")
        }
        return scored.values
    }

    /// The scorer explainers use for `model`: linear for a logistic model, trees for a tree ensemble, re-scoring otherwise.
    static func forModel(_ model: any ScoringModel) -> any Scorer {
        if let any = model as? AnyModel { return forModel(any.model) }
        if let logistic = model as? LogisticModelFile { return LogisticScorer(model: logistic) }
        if let tree = model as? TreeEnsembleModelFile { return TreeModelScorer(model: tree) }
        return ModelScorer(model: model)
    }
}
