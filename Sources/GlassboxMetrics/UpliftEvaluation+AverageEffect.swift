import GlassboxCore

extension UpliftEvaluation {
    /// The observed experimental effect in a set of rows: the difference in means τ̂ = ȳ_T − ȳ_C with
    /// Neyman's conservative standard error SE = √(s²_T/n_T + s²_C/n_C), sample variances s² with
    /// denominator n − 1, and the normal interval τ̂ ± z_{1−α/2}·SE (Neyman 1923; Imbens & Rubin 2015,
    /// *Causal Inference*, ch. 6). Used for a whole evaluation and for each group of a targeting audit.
    public struct AverageEffect: Sendable, Codable, Equatable {
        /// τ̂ = ȳ_T − ȳ_C.
        public var estimate: Double
        /// Neyman's standard error of τ̂; nil when an arm has fewer than two rows (no variance).
        public var stdError: Double?
        /// Lower end of the interval τ̂ − z·SE (nil without a standard error).
        public var ciLower: Double?
        /// Upper end of the interval τ̂ + z·SE (nil without a standard error).
        public var ciUpper: Double?
        /// ȳ_T, the treated rows' response rate.
        public var treatedRate: Double
        /// ȳ_C, the control rows' response rate.
        public var controlRate: Double
        /// Treated rows.
        public var nTreated: Int
        /// Control rows.
        public var nControl: Int

        /// The effect from per-arm sums: `treatedSum` responders among `nTreated` treated rows and so on,
        /// with the interval at confidence `level`. Nil when an arm has no row. For a 0/1 outcome
        /// s² = n/(n − 1)·r(1 − r). O(1).
        package init?(treatedSum: Double, nTreated: Int, controlSum: Double, nControl: Int, level: Double) {
            guard nTreated > 0, nControl > 0 else { return nil }
            let r1 = treatedSum / Double(nTreated), r0 = controlSum / Double(nControl)
            (estimate, treatedRate, controlRate, self.nTreated, self.nControl) = (r1 - r0, r1, r0, nTreated, nControl)
            guard nTreated > 1 && nControl > 1 else { return }
            let v1 = r1 * (1 - r1) * Double(nTreated) / Double(nTreated - 1)
            let v0 = r0 * (1 - r0) * Double(nControl) / Double(nControl - 1)
            let se = (v1 / Double(nTreated) + v0 / Double(nControl)).squareRoot()
            let z = NormalDistribution.quantile(1 - (1 - level) / 2)
            stdError = se
            ciLower = estimate - z * se
            ciUpper = estimate + z * se
        }
    }
}
