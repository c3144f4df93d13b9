/// The kinds of model Glassbox fits, saves and scores; the raw value is the model file's `kind` field.
public enum ModelKind: String, Sendable, Codable, CaseIterable {
    /// A logistic regression of a binary outcome (``LogisticModelFile``).
    case logistic
    /// A persuasion (uplift) model of a treatment's effect on a binary outcome (``UpliftModelFile``).
    case uplift
    /// A lookalike model ranking rows by their similarity to a seed list (``LookalikeModelFile``).
    case lookalike
    /// An imported tree ensemble (XGBoost, LightGBM, PMML) scored as its maker scores it (``TreeEnsemble``).
    case treeEnsemble
}
