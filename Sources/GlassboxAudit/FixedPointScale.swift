/// A fixed-point scale 2^`shift` in which every term of a sum is an integer and the sum of all of them fits
/// an `Int128`: then the sum is exact in integers, and ``value(_:)`` reads it out rounded once, the same
/// bits as an ``ExactSum`` of the same terms, at the cost of an integer addition per term.
///
/// A double x ≠ 0 is m·2^e with m odd; the scale's shift is the smallest such e over the terms, and the
/// terms are below 2^h in magnitude. n terms then sum below n·2^h, i.e. below 2^(h − shift + ⌈log₂(n + 1)⌉)
/// units of 2^shift; the scale exists when that is at most 2¹²⁶ and the read-out cannot leave the normal
/// range (shift ≥ −1022, the sum below 2¹⁰⁰⁰). Scales merge (minimum shift, maximum h, summed counts), so
/// a pass over the data can find one before the sweep.
struct FixedPointScale: Sendable, Equatable {
    /// Terms are integer multiples of 2^shift.
    let shift: Int

    /// The scale for the `count` terms `terms` (iterated once), nil when it would not fit (a term NaN or ±∞,
    /// exponents too far apart, or too near the ends of the double range).
    init?<S: Sequence>(terms: S, count: Int) where S.Element == Double {
        var bounds = Bounds()
        for x in terms {
            bounds.add(x)
            if !bounds.finite { return nil }
        }
        guard let scale = bounds.scale(count: count) else { return nil }
        self = scale
    }

    private init(shift: Int) { self.shift = shift }

    /// The exponent range of terms seen one at a time (a pass over a cache, segment by segment), for
    /// ``scale(count:)``: the same scale as ``init(terms:count:)`` of the same terms.
    struct Bounds: Sendable {
        /// The lowest set bit's exponent and one past the highest's, over the non-zero terms.
        private var lowest = Int.max, highest = Int.min
        /// False once a term was NaN or ±∞.
        private(set) var finite = true

        /// Takes term `x` into the bounds.
        @inline(__always)
        mutating func add(_ x: Double) {
            guard x.isFinite else {
                finite = false
                return
            }
            if x == 0 { return }
            let (m, e) = FixedPointScale.parts(x)
            lowest = min(lowest, e + m.trailingZeroBitCount)
            highest = max(highest, e + (64 - m.leadingZeroBitCount))
        }

        /// The scale of `count` terms within these bounds; nil when it would not fit.
        func scale(count: Int) -> FixedPointScale? {
            guard finite else { return nil }
            guard lowest != Int.max else { return FixedPointScale(shift: 0) }
            let countBits = Int.bitWidth - count.leadingZeroBitCount
            guard highest - lowest + countBits <= 126, lowest >= -1022, highest + countBits <= 1000 else { return nil }
            return FixedPointScale(shift: lowest)
        }
    }

    /// |x| = m·2^e (x finite, m the significand as an integer, e the exponent of its last bit).
    @inline(__always)
    static func parts(_ x: Double) -> (m: UInt64, e: Int) {
        let bits = x.bitPattern
        let field = Int(truncatingIfNeeded: bits >> 52) & 0x7FF
        let fraction = bits & 0x000F_FFFF_FFFF_FFFF
        return (field == 0 ? fraction : fraction | 1 << 52, max(field, 1) - 1075)
    }

    /// x / 2^shift, an integer (x one of the terms the scale was made for, or a sum of them). Built from
    /// its two 64-bit halves: the standard library's generic integer conversions are far slower.
    @inline(__always)
    func fixed(_ x: Double) -> Int128 {
        let (m, e) = Self.parts(x)
        let d = e - shift
        let magnitude: Int128
        if d < 0 {
            // Only when m's low bits are zeros (x's last set bit is at or above 2^shift).
            magnitude = Int128(_low: m &>> UInt64(-d), _high: 0)
        } else if d == 0 {
            magnitude = Int128(_low: m, _high: 0)
        } else if d < 64 {
            magnitude = Int128(_low: m &<< UInt64(d), _high: Int64(bitPattern: m &>> UInt64(64 - d)))
        } else {
            magnitude = Int128(_low: 0, _high: Int64(bitPattern: m &<< UInt64(d - 64)))
        }
        return x.sign == .minus ? 0 &- magnitude : magnitude
    }

    /// RN(m·2^shift), ties to even; 0 reads +0 (as ``ExactSum``). The top 64 bits of |m|, with a sticky
    /// bit for any set bit below them, convert to the correctly rounded double (64 − 53 = 11 spare bits
    /// hold the round bit and the sticky bit); the power-of-two scaling is exact in the normal range.
    @inline(__always)
    func value(_ m: Int128) -> Double {
        if m == 0 { return 0 }
        let negative = m < 0
        let magnitude = negative ? 0 &- m : m
        let high = UInt64(bitPattern: magnitude._high), low = magnitude._low
        let rounded: Double, exponent: Int
        if high == 0 {
            rounded = Double(low)
            exponent = shift
        } else {
            let lz = high.leadingZeroBitCount
            let top = lz == 0 ? high : high &<< UInt64(lz) | low &>> UInt64(64 - lz)
            let sticky: UInt64 = low &<< UInt64(lz) != 0 ? 1 : 0
            rounded = Double(top | sticky)
            exponent = shift + 64 - lz
        }
        let r = rounded * Double(bitPattern: UInt64(exponent + 1023) << 52)
        return negative ? -r : r
    }
}
