/// The rate metrics of an audit, each a function of a group's ``ConfusionCounts`` (and, for `ppr`,
/// of the attribute's total predicted-positive weight). Definitions follow fairlearn
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

    /// The metric's value for `counts`; `selectedTotal` is the attribute's Σ(TP + FP), used by `ppr`.
    @inline(__always)
    public func value(_ c: ConfusionCounts, selectedTotal: Double) -> Double? {
        func ratio(_ a: Double, _ b: Double) -> Double? { b > 0 ? a / b : nil }
        switch self {
        case .prevalence: return ratio(c.tp + c.fn, c.total)
        case .selectionRate: return ratio(c.tp + c.fp, c.total)
        case .ppr: return ratio(c.tp + c.fp, selectedTotal)
        case .tpr: return ratio(c.tp, c.tp + c.fn)
        case .fpr: return ratio(c.fp, c.fp + c.tn)
        case .fnr: return ratio(c.fn, c.tp + c.fn)
        case .tnr: return ratio(c.tn, c.tn + c.fp)
        case .precision: return ratio(c.tp, c.tp + c.fp)
        case .npv: return ratio(c.tn, c.tn + c.fn)
        case .fdr: return ratio(c.fp, c.tp + c.fp)
        case .forRate: return ratio(c.fn, c.tn + c.fn)
        case .accuracy: return ratio(c.tp + c.tn, c.total)
        }
    }
}

/// The parity tests of the 80 % rule, each on the disparity ratio of one rate (Aequitas' names).
public enum ParityTest: String, CaseIterable, Sendable, Codable {
    /// Aequitas' "Statistical Parity": `ppr` disparity.
    case statisticalParity
    /// Aequitas' "Impact Parity": `pprev` (selection rate) disparity.
    case impactParity
    case fprParity
    case fnrParity
    case tprParity
    case precisionParity

    /// The rate whose disparity ratio is tested.
    public var metric: RateMetric {
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
