extension FastFloat {
    /// Stable pointers to the constant tables, passed into hot loops so that no lazy-global check
    /// runs per number.
    struct Tables {
        /// ``FastFloat/table`` (128-bit powers of five).
        let powersOfFive: UnsafePointer<UInt64>
        /// ``FastFloat/exactPowers`` (10^0…10^22).
        let exactPowers: UnsafePointer<Double>

        init(powersOfFive: UnsafePointer<UInt64> = FastFloat.table, exactPowers: UnsafePointer<Double> = FastFloat.exactPowers) {
            self.powersOfFive = powersOfFive
            self.exactPowers = exactPowers
        }
    }

    /// A decimal number as scanned: ±w·10^exponent, where w holds the first digits read (it wraps
    /// when there are more than 19; ``value(of:text:end:tables:)`` then counts significant digits).
    struct Decimal {
        var w: UInt64 = 0
        var exponent = 0
        /// Digits read into w (integer and fraction, leading zeros included).
        var digitCount = 0
        var negative = false
        /// Index of the first byte of the number (its sign, if any) and of its first digit or point.
        var start = 0
        var integerStart = 0
    }

    /// Whether the 8 bytes of `v` (little-endian) are all ASCII digits (Lemire's SWAR test, as in
    /// fast_float's `is_made_of_eight_digits_fast`).
    @inline(__always)
    static func isEightDigits(_ v: UInt64) -> Bool {
        ((v &+ 0x4646_4646_4646_4646) | (v &- 0x3030_3030_3030_3030)) & 0x8080_8080_8080_8080 == 0
    }

    /// The value of 8 ASCII digits loaded little-endian (first digit in the low byte): three
    /// multiply steps combine pairs, then quads (fast_float's `parse_eight_digits_unrolled`).
    @inline(__always)
    static func eightDigitsValue(_ v: UInt64) -> UInt64 {
        let mask: UInt64 = 0x0000_00FF_0000_00FF
        let mul1: UInt64 = 0x000F_4240_0000_0064    // 100 + (1_000_000 << 32)
        let mul2: UInt64 = 0x0000_2710_0000_0001    // 1 + (10_000 << 32)
        var x = v &- 0x3030_3030_3030_3030
        x = (x &* 10) &+ (x >> 8)
        return (((x & mask) &* mul1) &+ (((x >> 16) & mask) &* mul2)) >> 32
    }

    /// Accumulates the run of digits at `p[i...]` (before `end`) into `w`, 8 at a time while it can.
    @inline(__always)
    static func digits(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ end: Int, _ w: inout UInt64) {
        while i &+ 8 <= end {
            let v = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
            if !isEightDigits(v) { break }
            w = w &* 100_000_000 &+ eightDigitsValue(v)
            i &+= 8
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
    @inline(__always)
    static func scan(_ p: UnsafePointer<UInt8>, from start: Int, end: Int, into number: inout Decimal) -> Int {
        var i = start
        number.start = start
        guard i < end else { return -1 }
        let c0 = p[i]
        if c0 == UInt8(ascii: "-") || c0 == UInt8(ascii: "+") {
            number.negative = c0 == UInt8(ascii: "-")
            i &+= 1
        }
        number.integerStart = i
        var w: UInt64 = 0
        digits(p, &i, end, &w)
        var digitCount = i &- number.integerStart
        var exponent = 0
        if i < end && p[i] == UInt8(ascii: ".") {
            i &+= 1
            let fractionStart = i
            digits(p, &i, end, &w)
            exponent = fractionStart &- i
            digitCount &+= i &- fractionStart
        }
        guard digitCount > 0 else { return -1 }
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
    @inline(__always)
    static func value(of number: Decimal, text p: UnsafePointer<UInt8>, end: Int, tables: Tables) -> Result {
        let w = number.w
        let exponent = number.exponent
        if number.digitCount > 19 {
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
        }
        if w == 0 { return .value(number.negative ? -0.0 : 0.0) }

        // Clinger: w and 10^|q| exact, so one correctly rounded operation gives the answer.
        if w <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            var v = Double(w)
            v = exponent < 0 ? v / tables.exactPowers[-exponent] : v * tables.exactPowers[exponent]
            return .value(number.negative ? -v : v)
        }
        guard let bits = eiselLemire(w: w, q: exponent, table: tables.powersOfFive) else {
            return slowPath(p + number.start, count: end &- number.start)
        }
        if bits == 0x7FF0_0000_0000_0000 { return .outOfRange }
        let v = Double(bitPattern: bits)
        return .value(number.negative ? -v : v)
    }
}
