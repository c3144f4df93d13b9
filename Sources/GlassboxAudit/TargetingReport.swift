import GlassboxMetrics

/// Targeting results of one group (or of all rows).
public struct TargetingGroupResult: Sendable, Equatable {
    public var attribute: String
    public var value: String
    /// Rows in the group.
    public var n: Int
    /// Rows of the group in the targeted set.
    public var targeted: Int
    /// n_g / N.
    public var populationShare: Double
    /// t_g / K (0 when nothing is targeted).
    public var targetedShare: Double
    /// targetedShare / populationShare = (t_g / n_g) / (K / N); nil when K = 0.
    public var ratio: Double?
    /// Bootstrap percentile interval of the ratio (nil without bootstrap).
    public var ciLower: Double?
    public var ciUpper: Double?
    /// The point estimate of the ratio is below τ.
    public var writtenOff: Bool
    /// The one-sided 80 % rule on the ratio (``Verdict/init(ratio:ciLower:ciUpper:tau:sides:bootstrap:)`` with ``Verdict/Sides/below``);
    /// nil for all rows and for suppressed groups.
    public var verdict: Verdict?
    public var suppressed: Bool
    /// Fewer rows than ``TargetingConfiguration/unreliableBelow``.
    public var unreliable: Bool
    /// Mean predicted uplift of the group's rows, and of its targeted rows.
    public var meanUplift: Double?
    public var meanUpliftTargeted: Double?
    /// Observed effect (difference in means, Neyman interval) over all the group's rows, and over its
    /// targeted rows; nil when an arm has no row.
    public var effect: TargetingEffect?
    public var targetedEffect: TargetingEffect?
}

/// Everything computed for one attribute.
public struct TargetingAttributeResult: Sendable, Equatable {
    public var name: String
    public var groups: [TargetingGroupResult]
}

/// The result of ``TargetingAudit/run(_:configuration:)``.
public struct TargetingReport: Sendable, Equatable {
    public var configuration: TargetingConfiguration
    public var decisions: Decisions
    /// K, the size of the targeted set.
    public var targetedRows: Int
    /// All rows, with the effect over targeted and over untargeted rows.
    public var overall: TargetingGroupResult
    public var untargetedEffect: TargetingEffect?
    /// scikit-uplift's `qini_auc_score`, `uplift_auc_score`, `uplift_at_k` and the average effect on all rows.
    public var evaluation: UpliftEvaluation
    public var attributes: [TargetingAttributeResult]
    public var rowsRead: Int
    public var rowsUsed: Int
    public var otherArmRows: Int
    public var treatedRows: Int
    public var controlRows: Int
    public var missingByColumn: [String: Int]
    public var warnings: [String]
}
