/// Outcome of a parity test (the 80 % rule with uncertainty), shared by every audit.
public enum Verdict: String, Sendable, Equatable {
    /// The ratio (its whole interval, with a bootstrap) lies within the bounds.
    case pass
    /// The ratio (its whole interval, with a bootstrap) lies outside the bounds.
    case fail
    /// The interval crosses a bound, or the ratio is undefined.
    case inconclusive

    /// Which departures from parity fail.
    package enum Sides: Sendable, Equatable {
        /// A ratio outside [τ, 1/τ] fails (bias audit, lookalike composition).
        case both
        /// Only a ratio below τ fails (targeting: a group written off; over-targeting shows up as
        /// other groups' low ratios).
        case below
    }

    /// The 80 % rule on a disparity ratio. Without a bootstrap: pass when the ratio lies within the
    /// bounds (τ ≤ ratio, and ratio ≤ 1/τ for ``Sides/both``), else fail (Aequitas). With one: pass
    /// when the whole interval lies within the bounds, fail when it lies wholly outside, inconclusive
    /// when it crosses a bound. An undefined ratio (or interval) is inconclusive.
    package init(ratio: Double?, ciLower: Double?, ciUpper: Double?, tau: Double, sides: Sides, bootstrap: Bool) {
        guard let ratio else { self = .inconclusive; return }
        let upper = sides == .both ? 1 / tau : .infinity
        guard bootstrap else { self = ratio >= tau && ratio <= upper ? .pass : .fail; return }
        guard let lo = ciLower, let hi = ciUpper else { self = .inconclusive; return }
        if lo >= tau && hi <= upper { self = .pass } else if hi < tau || lo > upper { self = .fail } else { self = .inconclusive }
    }
}
