/// The rate metrics of a bias audit, each a function of a group's weighted confusion counts TP, FP,
/// TN, FN (computed in `GroupRates.swift`) (and, for `ppr`, of the attribute's total
/// predicted-positive weight). Definitions follow fairlearn
/// (`selection_rate`, `true_positive_rate`, …, scikit-learn's `precision_score`, `accuracy_score`)
/// and Aequitas (`pprev`, `ppr`, `prev`, `npv`, `fdr`, `for`); all are weighted when weights are given.
/// A ratio with a zero denominator is undefined (`nil`).
public enum RateMetric: String, CaseIterable, Sendable, Codable {
    /// (TP + FN) / N — Aequitas' `prev`.
    case prevalence
    /// (TP + FP) / N — fairlearn's `selection_rate`, Aequitas' `pprev`.
    case selectionRate
    /// (TP + FP) / Σ_groups (TP + FP) — Aequitas' `ppr`, the group's share of everyone selected.
    case ppr
    /// TP / (TP + FN).
    case tpr
    /// FP / (FP + TN).
    case fpr
    /// FN / (TP + FN).
    case fnr
    /// TN / (TN + FP).
    case tnr
    /// TP / (TP + FP).
    case precision
    /// TN / (TN + FN).
    case npv
    /// FP / (TP + FP).
    case fdr
    /// FN / (TN + FN) (false omission rate).
    case forRate = "for"
    /// (TP + TN) / N.
    case accuracy
}

/// The parity tests of the 80 % rule, each on the disparity ratio of one rate (Aequitas' names).
package enum ParityTest: String, CaseIterable, Sendable, Codable {
    /// Aequitas' "Statistical Parity": `ppr` disparity.
    case statisticalParity
    /// Aequitas' "Impact Parity": `pprev` (selection rate) disparity.
    case impactParity
    case fprParity
    case fnrParity
    case tprParity
    case precisionParity

    /// The rate whose disparity ratio is tested.
    package var metric: RateMetric {
        switch self {
        case .statisticalParity: .ppr
        case .impactParity: .selectionRate
        case .fprParity: .fpr
        case .fnrParity: .fnr
        case .tprParity: .tpr
        case .precisionParity: .precision
        }
    }
}
