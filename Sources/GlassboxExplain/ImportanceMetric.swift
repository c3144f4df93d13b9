import GlassboxMetrics

/// The metric permutation importance is measured in (scikit-learn's scorers of the same names).
public enum ImportanceMetric: String, CaseIterable, Sendable, Codable {
    /// Area under the ROC curve, ties one half (`roc_auc`).
    case auc
    /// Mean log loss (`neg_log_loss`, reported here as the loss itself).
    case logloss
    /// Brier score (`neg_brier_score`, reported as the score itself).
    case brier
    /// Accuracy of `score ≥ threshold` decisions (`accuracy`).
    case accuracy
    /// Qini coefficient of an uplift score against outcome and treatment (scikit-uplift's `qini_auc_score`);
    /// needs a treatment indicator (``PermutationImportanceResult/uplift(_:treated:table:outcomes:treatment:repeats:seed:progress:)``).
    /// Not among ``allCases``, the metrics of a binary outcome alone.
    case qini

    /// The metrics of a binary outcome (every case but ``qini``, which also needs a treatment column).
    public static let allCases: [ImportanceMetric] = [.auc, .logloss, .brier, .accuracy]

    /// Whether larger values are better (false for losses).
    public var greaterIsBetter: Bool { self == .auc || self == .accuracy || self == .qini }

    /// The metric of `values` against 0/1 `outcomes`. When `inverseLink` is given, `values` are linear
    /// predictors η and scores are g⁻¹(η); AUC is then computed on η directly, which gives the same
    /// ranking because g⁻¹ is increasing.
    func evaluate(_ values: [Double], outcomes: [Double], weights: [Double]?, threshold: Double,
                  inverseLink: (@Sendable (Double) -> Double)?, outcomeName: String, classes: (positives: [Int], negatives: [Int])? = nil, labels: BinaryLabels? = nil,
                  treatment: [Double]? = nil) throws -> Double {
        switch self {
        case .qini:
            guard let treatment else { throw ExplainError.invalidOption("the qini metric needs a treatment column") }
            return try UpliftMetrics.qiniAuc(outcomes: outcomes, uplift: values, treatment: treatment)
        case .auc:
            // Unweighted with labels prepared: bucketing (fastest); otherwise the radix sort.
            let auc: Double?
            if weights == nil, let labels {
                auc = BinaryMetrics.aucBucketed(scores: values, labels: labels)
            } else if let classes {
                auc = BinaryMetrics.aucRadix(scores: values, positives: classes.positives, negatives: classes.negatives, weights: weights)
            } else {
                auc = BinaryMetrics.aucRadix(scores: values, outcomes: outcomes, weights: weights)
            }
            guard let a = auc else {
                throw ExplainError.singleClassOutcome(name: outcomeName, value: outcomes.first ?? 0)
            }
            return a
        case .logloss:
            return BinaryMetrics.logLoss(probabilities: inverseLink.map { values.map($0) } ?? values, outcomes: outcomes, weights: weights)
        case .brier:
            return BinaryMetrics.brier(probabilities: inverseLink.map { values.map($0) } ?? values, outcomes: outcomes, weights: weights)
        case .accuracy:
            return BinaryMetrics.accuracy(scores: inverseLink.map { values.map($0) } ?? values, outcomes: outcomes,
                                          threshold: threshold, weights: weights)
        }
    }
}
