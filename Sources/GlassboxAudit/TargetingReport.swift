import GlassboxMetrics

/// Targeting-audit results of one group (or of all rows).
public struct TargetingGroupResult: Sendable, Equatable {
    /// The attribute (column, or columns joined by `:`), `(all)` for all rows.
    public var attribute: String
    /// The group's value (labels joined by `:` for an intersection).
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
    /// Lower end of the bootstrap percentile interval of the ratio (nil without bootstrap).
    public var ciLower: Double?
    /// Upper end of the bootstrap percentile interval of the ratio (nil without bootstrap).
    public var ciUpper: Double?
    /// The point estimate of the ratio is below τ.
    public var writtenOff: Bool
    /// The one-sided 80 % rule on the ratio (fail when the interval lies below τ, pass when at or above
    /// τ, else inconclusive); nil for all rows and for suppressed groups.
    public var verdict: Verdict?
    /// Fewer rows than ``AuditConfiguration/minGroupSize`` (or complementary suppression): nothing else is shown.
    public var suppressed: Bool
    /// Fewer rows than ``AuditConfiguration/unreliableBelow``.
    public var unreliable: Bool
    /// Mean predicted uplift of the group's rows.
    public var meanUplift: Double?
    /// Mean predicted uplift of the group's targeted rows.
    public var meanUpliftTargeted: Double?
    /// Observed effect (difference in means, Neyman interval) over all the group's rows; nil when an arm has no row.
    public var effect: UpliftEvaluation.AverageEffect?
    /// Observed effect over the group's targeted rows; nil when an arm has no targeted row.
    public var targetedEffect: UpliftEvaluation.AverageEffect?
}

/// Everything computed for one attribute.
package struct TargetingAttributeResult: Sendable, Equatable {
    package var name: String
    package var groups: [TargetingGroupResult]
}

/// The result of a targeting audit (``Table/targetingAudit(uplift:upliftColumn:treatment:outcome:groups:configuration:progress:)``).
public struct TargetingReport: Sendable, Equatable {
    /// The settings the audit ran with.
    public var configuration: AuditConfiguration
    package var decisions: Decisions
    /// K, the size of the targeted set.
    public var targetedRows: Int
    /// All rows, with the effect over targeted rows.
    public var overall: TargetingGroupResult
    /// The observed effect over the rows not targeted.
    public var untargetedEffect: UpliftEvaluation.AverageEffect?
    /// scikit-uplift's `qini_auc_score`, `uplift_auc_score`, `uplift_at_k` and the average effect on all rows.
    public var evaluation: UpliftEvaluation
    package var attributes: [TargetingAttributeResult]
    /// Rows in the input.
    public var rowsRead: Int
    /// Rows audited (treated or control, with an uplift and an outcome).
    public var rowsUsed: Int
    /// Rows in neither arm (another treatment, or a missing treatment value).
    public var otherArmRows: Int
    /// Treated rows audited.
    public var treatedRows: Int
    /// Control rows audited.
    public var controlRows: Int
    /// Rows of the two arms with a missing value, per column.
    public var missingByColumn: [String: Int]
    /// Plain-language warnings (written-off, unreliable or suppressed groups, …).
    public var warnings: [String]

    /// Every group of every attribute, in order (the intersection last).
    public var groups: [TargetingGroupResult] { attributes.flatMap(\.groups) }
    /// The uplift at the cut (the k-th highest).
    public var cutScore: Double { decisions.cut }
    /// Rows tied at the cut, and how many of them were targeted (in file order).
    public var tiesAtCut: (tied: Int, selected: Int) { (decisions.tiedAtCut, decisions.tiedSelected) }
}
