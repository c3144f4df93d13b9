#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Correctly rounded decimal → `Double` conversion for CSV fields (the same double as `strtod`).
///
/// Grammar (the whole field must match): `[+-]? (digits ['.' digits*] | '.' digits) ([eE] [+-]? digits)?`.
/// `inf`, `nan`, hexadecimal floats and surrounding spaces are *not* numbers here.
///
/// Algorithm: the significand w (up to 19 digits) and decimal exponent q are read in one pass, eight
/// digits at a time where possible (SWAR, ``eightDigitsValue(_:)``); then
/// 1. Clinger's fast path when w ≤ 2^53 and |q| ≤ 22 (one exact IEEE multiply or divide);
/// 2. otherwise the Eisel–Lemire algorithm: w·5^q is approximated with a 128-bit table entry
///    (``powersOfFive``), which decides the correctly rounded result except in rare cases it detects;
/// 3. those rare cases, and inputs with more than 19 significant digits, go to `strtod`.
///
/// References: D. Lemire, "Number Parsing at a Gigabyte per Second", Software: Practice and
/// Experience 51(8):1700–1727, 2021; N. Mushtak & D. Lemire, "Fast Number Parsing Without Fallback",
/// 2023; W. D. Clinger, "How to Read Floating Point Numbers Accurately", PLDI 1990.
enum FastFloat {
    /// Outcome of parsing one field.
    enum Result: Equatable {
        /// A finite double (underflow to zero is finite).
        case value(Double)
        /// The text is not a decimal number.
        case notANumber
        /// The text is a decimal number whose magnitude exceeds `Double.greatestFiniteMagnitude`.
        case outOfRange
    }

    /// A stable pointer to ``powersOfFive`` for hot loops (avoids a lazy-global check per call);
    /// written once at initialisation and only read afterwards, hence `nonisolated(unsafe)`.
    nonisolated(unsafe) static let table: UnsafePointer<UInt64> = {
        let p = UnsafeMutablePointer<UInt64>.allocate(capacity: powersOfFive.count)
        p.initialize(from: powersOfFive, count: powersOfFive.count)
        return UnsafePointer(p)
    }()

    /// Exact powers of ten 10^0…10^22 (all representable as doubles), for Clinger's fast path;
    /// a stable pointer like ``table``.
    nonisolated(unsafe) static let exactPowers: UnsafePointer<Double> = {
        let p = UnsafeMutablePointer<Double>.allocate(capacity: 23)
        var v = 1.0
        for i in 0...22 {
            p[i] = v
            v *= 10
        }
        return UnsafePointer(p)
    }()

    /// Powers of ten 10^0…10^8 as integers, for combining a partial word of digits.
    nonisolated(unsafe) static let integerPowers: UnsafePointer<UInt64> = {
        let p = UnsafeMutablePointer<UInt64>.allocate(capacity: 9)
        var v: UInt64 = 1
        for i in 0...8 {
            p[i] = v
            v *= 10
        }
        return UnsafePointer(p)
    }()

    /// Parses `bytes` (the whole field) as a decimal number.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Result {
        guard let base = bytes.baseAddress else { return .notANumber }
        return parse(base.assumingMemoryBound(to: UInt8.self), count: bytes.count, table: table)
    }

    /// Parses the `count` bytes at `p` as a decimal number; `table` is ``table``.
    @inline(__always)
    static func parse(_ p: UnsafePointer<UInt8>, count: Int, table: UnsafePointer<UInt64>) -> Result {
        parse(p, count: count, tables: Tables(powersOfFive: table, exactPowers: exactPowers))
    }

    /// Parses the `count` bytes at `p` as a decimal number.
    @inline(__always)
    static func parse(_ p: UnsafePointer<UInt8>, count n: Int, tables: Tables) -> Result {
        var number = Decimal()
        let i = scan(p, from: 0, end: n, integerPowers: tables.integerPowers, into: &number)
        guard i == n else { return .notANumber }
        return value(of: number, text: p, end: n, tables: tables)
    }

    /// The Eisel–Lemire step for w > 0: the IEEE bit pattern (sign clear) of the double nearest
    /// w·10^q (ties to even), or `nil` when the 128-bit product cannot decide.
    /// Transcribed from fast_float's `compute_float<binary64>` (decimal_to_binary.h).
    @_transparent
    static func eiselLemire(w wIn: UInt64, q: Int, table: UnsafePointer<UInt64>) -> UInt64? {
        if q < smallestPowerOfTen { return 0 }
        if q > largestPowerOfTen { return 0x7FF0_0000_0000_0000 }
        let lz = wIn.leadingZeroBitCount
        let w = wIn << UInt64(lz)
        let index = 2 * (q - smallestPowerOfTen)
        // 55 bits of precision are needed (52 explicit + hidden + 2 for rounding).
        var product = w.multipliedFullWidth(by: table[index])
        let precisionMask: UInt64 = 0xFFFF_FFFF_FFFF_FFFF >> 55
        if product.high & precisionMask == precisionMask {
            let second = w.multipliedFullWidth(by: table[index + 1])
            let (low, carry) = product.low.addingReportingOverflow(second.high)
            product.low = low
            if carry { product.high &+= 1 }
        }
        if product.low == 0xFFFF_FFFF_FFFF_FFFF && (q < -27 || q > 55) {
            return nil  // the truncated product may be one unit short: let strtod decide
        }
        let upperBit = Int(product.high >> 63)
        let shift = UInt64(upperBit + 64 - 52 - 3)
        var mantissa = product.high >> shift
        // power(q) = floor(q * log2(10)) + 63, via (217706 * q) >> 16.
        var power2 = ((217_706 * q) >> 16) + 63 + upperBit - lz + 1023
        if power2 <= 0 {
            // Subnormal result.
            if -power2 + 1 >= 64 { return 0 }
            mantissa >>= UInt64(-power2 + 1)
            mantissa += mantissa & 1
            mantissa >>= 1
            power2 = mantissa < (1 << 52) ? 0 : 1
            return UInt64(power2) << 52 | (mantissa & ((1 << 52) - 1))
        }
        // Exactly halfway between two doubles: round to even rather than up.
        if product.low <= 1 && q >= -4 && q <= 23 && mantissa & 3 == 1 {
            if mantissa << shift == product.high { mantissa &= ~1 }
        }
        mantissa += mantissa & 1
        mantissa >>= 1
        if mantissa >= 2 << 52 {
            mantissa = 1 << 52
            power2 += 1
        }
        mantissa &= ~(1 << 52)
        if power2 >= 0x7FF { return 0x7FF0_0000_0000_0000 }
        return UInt64(power2) << 52 | mantissa
    }

    /// `strtod` on a NUL-terminated copy (the field is already known to match the grammar).
    @inline(never)
    static func slowPath(_ p: UnsafePointer<UInt8>, count: Int) -> Result {
        let v: Double = withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            let b = buffer.baseAddress!
            UnsafeMutableRawPointer(b).copyMemory(from: p, byteCount: count)
            b[count] = 0
            return strtod(b, nil)
        }
        return v.isFinite ? .value(v) : .outOfRange
    }
}
