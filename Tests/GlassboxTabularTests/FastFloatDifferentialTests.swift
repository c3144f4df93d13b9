import Testing
import GlassboxCore
@testable import GlassboxTabular
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Differential tests of the number parser against an independent reference: the field grammar
/// checked character by character, then glibc's correctly rounded `strtod`. Covers the edge cases
/// (subnormals, exact halfway points, 17–20+ digits, exponents near ±308/±324, leading zeros, signs,
/// `inf`/`nan`, malformed text) and a seeded, bounded fuzz run, both through ``FastFloat/parse(_:)``
/// and through the CSV reader's hot loop (threaded, small blocks, so records straddle blocks).
@Suite struct FastFloatDifferentialTests {
    /// The reference outcome: grammar `[+-]? (digits ['.' digits*] | '.' digits) ([eE] [+-]? digits)?`
    /// over the whole text, then `strtod` (a non-finite result means out of range).
    static func reference(_ s: String) -> FastFloat.Result {
        let b = Array(s.utf8)
        var i = 0
        func digitRun() -> Int {
            let start = i
            while i < b.count && b[i] >= 48 && b[i] <= 57 { i += 1 }
            return i - start
        }
        if i < b.count && (b[i] == 43 || b[i] == 45) { i += 1 }
        var mantissaDigits = digitRun()
        if i < b.count && b[i] == 46 {
            i += 1
            mantissaDigits += digitRun()
        }
        guard mantissaDigits > 0 else { return .notANumber }
        if i < b.count && (b[i] == 101 || b[i] == 69) {
            i += 1
            if i < b.count && (b[i] == 43 || b[i] == 45) { i += 1 }
            guard digitRun() > 0 else { return .notANumber }
        }
        guard i == b.count else { return .notANumber }
        let v = strtod(s, nil)
        return v.isFinite ? .value(v) : .outOfRange
    }

    static func parse(_ s: String) -> FastFloat.Result { Array(s.utf8).withUnsafeBytes { FastFloat.parse($0) } }

    /// Same outcome, and for values the same bits (so -0.0 differs from 0.0).
    static func same(_ a: FastFloat.Result, _ b: FastFloat.Result) -> Bool {
        switch (a, b) {
        case let (.value(x), .value(y)): x.bitPattern == y.bitPattern
        default: a == b
        }
    }

