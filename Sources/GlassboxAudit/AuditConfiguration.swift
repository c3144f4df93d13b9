/// Settings of an audit (the model configuration, kept apart from the ``AuditReport`` result).
public struct AuditConfiguration: Sendable, Equatable {
    /// How confidence levels are adjusted for testing many groups and parity tests at once.
    public enum Adjustment: String, Sendable, CaseIterable {
        /// Each interval at the nominal level.
        case none
        /// Bonferroni: with m verdicts (non-reference, unsuppressed groups × parity tests, over all
        /// attributes), each interval is computed at level 1 − α/m, so all m hold jointly with
        /// probability ≥ 1 − α.
        case bonferroni
    }

    public var decision: DecisionRule = .threshold(0.5)
    /// Also audit the intersection of all group attributes (when there are at least two).
    public var intersect = false
    /// Reference group per attribute name; an attribute not listed uses its largest group
    /// (by summed weight, ties to the first level) — Aequitas' "majority" reference.
    public var references: [String: String] = [:]
    /// Bootstrap replicates (0: verdicts from the point estimate alone, as Aequitas).
    public var bootstrap = 1000
    public var seed: UInt64 = 1
    /// Nominal confidence level 1 − α of the percentile intervals.
    public var confidenceLevel = 0.95
    public var adjustment: Adjustment = .none
    /// Aequitas' τ: a ratio passes within [τ, 1/τ].
    public var tau = 0.8
    /// Groups with fewer rows are suppressed (no metrics, no verdict).
    public var minGroupSize = 10
    /// Groups with fewer rows are flagged unreliable.
    public var unreliableBelow = 30
    /// Calibration bins (score quantiles within each group).
    public var calibrationBins = 10
    /// Points of the threshold sweep.
    public var sweepPoints = 101

    public init() {}
}
