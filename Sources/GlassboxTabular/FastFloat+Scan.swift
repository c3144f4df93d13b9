extension FastFloat {
    /// Stable pointers to the constant tables, passed into hot loops so that no lazy-global check
    /// runs per number.
    struct Tables {
        /// ``FastFloat/table`` (128-bit powers of five).
        let powersOfFive: UnsafePointer<UInt64>
        /// ``FastFloat/exactPowers`` (10^0…10^22).
        let exactPowers: UnsafePointer<Double>
        /// ``FastFloat/integerPowers`` (10^0…10^8).
        let integerPowers: UnsafePointer<UInt64>

        init(powersOfFive: UnsafePointer<UInt64> = FastFloat.table, exactPowers: UnsafePointer<Double> = FastFloat.exactPowers,
             integerPowers: UnsafePointer<UInt64> = FastFloat.integerPowers) {
            self.powersOfFive = powersOfFive
            self.exactPowers = exactPowers
            self.integerPowers = integerPowers
        }
    }

    /// A decimal number as scanned: ±w·10^exponent, where w holds the first digits read (it wraps
    /// when there are more than 19; ``value(of:text:end:tables:)`` then counts significant digits).
    struct Decimal {
        var w: UInt64 = 0
        var exponent = 0
        /// Digits read into w, not counting an integer part that is all zeros nor the zeros that
        /// begin the fraction after it: when at most 19, w holds every digit exactly.
        var digitCount = 0
        /// The sign bit of the result: `1 << 63` for a leading '-', else 0. Kept as bits, not a
        /// `Bool`, so that applying it is an OR rather than a branch on the sign (random signs would
        /// defeat the branch predictor).
        var signBit: UInt64 = 0
        /// Index of the first byte of the number (its sign, if any) and of its first digit or point.
        var start = 0
        var integerStart = 0
    }

    /// The value of 8 ASCII digits loaded little-endian (first digit in the low byte): three
    /// multiply steps combine pairs, then quads (fast_float's `parse_eight_digits_unrolled`).
    @_transparent
    static func eightDigitsValue(_ v: UInt64) -> UInt64 {
        combineDigits(v &- 0x3030_3030_3030_3030)
    }

    /// ``eightDigitsValue(_:)`` on bytes already holding digit values 0…9 (zero bytes in the low,
    /// leading positions act as leading zeros).
    @_transparent
    static func combineDigits(_ digits: UInt64) -> UInt64 {
        let mask: UInt64 = 0x0000_00FF_0000_00FF
        let mul1: UInt64 = 0x000F_4240_0000_0064    // 100 + (1_000_000 << 32)
        let mul2: UInt64 = 0x0000_2710_0000_0001    // 1 + (10_000 << 32)
        let x = (digits &* 10) &+ (digits >> 8)
        return (((x & mask) &* mul1) &+ (((x >> 16) & mask) &* mul2)) >> 32
    }

    /// Accumulates the run of digits at `p[i...]` (before `end`) into `w`, 8 bytes per step: a
    /// whole word of digits is combined at once; a word with a non-digit yields the count k of
    /// digits before it (lowest flagged byte), and those k digits are shifted to the top of the word
    /// so that the zero bytes below them act as leading zeros — no per-digit branches. Bytes after
    /// the first non-digit may be garbled by borrows in the SWAR test but are shifted out.
    @_transparent
    static func digits(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ end: Int, _ w: inout UInt64,
                       _ integerPowers: UnsafePointer<UInt64>) {
        while i &+ 8 <= end {
            let v = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
            let values = v &- 0x3030_3030_3030_3030
            let nonDigit = ((v &+ 0x4646_4646_4646_4646) | values) & 0x8080_8080_8080_8080
            if nonDigit == 0 {
                w = w &* 100_000_000 &+ combineDigits(values)
                i &+= 8
                continue
            }
            let k = nonDigit.trailingZeroBitCount >> 3
            // `<<` by 64 (k == 0) gives 0 in Swift, as needed.
            w = w &* integerPowers[k] &+ combineDigits(values << UInt64(64 &- 8 &* k))
            i &+= k
            return
        }
        while i < end {
            let d = p[i] &- 48
            if d > 9 { break }
            w = w &* 10 &+ UInt64(d)
            i &+= 1
        }
    }

    /// Scans the longest prefix of `p[start..<end]` matching
    /// `[+-]? (digits ['.' digits*] | '.' digits) ([eE] [+-]? digits)?` into `number`.
    ///
    /// Returns the index just past the number, or -1 when no prefix matches or an exponent marker
    /// has no digits (such a field is never a number, whatever follows). The caller decides what
    /// may follow: the field end for a whole field, a delimiter or line break in the CSV hot loop.
    @_transparent
    static func scan(_ p: UnsafePointer<UInt8>, from start: Int, end: Int, integerPowers: UnsafePointer<UInt64>,
                     into number: inout Decimal) -> Int {
        var i = start
        number.start = start
        guard i < end else { return -1 }
        let c0 = p[i]
        // Branch-free sign ('+' is 43, '-' is 45): random signs would defeat the branch predictor.
        // (c0 ^ '-') - 1 wraps to all ones exactly when c0 is '-', so its top bit is the sign bit.
        number.signBit = (UInt64(c0 ^ UInt8(ascii: "-")) &- 1) & (1 << 63)
        i &+= (c0 &- 43) & 0xFD == 0 ? 1 : 0
        number.integerStart = i
        var w: UInt64 = 0
        if i &+ 1 < end && p[i &+ 1] == UInt8(ascii: ".") && p[i] &- 48 <= 9 {
            w = UInt64(p[i] &- 48)      // one integer digit, the usual case for values near 1
            i &+= 1
        } else {
            digits(p, &i, end, &w, integerPowers)
        }
        let integerDigits = i &- number.integerStart
        // w == 0 means an all-zero integer part only when w cannot have wrapped (≤ 19 digits): an
        // integer part that is a multiple of 2^64 (e.g. 18446744073709551616) also leaves w == 0,
        // and must count as long so that ``valueOfLong`` sends it to `strtod`.
        var digitCount = w == 0 && integerDigits <= 19 ? 0 : integerDigits
        var exponent = 0
        var fractionDigits = 0
        if i < end && p[i] == UInt8(ascii: ".") {
            i &+= 1
            let fractionStart = i
            // After a zero integer part the fraction's leading zeros are not significant digits: so
            // `0.000123…` with 17 significant digits stays on the short path.
            if digitCount == 0 {
                // Eight bytes at a time: the count of '0' bytes before the first other byte.
                while i &+ 8 <= end {
                    let zeros = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)) ^ 0x3030_3030_3030_3030
                    if zeros != 0 {
                        i &+= zeros.trailingZeroBitCount &>> 3
                        break
                    }
                    i &+= 8
                }
                while i < end && p[i] == UInt8(ascii: "0") { i &+= 1 }
            }
            let significantStart = i
            digits(p, &i, end, &w, integerPowers)
            fractionDigits = i &- fractionStart
            exponent = -fractionDigits
            digitCount &+= i &- significantStart
        }
        guard integerDigits &+ fractionDigits > 0 else { return -1 }
        if i < end && (p[i] | 0x20) == UInt8(ascii: "e") {
            i &+= 1
            var negativeExponent = false
            if i < end && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) {
                negativeExponent = p[i] == UInt8(ascii: "-")
                i &+= 1
            }
            let exponentStart = i
            var e = 0
            while i < end {
                let d = p[i] &- 48
                if d > 9 { break }
                if e < 100_000 { e = e &* 10 &+ Int(d) }   // saturate: anything larger is 0 or ∞ anyway
                i &+= 1
            }
            guard i > exponentStart else { return -1 }
            exponent &+= negativeExponent ? -e : e
        }
        number.w = w
        number.exponent = exponent
        number.digitCount = digitCount
        return i
    }

    /// The correctly rounded double of a scanned number spanning `text[number.start..<end]`:
    /// Clinger's fast path, else Eisel–Lemire, else `strtod` (more than 19 significant digits, or
    /// the rare products Eisel–Lemire cannot decide).
    @_transparent
    static func value(of number: Decimal, text p: UnsafePointer<UInt8>, end: Int, tables: Tables) -> Result {
        if number.digitCount > 19 { return valueOfLong(number, text: p, end: end, tables: tables) }
        return valueOfShort(number, text: p, end: end, tables: tables)
    }

    /// ``value(of:text:end:tables:)`` for more than 19 digits read, out of line (rare).
    @inline(never)
    static func valueOfLong(_ number: Decimal, text p: UnsafePointer<UInt8>, end: Int, tables: Tables) -> Result {
        // w may have wrapped; count significant digits (skip leading zeros and the point).
        var significant = 0
        var started = false
        for k in number.integerStart..<end {
            let c = p[k]
            if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { break }
            if c == UInt8(ascii: ".") { continue }
            if c != UInt8(ascii: "0") { started = true }
            if started { significant += 1 }
        }
        if significant > 19 { return slowPath(p + number.start, count: end &- number.start) }
        return valueOfShort(number, text: p, end: end, tables: tables)
    }

    /// ``value(of:text:end:tables:)`` when w holds every significant digit exactly.
    @_transparent
    static func valueOfShort(_ number: Decimal, text p: UnsafePointer<UInt8>, end: Int, tables: Tables) -> Result {
        let w = number.w
        let exponent = number.exponent
        let sign = number.signBit
        if w == 0 { return .value(Double(bitPattern: sign)) }

        // Clinger: w and 10^|q| exact, so one correctly rounded operation gives the answer.
        if w <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            var v = Double(w)
            v = exponent < 0 ? v / tables.exactPowers[-exponent] : v * tables.exactPowers[exponent]
            return .value(Double(bitPattern: v.bitPattern | sign))
        }
        guard let bits = eiselLemire(w: w, q: exponent, table: tables.powersOfFive) else {
            return slowPath(p + number.start, count: end &- number.start)
        }
        if bits == 0x7FF0_0000_0000_0000 { return .outOfRange }
        return .value(Double(bitPattern: bits | sign))
    }
}
