/// Settings of every audit (bias, targeting, composition), kept apart from the results.
///
/// The common settings (bootstrap, seed, confidence level, τ, group sizes, intersection) mean the same
/// in every audit; the bias-audit-only and targeting-audit-only settings say so. The defaults are those
/// of the `glassbox audit` command.
public struct AuditConfiguration: Sendable, Equatable {
    /// How confidence levels are adjusted for testing many groups and parity tests at once.
    package enum Adjustment: String, Sendable, CaseIterable {
        /// Each interval at the nominal level.
        case none
        /// Bonferroni: with m verdicts (non-reference, unsuppressed groups × parity tests, over all
        /// attributes), each interval is computed at level 1 − α/m, so all m hold jointly with
        /// probability ≥ 1 − α.
        case bonferroni
    }

    /// Bias audit: how scores become decisions.
    public var decision: DecisionRule = .threshold(0.5)
    /// Also audit the intersection of all group attributes (when there are at least two; bias and targeting audits).
    public var intersect = false
    /// Bias audit: reference group per attribute name; an attribute not listed uses its largest group
    /// (by summed weight, ties to the first level) — Aequitas' "majority" reference.
    public var references: [String: String] = [:]
    /// Bootstrap replicates of the group ratios (0: verdicts from the point estimate alone, as Aequitas).
    public var bootstrap = 1000
    /// Seed of every bootstrap; replicate r draws from `SeededGenerator(seed:, stream: r)`.
    public var seed: UInt64 = 1
    /// Nominal confidence level 1 − α of the percentile intervals.
    public var confidenceLevel = 0.95
    package var adjustment: Adjustment = .none
    /// Aequitas' τ: a ratio passes within [τ, 1/τ] (bias and composition audits), at or above τ (targeting audit).
    public var tau = 0.8
    /// Groups with fewer rows are suppressed (no metrics, no verdict).
    public var minGroupSize = 10
    /// Groups with fewer rows are flagged unreliable (bias and targeting audits).
    public var unreliableBelow = 30
    /// Bias audit: calibration bins (score quantiles within each group), 1 to ``maximumCalibrationBins``.
    public var calibrationBins = 10
    /// Most calibration bins per group: every group holds that many bins' sums.
    public static let maximumCalibrationBins = 1_000
    /// Bias audit: points of the threshold sweep.
    public var sweepPoints = 101
    /// Targeting audit: the targeted set is the highest-uplift fraction of the audited rows
    /// (k = round(f·n), ties at the cut in file order — ``DecisionRule/top(_:)``).
    public var top = 0.2
    /// Targeting audit: replicates of the row bootstrap of `qiniAuc` and `upliftAuc` (0: no interval); each costs O(n).
    public var metricBootstrap = 200
    /// Targeting audit: population shares for `upliftAtK` (both of scikit-uplift's strategies).
    public var ks: [Double] = [0.1, 0.2, 0.3]

    /// Bias audit: Bonferroni adjustment — with m verdicts (non-reference, unsuppressed groups × parity
    /// tests, over all attributes), each interval is computed at level 1 − α/m, so all m hold jointly
    /// with probability ≥ 1 − α. Off: each interval at the nominal level.
    public var bonferroni: Bool {
        get { adjustment == .bonferroni }
        set { adjustment = newValue ? .bonferroni : .none }
    }

    /// The defaults of `glassbox audit`.
    public init() {}
}

/// The settings of a targeting audit (the one ``AuditConfiguration``; the name Report's demo pipeline uses).
package typealias TargetingConfiguration = AuditConfiguration
