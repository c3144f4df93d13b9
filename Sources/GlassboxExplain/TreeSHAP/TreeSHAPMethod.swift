/// Which exact TreeSHAP a tree ensemble's SHAP values are (``ExplanationOptions/treeSHAP``).
public enum TreeSHAPMethod: Sendable, Equatable {
    /// Path-dependent TreeSHAP: features outside a coalition follow the training distribution as the node
    /// covers record it (XGBoost's `pred_contribs=True`, LightGBM's `pred_contrib=True`). Needs node covers.
    /// A node with surrogate splits (R's rpart through PMML) reads its features in order within the coalition, and
    /// the first one outside it weighs both children by the node's cover fractions: Glassbox's rule, since PMML
    /// stores no covers among rows missing the node's own feature (no maker computes these values).
    case pathDependent
    /// Interventional TreeSHAP against a background of `backgroundRows` rows of the explained data, drawn
    /// without replacement with ``ExplanationOptions/seed`` (every row when the data has no more): shap's
    /// `TreeExplainer(model, background, feature_perturbation="interventional")`. Needs no covers; exact for
    /// surrogate splits too.
    case interventional(backgroundRows: Int)

    /// The name the JSON's `shap.method` records: `treePathDependent` or `treeInterventional`.
    public var jsonName: String {
        switch self {
        case .pathDependent: "treePathDependent"
        case .interventional: "treeInterventional"
        }
    }
}