    /// The exact decimal expansion of `odd · 2^power` (no rounding): digits in base 10^9 limbs.
    static func exactDecimal(odd: UInt64, power: Int) -> String {
        var limbs: [UInt64] = [odd % 1_000_000_000, odd / 1_000_000_000 % 1_000_000_000, odd / 1_000_000_000_000_000_000]
        func multiply(by m: UInt64) {
            var carry: UInt64 = 0
            for k in limbs.indices {
                let x = limbs[k] * m + carry
                limbs[k] = x % 1_000_000_000
                carry = x / 1_000_000_000
            }
            while carry > 0 {
                limbs.append(carry % 1_000_000_000)
                carry /= 1_000_000_000
            }
        }
        // odd·2^-k = odd·5^k / 10^k.
        for _ in 0..<abs(power) { multiply(by: power > 0 ? 2 : 5) }
        while limbs.count > 1 && limbs.last == 0 { limbs.removeLast() }
        var digits = String(limbs.last!)
        for limb in limbs.dropLast().reversed() {
            let s = String(limb)
            digits += String(repeating: "0", count: 9 - s.count) + s
        }
        guard power < 0 else { return digits }
        let fractionDigits = -power
        if digits.count <= fractionDigits { digits = String(repeating: "0", count: fractionDigits - digits.count + 1) + digits }
        digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -fractionDigits))
        return digits
    }

    /// Exact midpoints between neighbouring doubles across the exponent range (subnormal, normal,
    /// near the largest double), plus the same text nudged just above and below, and cut to 17–19
    /// significant digits (Eisel–Lemire's range).
    static func halfwayCases(count: Int, generator: inout SeededGenerator) -> [String] {
        var cases: [String] = []
        let exponents = [-1074, -1073, -1060, -1023, -1022, -600, -80, -53, -52, -30, -1, 0, 1, 11, 60, 500, 900, 970, 971]
        for k in 0..<count {
            let binaryExponent = k < exponents.count ? exponents[k] : Int(generator.next() % 2046) - 1075
            // A double m·2^(e) with a 53-bit m has neighbours 2^e apart: the midpoint is (2m+1)·2^(e-1).
            let m = (UInt64(1) << 52) | (generator.next() & ((1 << 52) - 1))
            let midpoint = exactDecimal(odd: 2 &* m &+ 1, power: binaryExponent - 1)
            cases.append(midpoint)
            let withPoint = midpoint.contains(".") ? midpoint : midpoint + "."
            cases.append(withPoint + "1")                                 // just above (more than 19 digits)
            var below = Array(withPoint)
            if let last = below.lastIndex(where: { $0 != "0" && $0 != "." }) {
                below[last] = Character(String(below[last].wholeNumberValue! - 1))
                cases.append(String(below) + "9")                         // just below
            }
            // Cut to 17–19 significant digits; integer digits past the cut become zeros.
            let significant = 17 + k % 3
            var cut = "", taken = 0, started = false, pastPoint = false
            for c in midpoint {
                if c == "." { pastPoint = true }
                if c != "." && c != "0" { started = true }
                if c != "." && started { taken += 1 }
                if taken <= significant { cut.append(c) } else if !pastPoint && c != "." { cut += "0" }
            }
            cases.append(cut)
        }
        return cases
    }

    static let edgeCases: [String] = [
        // Subnormals and underflow.
        "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "2.4703282292062327208828439643e-324",
        "1e-324", "3e-324", "5e-324", "1e-323", "2.2250738585072011e-308", "2.2250738585072012e-308",
        "2.2250738585072014e-308", "2.225073858507201136057409796709131975934819546351645648e-308", "1e-400", "-1e-400",
        "0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000049406564584124654",
        // Near the largest double and beyond.
        "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "-1.7976931348623157e308",
        "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368",
        "1e308", "1e309", "0.1e310", "1000e305", "-1e309", "1e99999999999999999999", "1e-99999999999999999999",
        // 17–20+ significant digits.
        "0.43182397214738212", "-0.6402433659084887", "12345678901234567", "123456789012345678", "1234567890123456789",
        "12345678901234567890", "18446744073709551615", "18446744073709551616", "18446744073709551617", "99999999999999999999",
        "9999999999999999999", "0.99999999999999999999", "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203124", "1.00000000000000011102230246251565404236316680908203126",
        "9007199254740993", "9007199254740993.0", "9007199254740993.0000000000000000001", "4503599627370497.5", "4503599627370496.5",
        // Leading zeros and signs.
        "0", "-0", "+0", "00", "000.000", "-000.000e-0", "0000000000000000000000001", "-00012.5e-0003", "0.", ".5", "-.5", "+.5",
        "+1", "-1", "1e+0", "1E-0", "1e00000000000000000000000001", "0e999999", "-0e-999999",
        // Not numbers here (the CSV reader makes such a column text, or missing for its tokens).
        "", "+", "-", ".", "-.", "+.", "e5", ".e5", "1e", "1e+", "1e-", "1.2.3", "1e5.5", "1e5e5", "--1", "+-1", "-+1", "1-",
        "inf", "-inf", "+inf", "Inf", "Infinity", "nan", "NaN", "-nan", "NAN", "0x1p3", "0x10", " 1", "1 ", "1_000", "1,5",
        "١", "1d5", "1f", "0b1", "١٢", "e", "E", "1ee5", "1e+-5", "∞",
    ]

    @Test func edgeCasesMatchTheReference() {
        var generator = SeededGenerator(seed: 2_026_12_07)
        let cases = Self.edgeCases + Self.halfwayCases(count: 400, generator: &generator)
        var failures: [String] = []
        for s in cases where !Self.same(Self.parse(s), Self.reference(s)) {
            failures.append("\(s.prefix(80)): \(Self.parse(s)) vs \(Self.reference(s))")
        }
        #expect(failures.isEmpty, "\(failures.count) mismatches: \(failures.prefix(8))")
    }

    /// Random strings, seeded and bounded: mutated numbers (a character inserted, deleted or
    /// replaced), random text over the number alphabet, and well-formed numbers of every length.
    static func fuzzCases(count: Int, generator: inout SeededGenerator) -> [String] {
        let alphabet = Array("0123456789012345678901234567890123456789.-+eE.e-xnaif ") + ["\u{0661}"]
        func pick(_ n: Int) -> Int { Int(generator.next() % UInt64(n)) }
        func randomNumber() -> String {
            var s = ["", "-", "+"][pick(3)]
            let integerDigits = pick(4) == 0 ? 0 : 1 + pick(pick(5) == 0 ? 25 : 6)
            for _ in 0..<integerDigits { s += String(pick(10)) }
            if integerDigits == 0 || pick(3) > 0 {
                s += "."
                for _ in 0..<((integerDigits == 0 ? 1 : 0) + pick(pick(4) == 0 ? 30 : 18)) { s += String(pick(10)) }
            }
            if pick(3) == 0 {
                s += ["e", "E", "e-", "e+"][pick(4)]
                s += String(pick(2) == 0 ? pick(30) : pick(700))
            }
            return s
        }
        var cases: [String] = []
        for k in 0..<count {
            switch k % 3 {
            case 0:
                var s = Array(randomNumber())
                let position = pick(s.count + 1)
                switch pick(3) {
                case 0: s.insert(alphabet[pick(alphabet.count)], at: position)
                case 1: if position < s.count { s.remove(at: position) }
                default: if position < s.count { s[position] = alphabet[pick(alphabet.count)] }
                }
                cases.append(String(s))
            case 1:
                cases.append(String((0..<pick(12)).map { _ in alphabet[pick(alphabet.count)] }))
            default:
                cases.append(randomNumber())
            }
        }
        return cases
    }

    @Test func seededFuzzMatchesTheReference() {
        var generator = SeededGenerator(seed: 15)
        var failures: [String] = []
        var numbers = 0
        for s in Self.fuzzCases(count: 100_000, generator: &generator) {
            let expected = Self.reference(s)
            if case .value = expected { numbers += 1 }
            if !Self.same(Self.parse(s), expected) { failures.append("\(s): \(Self.parse(s)) vs \(expected)") }
        }
        #expect(numbers > 30_000 && numbers < 90_000)   // both numbers and non-numbers are exercised
        #expect(failures.isEmpty, "\(failures.count) mismatches: \(failures.prefix(8))")
    }

    /// The CSV reader's hot loop (scan and convert in one pass, threaded, 4 KiB blocks so records
    /// straddle blocks) gives every well-formed number the reference's bits.
    @Test func csvReaderMatchesTheReference() throws {
        var generator = SeededGenerator(seed: 1_507)
        let candidates = Self.edgeCases + Self.halfwayCases(count: 60, generator: &generator)
            + Self.fuzzCases(count: 30_000, generator: &generator)
        var expected: [Double] = []
        var text = "x,tag\n"
        for s in candidates {
            guard case .value(let v) = Self.reference(s) else { continue }
            expected.append(v)
            text += s + ",t\n"
        }
        var source = CSVMemorySource(bytes: Array(text.utf8))
        var options = CSVOptions()
        options.blockSize = 4096
        let result = try CSVReader.read(source: &source, options: options, threading: .threaded)
        guard case .numeric(let read) = try result.table.column(named: "x") else {
            Issue.record("x is not numeric")
            return
        }
        #expect(read.count == expected.count)
        let mismatches = zip(read, expected).filter { $0.bitPattern != $1.bitPattern }
        #expect(mismatches.isEmpty, "\(mismatches.count) values differ, e.g. \(mismatches.prefix(5))")
    }

    /// A field the reference rejects makes its column non-numeric in the reader, as before; the
    /// missing-value tokens stay missing.
    @Test func csvReaderRejectsWhatTheReferenceRejects() throws {
        var generator = SeededGenerator(seed: 1_508)
        let missing = CSVOptions().missingTokens
        let rejected = (Self.edgeCases + Self.fuzzCases(count: 3_000, generator: &generator)).filter { s in
            Self.reference(s) == .notANumber && !missing.contains(s)
                && !s.contains(",") && !s.contains("\"") && !s.contains("\n") && !s.contains("\r")
        }
        #expect(rejected.count > 200)
        for s in rejected.prefix(400) {
            let table = try CSVReader.read(bytes: Array("x\n1.5\n\(s)\n".utf8)).table
            if case .numeric = try table.column(named: "x") { Issue.record("'\(s)' was read as a number") }
        }
        for token in missing {
            // A second column, so that an empty token is an empty field, not a blank (skipped) line.
            let table = try CSVReader.read(bytes: Array("x,k\n1.5,1\n\(token),2\n".utf8)).table
            guard case .numeric(let x) = try table.column(named: "x") else {
                Issue.record("missing token '\(token)' made the column non-numeric")
                continue
            }
            #expect(x.count == 2 && x[0] == 1.5 && x[1].isNaN)
        }
    }
}
