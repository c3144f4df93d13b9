import GlassboxCore

/// The observed experimental effect in a set of rows: the difference in means τ̂ = ȳ_T − ȳ_C with
/// Neyman's conservative standard error SE = √(s²_T/n_T + s²_C/n_C), sample variances s² with
/// denominator n − 1, and the normal interval τ̂ ± z_{1−α/2}·SE (Neyman 1923; Imbens & Rubin 2015,
/// *Causal Inference*, ch. 6) — the same estimator as ``Metrics/UpliftEvaluation/AverageEffect``.
public struct TargetingEffect: Sendable, Equatable {
    public var estimate: Double
    /// Nil when an arm has fewer than two rows (no variance).
    public var stdError: Double?
    public var ciLower: Double?
    public var ciUpper: Double?
    public var treatedRate: Double
    public var controlRate: Double
    public var nTreated: Int
    public var nControl: Int

    /// The effect from per-arm sums: `treatedSum` responders among `nTreated` treated rows and so on.
    /// Nil when an arm has no row. For a 0/1 outcome s² = n/(n − 1)·r(1 − r). O(1).
    public static func estimate(treatedSum: Double, nTreated: Int, controlSum: Double, nControl: Int, level: Double) -> TargetingEffect? {
        guard nTreated > 0, nControl > 0 else { return nil }
        let r1 = GroupRates.ratio(treatedSum, Double(nTreated))!, r0 = GroupRates.ratio(controlSum, Double(nControl))!
        var effect = TargetingEffect(estimate: r1 - r0, stdError: nil, ciLower: nil, ciUpper: nil, treatedRate: r1, controlRate: r0,
                                     nTreated: nTreated, nControl: nControl)
        if nTreated > 1 && nControl > 1 {
            let v1 = r1 * (1 - r1) * Double(nTreated) / Double(nTreated - 1)
            let v0 = r0 * (1 - r0) * Double(nControl) / Double(nControl - 1)
            let se = (v1 / Double(nTreated) + v0 / Double(nControl)).squareRoot()
            let z = NormalDistribution.quantile(1 - (1 - level) / 2)
            effect.stdError = se
            effect.ciLower = effect.estimate - z * se
            effect.ciUpper = effect.estimate + z * se
        }
        return effect
    }
}
