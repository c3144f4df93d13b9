import GlassboxModels

extension ExplanationReport {
    /// Refuses the sections of `options` that are not defined for `model`'s kind. Partial dependence, ICE
    /// and proxy detection are defined for every ``ScoringModel`` (they only re-score it); permutation
    /// importance needs a score that predicts the model's outcome (logistic only: an uplift model's score
    /// is a treatment effect, measured per arm with ``ImportanceMetric/qini`` on experiment data by
    /// ``PermutationImportanceResult/uplift(_:treated:table:outcomes:treatment:repeats:seed:progress:)``, and a
    /// lookalike model has no outcome); exact SHAP needs a linear predictor (logistic) or trees (TreeSHAP).
    /// - Throws: ``ExplainError/sectionNotDefined(section:kind:reason:)``.
    public static func checkSections(_ model: any ScoringModel, options: ExplanationOptions) throws {
        let kind = model.modelKind
        if options.importance {
            switch kind {
            case .logistic, .treeEnsemble: break
            case .uplift:
                throw ExplainError.sectionNotDefined(
                    section: "permutation importance", kind: kind.rawValue,
                    reason: "its score is a treatment effect, which no single row's outcome measures; it is measured per treatment arm with the Qini metric on experiment data")
            case .lookalike:
                throw ExplainError.sectionNotDefined(
                    section: "permutation importance", kind: kind.rawValue,
                    reason: "it has no outcome to measure its score against (its seed list is what it learns from)")
            }
        }
        let scorer = ModelScorer.forModel(model)
        if options.shap, !(scorer is any LinearPredictorScorer || scorer is TreeModelScorer) {
            throw ExplainError.sectionNotDefined(section: "exact SHAP", kind: kind.rawValue,
                                                 reason: "exact SHAP values need a linear predictor (a logistic model)")
        }
        if options.shap, options.treeSHAP != .pathDependent, !(scorer is TreeModelScorer) {
            throw ExplainError.sectionNotDefined(section: "interventional TreeSHAP", kind: kind.rawValue,
                                                 reason: "it is defined for tree ensembles; a logistic model's exact SHAP values are already interventional, against all rows")
        }
    }
}
