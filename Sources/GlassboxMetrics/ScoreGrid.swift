/// A fixed-point grid for sums of score contributions: every contribution is rounded to a whole multiple
/// of one power-of-two `unit`, so that adding and subtracting contributions is exact and the order of the
/// additions cannot change a result.
///
/// Why: a linear predictor after one feature's contribution was swapped, ηᵢ − ownᵢ + movedᵢ, rounds
/// differently from the η of a row that had `moved` all along, so two rows with the same covariates
/// could differ in the last bit and an AUC (ties count ½) would flip with the CPU's BLAS kernel. On the
/// grid, η − own + moved *is* the grid sum of the new row's contributions, bit for bit.
///
/// The unit is u = 2^(e − 48) where 2^e > `bound` ≥ 2^(e−1) (the largest |sum| any arrangement of the
/// contributions can reach), so every value is an integer multiple of u below 2^50·u: snapping is exact
/// rounding to an integer (|x/u| < 2⁵¹), and sums of two such values stay below 2⁵³·u, where doubles
/// are exact. The grid's resolution is about 3.6e-15 of the bound; scores closer than that become ties.
package struct ScoreGrid: Sendable, Equatable {
    /// The grid's spacing, a power of two.
    package let unit: Double
    /// 1 / unit (exact: a power of two).
    package let inverseUnit: Double
    /// The largest |value| the grid holds exactly: 2^50 · unit.
    package let capacity: Double

    /// A grid for values whose every sum stays within ±`bound`; nil when the bound is not finite or so
    /// small that the unit would be subnormal.
    package init?(bound: Double) {
        guard bound.isFinite, bound >= 0 else { return nil }
        let exponent = bound == 0 ? 0 : Int(bound.exponent) + 1
        guard exponent - 48 > Double.leastNormalMagnitude.exponent + 1, exponent + 2 < Double.greatestFiniteMagnitude.exponent else {
            return nil
        }
        unit = Double(sign: .plus, exponent: exponent - 48, significand: 1)
        inverseUnit = Double(sign: .plus, exponent: 48 - exponent, significand: 1)
        capacity = Double(sign: .plus, exponent: exponent + 2, significand: 1)
    }

    /// 1.5 · 2⁵²: adding and subtracting it rounds a double of magnitude below 2⁵¹ to an integer
    /// (nearest, ties to even) without a call to `rint`.
    @usableFromInline static let roundingShift: Double = 6_755_399_441_055_744

    /// `x` rounded to the nearest multiple of ``unit`` (NaN stays NaN). Exact for |x| ≤ ``capacity``.
    @inlinable @inline(__always)
    package func snap(_ x: Double) -> Double {
        ((x * inverseUnit + ScoreGrid.roundingShift) - ScoreGrid.roundingShift) * unit
    }

    /// Whether every sum of values bounded by `bound` stays where the grid is exact.
    @inlinable
    package func holds(_ bound: Double) -> Bool { bound <= capacity }
}
