/// A disparity of one rate between a group and the reference group.
public struct Disparity: Sendable, Equatable {
    /// rate(group) / rate(reference) — Aequitas' `<metric>_disparity`; nil when undefined.
    public var ratio: Double?
    /// rate(group) − rate(reference).
    public var difference: Double?
    /// Lower end of the bootstrap percentile interval of the ratio (nil without bootstrap).
    public var ciLower: Double?
    /// Upper end of the bootstrap percentile interval of the ratio (nil without bootstrap).
    public var ciUpper: Double?
    /// Lower end of the bootstrap percentile interval of the difference.
    public var differenceCiLower: Double?
    /// Upper end of the bootstrap percentile interval of the difference.
    public var differenceCiUpper: Double?
}

/// Observed against predicted in score-quantile bins of one group (read through ``GroupResult``).
package struct Calibration: Sendable, Equatable {
    package struct Bin: Sendable, Equatable {
        package var n: Int
        package var meanScore: Double
        package var observedRate: Double
    }
    package var bins: [Bin]
    /// Weighted mean outcome minus weighted mean score.
    package var inTheLarge: Double
    /// Slope b of the weighted logistic regression y ~ a + b·logit(s); nil when it does not converge.
    package var slope: Double?
    package var intercept: Double?
}

/// Bias-audit metrics of one group (or of all rows): size, rates, AUC, Brier score, calibration,
/// disparities against the reference group and the 80 %-rule verdicts.
public struct GroupResult: Sendable, Equatable {
    /// The attribute (column, or columns joined by `:`), `(all)` for all rows.
    public var attribute: String
    /// The group's value (labels joined by `:` for an intersection).
    public var value: String
    /// Rows in the group.
    public var n: Int
    /// Summed case weight (equals `n` without weights).
    public var weight: Double
    /// weight / attribute total weight.
    public var share: Double
    /// Fewer rows than ``AuditConfiguration/minGroupSize`` (or complementary suppression): no metrics, no verdict.
    public var suppressed: Bool
    /// Fewer rows than ``AuditConfiguration/unreliableBelow``.
    public var unreliable: Bool
    /// The attribute's reference group.
    public var isReference: Bool
    package var counts: ConfusionCounts
    /// Defined rates only.
    public var rates: [RateMetric: Double]
    /// AUC of the score within the group (scikit-learn's `roc_auc_score`); nil when undefined.
    public var auc: Double?
    /// Only when every score lies in [0, 1].
    public var brier: Double?
    /// Weighted mean score.
    public var meanScore: Double?
    package var calibration: Calibration?
    /// Disparity of every rate against the reference group (non-reference, unsuppressed groups).
    public var disparities: [RateMetric: Disparity]
    package var verdicts: [ParityTest: Verdict]

    /// Weighted confusion counts: true and false positives, true and false negatives.
    public var confusion: (truePositives: Double, falsePositives: Double, trueNegatives: Double, falseNegatives: Double) {
        (counts.tp, counts.fp, counts.tn, counts.fn)
    }

    /// The 80 %-rule verdict on the disparity ratio of `metric`: Aequitas' Statistical Parity (`ppr`),
    /// Impact Parity (`selectionRate`), FPR, FNR, TPR and precision parity; nil for other metrics, the
    /// reference group and suppressed groups.
    public func verdict(for metric: RateMetric) -> Verdict? {
        ParityTest.allCases.first { $0.metric == metric }.flatMap { verdicts[$0] }
    }

    /// Calibration in the large: weighted mean outcome minus weighted mean score (probability scores only).
    public var calibrationInTheLarge: Double? { calibration?.inTheLarge }
    /// Calibration slope b and intercept a of the weighted logistic regression y ~ a + b·logit(s); nil
    /// when it does not converge or scores are not probabilities.
    public var calibrationSlope: (slope: Double, intercept: Double)? {
        guard let c = calibration, let slope = c.slope, let intercept = c.intercept else { return nil }
        return (slope, intercept)
    }
    /// Score-quantile calibration bins: rows, mean score and observed outcome rate of each.
    public var calibrationBins: [(rows: Int, meanScore: Double, observedRate: Double)] {
        calibration?.bins.map { ($0.n, $0.meanScore, $0.observedRate) } ?? []
    }
}

