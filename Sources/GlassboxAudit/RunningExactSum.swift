import GlassboxCore

/// An exact sum of doubles (``ExactSum``'s value and read-out) that stays a plain double while every
/// addition is exact.
///
/// Each addition s = RN(a + x) is checked with Knuth's TwoSum error-free transformation
/// (err = (a − (s − b′)) + (x − b′), b′ = s − a; Knuth, TAOCP vol. 2, §4.2.2): err = 0 and s finite mean
/// s is the exact sum, so the double is kept. The first inexact (or non-finite) addition moves the sum
/// into an ``ExactSum``. Either way ``value`` is the exact sum rounded once to nearest, so the result
/// does not depend on the path: a run of tied scores with one row, or integer weights, costs a few
/// flops instead of a superaccumulator read-out.
struct RunningExactSum: Sendable {
    /// The exact sum while ``exact`` is nil (it started at +0 and every addition was exact).
    private var fast = 0.0
    /// The sum once an addition was not exact in double.
    private var exact: ExactSum?

    init() {}

    /// Adds `x` exactly.
    @inline(__always)
    mutating func add(_ x: Double) {
        guard exact == nil else {
            exact!.add(x)
            return
        }
        let s = fast + x
        let b = s - fast
        let error = (fast - (s - b)) + (x - b)
        if error == 0 && s.isFinite {
            fast = s
        } else {
            var sum = ExactSum()
            sum.add(fast)
            sum.add(x)
            exact = sum
        }
    }

    /// Adds the terms of `other` exactly.
    mutating func merge(_ other: RunningExactSum) {
        if let more = other.exact {
            if exact == nil {
                var sum = ExactSum()
                sum.add(fast)
                exact = sum
            }
            exact!.merge(more)
        } else {
            add(other.fast)
        }
    }

    /// The exact sum rounded to the nearest double (ties to even; an exact zero reads +0, as ``ExactSum``).
    var value: Double {
        exact?.value ?? fast
    }

    /// The sum as an ``ExactSum`` (for merging into order-free totals).
    var exactSum: ExactSum {
        if let exact { return exact }
        var sum = ExactSum()
        sum.add(fast)
        return sum
    }
}
