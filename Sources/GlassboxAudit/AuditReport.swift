/// A disparity of one rate between a group and the reference group.
public struct Disparity: Sendable, Equatable {
    /// rate(group) / rate(reference) — Aequitas' `<metric>_disparity`; nil when undefined.
    public var ratio: Double?
    /// rate(group) − rate(reference).
    public var difference: Double?
    /// Bootstrap percentile interval of the ratio (nil without bootstrap).
    public var ciLower: Double?
    public var ciUpper: Double?
    /// Bootstrap percentile interval of the difference.
    public var differenceCiLower: Double?
    public var differenceCiUpper: Double?
}

/// Observed against predicted in score-quantile bins of one group.
public struct Calibration: Sendable, Equatable {
    public struct Bin: Sendable, Equatable {
        public var n: Int
        public var meanScore: Double
        public var observedRate: Double
    }
    public var bins: [Bin]
    /// Weighted mean outcome minus weighted mean score.
    public var inTheLarge: Double
    /// Slope b of the weighted logistic regression y ~ a + b·logit(s); nil when it does not converge.
    public var slope: Double?
    public var intercept: Double?
}

/// Metrics of one group (or of all rows).
public struct GroupResult: Sendable, Equatable {
    public var attribute: String
    public var value: String
    /// Rows in the group.
    public var n: Int
    /// Summed case weight (equals `n` without weights).
    public var weight: Double
    /// weight / attribute total weight.
    public var share: Double
    public var suppressed: Bool
    /// Fewer rows than ``AuditConfiguration/unreliableBelow``.
    public var unreliable: Bool
    public var isReference: Bool
    public var counts: ConfusionCounts
    /// Defined rates only.
    public var rates: [RateMetric: Double]
    public var auc: Double?
    /// Only when every score lies in [0, 1].
    public var brier: Double?
    public var meanScore: Double?
    public var calibration: Calibration?
    public var disparities: [RateMetric: Disparity]
    public var verdicts: [ParityTest: Verdict]
}

/// fairlearn's summaries over one attribute's (unsuppressed) groups, "between_groups" method.
public struct FairnessSummary: Sendable, Equatable {
    /// max − min of selection rates (`demographic_parity_difference`).
    public var demographicParityDifference: Double?
    /// min / max of selection rates (`demographic_parity_ratio`).
    public var demographicParityRatio: Double?
    /// max(TPR difference, FPR difference) (`equalized_odds_difference`, agg="worst_case").
    public var equalizedOddsDifference: Double?
    /// min(TPR ratio, FPR ratio) (`equalized_odds_ratio`, agg="worst_case").
    public var equalizedOddsRatio: Double?
    /// max − min of TPRs (`equal_opportunity_difference`).
    public var equalOpportunityDifference: Double?
}

/// Selection rate, TPR and FPR of one group at each threshold of the sweep.
public struct SweepCurve: Sendable, Equatable {
    public var attribute: String
    public var value: String
    public var selectionRate: [Double?]
    public var tpr: [Double?]
    public var fpr: [Double?]
}

/// Everything computed for one attribute.
public struct AttributeResult: Sendable, Equatable {
    public var name: String
    public var reference: String
    public var groups: [GroupResult]
    public var summary: FairnessSummary
    public var sweep: [SweepCurve]
}

/// The result of ``BiasAudit/run(_:configuration:)``.
public struct AuditReport: Sendable, Equatable {
    public var configuration: AuditConfiguration
    public var decisions: Decisions
    public var overall: GroupResult
    public var attributes: [AttributeResult]
    public var sweepThresholds: [Double]
    /// Confidence level of each interval after the multiple-comparison adjustment.
    public var effectiveConfidenceLevel: Double
    /// Number of verdicts the adjustment accounts for.
    public var comparisons: Int
    public var rowsRead: Int
    public var rowsUsed: Int
    public var missingByColumn: [String: Int]
    public var warnings: [String]
    /// What was audited (the score column, or a description of a model's predictions), when known.
    public var scoreName: String? = nil
    /// The outcome column, when known.
    public var outcomeName: String? = nil
}
