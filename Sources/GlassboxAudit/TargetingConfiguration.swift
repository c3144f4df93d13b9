/// Settings of a targeting (persuasion) audit, kept apart from the ``TargetingReport`` result.
public struct TargetingConfiguration: Sendable, Equatable {
    /// The targeted set: the highest-uplift fraction of the audited rows (k = round(f·n), ties at the
    /// cut in file order — ``DecisionRule/top(_:)``).
    public var top = 0.2
    /// Also audit the intersection of all group attributes (when there are at least two).
    public var intersect = false
    /// Replicates of the stratified bootstrap of the targeting ratios (0: verdicts from point estimates).
    public var bootstrap = 1000
    /// Replicates of the row bootstrap of `qiniAuc` and `upliftAuc` (0: no interval); each costs O(n).
    public var metricBootstrap = 200
    public var seed: UInt64 = 1
    /// Nominal confidence level 1 − α of every interval.
    public var confidenceLevel = 0.95
    /// A group is written off when its targeting ratio is below τ (the 80 % rule).
    public var tau = 0.8
    /// Groups with fewer rows are suppressed (no metrics, no verdict).
    public var minGroupSize = 10
    /// Groups with fewer rows are flagged unreliable.
    public var unreliableBelow = 30
    /// Population shares for `upliftAtK` (both of scikit-uplift's strategies).
    public var ks: [Double] = [0.1, 0.2, 0.3]

    public init() {}
}