/// fairlearn's summaries over one attribute's (unsuppressed) groups, "between_groups" method.
package struct FairnessSummary: Sendable, Equatable {
    package var demographicParityDifference: Double?
    package var demographicParityRatio: Double?
    package var equalizedOddsDifference: Double?
    package var equalizedOddsRatio: Double?
    package var equalOpportunityDifference: Double?
}

/// Selection rate, TPR and FPR of one group at each threshold of the sweep.
package struct SweepCurve: Sendable, Equatable {
    package var attribute: String
    package var value: String
    package var selectionRate: [Double?]
    package var tpr: [Double?]
    package var fpr: [Double?]
}

/// Everything a bias audit computes for one attribute: its groups, reference, fairlearn summaries and threshold sweep.
public struct AttributeResult: Sendable, Equatable {
    /// The attribute (column, or columns joined by `:` for the intersection).
    public var name: String
    /// The reference group's value.
    public var reference: String
    /// Every group, suppressed ones included (without metrics).
    public var groups: [GroupResult]
    package var summary: FairnessSummary
    package var sweep: [SweepCurve]

    /// fairlearn's `demographic_parity_difference`: max − min of selection rates.
    public var demographicParityDifference: Double? { summary.demographicParityDifference }
    /// fairlearn's `demographic_parity_ratio`: min / max of selection rates.
    public var demographicParityRatio: Double? { summary.demographicParityRatio }
    /// fairlearn's `equalized_odds_difference` (agg="worst_case"): max(TPR difference, FPR difference).
    public var equalizedOddsDifference: Double? { summary.equalizedOddsDifference }
    /// fairlearn's `equalized_odds_ratio` (agg="worst_case"): min(TPR ratio, FPR ratio).
    public var equalizedOddsRatio: Double? { summary.equalizedOddsRatio }
    /// fairlearn's `equal_opportunity_difference`: max − min of TPRs.
    public var equalOpportunityDifference: Double? { summary.equalOpportunityDifference }

    /// Selection rate, TPR and FPR of the group `value` at each of ``AuditReport/sweepThresholds``;
    /// nil for a suppressed or unknown group.
    public func sweep(of value: String) -> (selectionRate: [Double?], tpr: [Double?], fpr: [Double?])? {
        sweep.first { $0.value == value }.map { ($0.selectionRate, $0.tpr, $0.fpr) }
    }
}

/// The result of a bias audit (``Table/biasAudit(scores:scoreColumn:outcome:groups:weights:configuration:progress:)``).
public struct AuditReport: Sendable, Equatable {
    /// The settings the audit ran with.
    public var configuration: AuditConfiguration
    package var decisions: Decisions
    /// All rows together.
    public var overall: GroupResult
    /// One result per audited attribute (the intersection last).
    public var attributes: [AttributeResult]
    /// Thresholds of the sweep (quantiles of the scores).
    public var sweepThresholds: [Double]
    /// Confidence level of each interval after the multiple-comparison adjustment.
    public var effectiveConfidenceLevel: Double
    /// Number of verdicts the adjustment accounts for.
    public var comparisons: Int
    /// Rows in the input.
    public var rowsRead: Int
    /// Rows audited (no missing score, outcome or weight).
    public var rowsUsed: Int
    /// Rows with a missing value, per column (a row can count under several columns).
    public var missingByColumn: [String: Int]
    /// Plain-language warnings (constant outcome, unreliable or suppressed groups, …).
    public var warnings: [String]
    /// What was audited (the score column, or a description of a model's predictions), when known.
    public var scoreName: String? = nil
    /// The outcome column, when known.
    public var outcomeName: String? = nil

    /// The score at the cut: the threshold, or the k-th highest score for ``DecisionRule/top(_:)``.
    public var cutScore: Double { decisions.cut }
    /// For ``DecisionRule/top(_:)``: rows tied at the cut, and how many of them were selected (in file order).
    public var tiesAtCut: (tied: Int, selected: Int) { (decisions.tiedAtCut, decisions.tiedSelected) }
}
