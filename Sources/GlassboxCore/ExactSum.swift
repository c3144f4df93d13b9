/// An order-free, exactly mergeable sum of doubles, read out correctly rounded.
///
/// **Method.** A fixed-point superaccumulator (Kulisch's long accumulator; the carry-save form of
/// Neal 2015, "Fast exact summation using small and large superaccumulators", arXiv:1505.05571).
/// Every finite double is an integer multiple of 2⁻¹⁰⁷⁴, so the exact sum is M·2⁻¹⁰⁷⁴ for an integer M,
/// held here in 68 signed digits of radix 2³² (2,176 bits). Each addend touches three digits; carries
/// are deferred and resolved at most once every 2³⁰ additions, so no addition ever rounds or overflows.
/// Because M is exact, the result does not depend on the order of the additions or on how the
/// addends were split between partial sums and merged: equal multisets of addends give equal sums
/// (`==`, ``text``) bit for bit.
///
/// **Read-out.** ``value`` is RN(M·2⁻¹⁰⁷⁴), the exact sum rounded once to the nearest double, ties to
/// even (IEEE 754 roundTiesToEven); a sum beyond the largest double reads as ±∞. An exact zero
/// reads as +0.0 (also when every addend was −0.0).
///
/// **NaN and ±∞ (IEEE 754 semantics of the sum).** A NaN addend makes the sum NaN; +∞ and −∞ addends
/// make it +∞ or −∞, and both together NaN. These states are sticky and merge the same way, so they
/// too are order-free. The finite part is then irrelevant and dropped from ``text`` and `==`.
///
/// **Range.** Exact while every partial sum stays below 2¹¹⁰⁰ in magnitude, i.e. for any sum of fewer
/// than 2⁷⁶ doubles. Past that the sum becomes NaN ("out of the accumulator's range") rather than wrong.
package struct ExactSum: Sendable {
    /// Radix-2³² digits, least significant first, each signed; empty means an exact finite zero.
    var digits: [Int64]
    /// Additions since the digits were last carried; each added less than 2³² to any digit.
    var pending: Int
    /// ``Special`` flags: NaN / +∞ / −∞ seen (or the range left).
    var special: UInt8

    /// Number of radix-2³² digits: 2⁻¹⁰⁷⁴ … 2¹¹⁰², with room above the largest double for carries.
    static let digitCount = 68
    /// Additions allowed before carrying (each digit then stays below 2⁶² + 2³²).
    static let pendingLimit = 1 << 30
    /// After carrying, the top digit must stay below this (|M| < 2²¹⁷⁴, the sum below 2¹¹⁰⁰).
    static let topDigitLimit: Int64 = 1 << 30

    enum Special {
        static let nan: UInt8 = 1
        static let positiveInfinity: UInt8 = 2
        static let negativeInfinity: UInt8 = 4
    }

    /// The empty sum (exactly zero).
    package init() {
        digits = []
        pending = 0
        special = 0
    }

    /// The exact sum of `values`.
    package init<S: Sequence>(_ values: S) where S.Element == Double {
        self.init()
        for x in values { add(x) }
    }

    /// Adds `x` exactly.
    @inline(__always)
    package mutating func add(_ x: Double) {
        let bits = x.bitPattern
        let exponent = Int(truncatingIfNeeded: bits >> 52) & 0x7FF
        if exponent == 0x7FF {
            addSpecial(x)
            return
        }
        let fraction = bits & 0x000F_FFFF_FFFF_FFFF
        if exponent == 0 && fraction == 0 { return }
        let significand = exponent == 0 ? fraction : fraction | (1 << 52)
        deposit(magnitude: significand, shift: max(exponent, 1) - 1, negative: bits >> 63 != 0)
    }

    /// Records a NaN or infinite addend.
    mutating func addSpecial(_ x: Double) {
        if x.isNaN {
            special |= Special.nan
        } else {
            special |= x < 0 ? Special.negativeInfinity : Special.positiveInfinity
        }
    }

    /// Adds ±`magnitude`·2^(`shift` − 1074) into three digits.
    @inline(__always)
    mutating func deposit(magnitude: UInt64, shift: Int, negative: Bool) {
        if digits.isEmpty { digits = [Int64](repeating: 0, count: Self.digitCount) }
        if pending >= Self.pendingLimit { carry() }
        if digits.isEmpty { return }
        digits.withUnsafeMutableBufferPointer { Self.deposit(magnitude, shift: shift, negative: negative, into: $0) }
        pending &+= 1
    }

    /// Moves each digit's excess into the next one (truncating toward zero, so a carry stops as soon
    /// as it is zero): afterwards every digit but the top one lies strictly between −2³² and 2³².
    /// A top digit past ``topDigitLimit`` means the sum left the range: the sum becomes NaN.
    mutating func carry() {
        pending = 0
        guard !digits.isEmpty else { return }
        digits.withUnsafeMutableBufferPointer { d in
            var carried: Int64 = 0
            for i in 0..<(Self.digitCount - 1) {
                let v = d[i] &+ carried
                carried = v / (1 << 32)
                d[i] = v - carried << 32
            }
            d[Self.digitCount - 1] &+= carried
        }
        if abs(digits[Self.digitCount - 1]) >= Self.topDigitLimit {
            special |= Special.nan
            digits = []
        }
    }

    /// Adds `other` exactly (the sum of both multisets of addends).
    package mutating func merge(_ other: ExactSum) {
        special |= other.special
        guard !other.digits.isEmpty else { return }
        guard !digits.isEmpty else {
            digits = other.digits
            pending = other.pending
            return
        }
        var other = other
        other.carry()
        carry()
        guard !digits.isEmpty, !other.digits.isEmpty else { return }
        digits.withUnsafeMutableBufferPointer { d in
            other.digits.withUnsafeBufferPointer { o in
                for i in 0..<Self.digitCount { d[i] &+= o[i] }
            }
        }
        carry()
    }

    /// `lhs` plus `rhs`, exactly.
    package static func + (lhs: ExactSum, rhs: ExactSum) -> ExactSum {
        var sum = lhs
        sum.merge(rhs)
        return sum
    }

    /// Merges `rhs` into `lhs`.
    package static func += (lhs: inout ExactSum, rhs: ExactSum) {
        lhs.merge(rhs)
    }

    /// Whether the sum is NaN (a NaN addend, both infinities, or the range left).
    package var isNaN: Bool {
        special & Special.nan != 0
            || special & (Special.positiveInfinity | Special.negativeInfinity) == Special.positiveInfinity | Special.negativeInfinity
    }

    /// The exact sum rounded to the nearest double, ties to even (see the type's documentation for
    /// NaN, ±∞ and zero).
    package var value: Double {
        if isNaN { return .nan }
        if special & Special.positiveInfinity != 0 { return .infinity }
        if special & Special.negativeInfinity != 0 { return -.infinity }
        guard let (negative, magnitude) = canonicalMagnitude() else { return 0 }
        let rounded = Self.roundedMagnitude(magnitude)
        return negative ? -rounded : rounded
    }

    /// The finite part as sign and magnitude |M| in radix-2³² digits (least significant first, the
    /// last one nonzero); nil when it is exactly zero.
    func canonicalMagnitude() -> (negative: Bool, digits: [UInt32])? {
        var copy = self
        copy.carry()
        guard !copy.digits.isEmpty, let top = copy.digits.lastIndex(where: { $0 != 0 }) else { return nil }
        // After carrying, |Σ_{i<top} dᵢ·2³²ⁱ| < 2³²ᵗᵒᵖ ≤ |d_top|·2³²ᵗᵒᵖ: the top digit's sign is the sum's sign.
        let negative = copy.digits[top] < 0
        var magnitude = [UInt32](repeating: 0, count: top + 1)
        var borrow: Int64 = 0
        for i in 0...top {
            var v = (negative ? -copy.digits[i] : copy.digits[i]) + borrow
            borrow = 0
            if v < 0 {
                v += 1 << 32
                borrow = -1
            }
            magnitude[i] = UInt32(truncatingIfNeeded: v)
        }
        while magnitude.last == 0 { magnitude.removeLast() }
        return magnitude.isEmpty ? nil : (negative, magnitude)
    }

    /// RN(M·2⁻¹⁰⁷⁴) for M given by its radix-2³² digits (nonempty, top digit nonzero).
    static func roundedMagnitude(_ m: [UInt32]) -> Double {
        let bitLength = (m.count - 1) * 32 + (32 - m[m.count - 1].leadingZeroBitCount)
        if bitLength <= 53 {
            // M < 2⁵³: M·2⁻¹⁰⁷⁴ is a double whose bit pattern is M itself (subnormal, or exponent field 1).
            return Double(bitPattern: bits(m, from: 0, count: bitLength))
        }
        var shift = bitLength - 53
        var significand = bits(m, from: shift, count: 53)
        let roundBit = bits(m, from: shift - 1, count: 1) == 1
        if roundBit && (significand & 1 == 1 || anyBitSet(m, below: shift - 1)) {
            significand += 1
            if significand == 1 << 53 {
                significand = 1 << 52
                shift += 1
            }
        }
        // significand·2^(shift − 1074) with significand in [2⁵², 2⁵³): exponent field shift + 1.
        if shift + 1 >= 0x7FF { return .infinity }
        return Double(bitPattern: UInt64(shift + 1) << 52 | (significand & 0x000F_FFFF_FFFF_FFFF))
    }

    /// Bits `from ..< from + count` (count ≤ 64) of the number with digits `m`.
    static func bits(_ m: [UInt32], from: Int, count: Int) -> UInt64 {
        var result: UInt64 = 0
        var taken = 0
        var position = from
        while taken < count {
            let index = position >> 5, offset = position & 31
            let digit = index < m.count ? UInt64(m[index]) : 0
            let available = min(32 - offset, count - taken)
            let chunk = (digit >> UInt64(offset)) & ((1 << UInt64(available)) - 1)
            result |= chunk << UInt64(taken)
            taken += available
            position += available
        }
        return result
    }

    /// Whether any bit below position `position` is set.
    static func anyBitSet(_ m: [UInt32], below position: Int) -> Bool {
        let index = position >> 5, offset = position & 31
        for i in 0..<min(index, m.count) where m[i] != 0 { return true }
        guard index < m.count, offset > 0 else { return false }
        return m[index] & ((1 << UInt32(offset)) - 1) != 0
    }
}

extension ExactSum: Equatable {
    /// Equal exact values (or the same NaN/±∞ state), whatever the additions and merges that led there.
    package static func == (lhs: ExactSum, rhs: ExactSum) -> Bool {
        lhs.text == rhs.text
    }
}
