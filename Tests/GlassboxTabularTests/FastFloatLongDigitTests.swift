import Testing
import GlassboxCore
@testable import GlassboxTabular
#if canImport(Glibc)
import Glibc
#endif

/// Long digit strings (19–40 integer digits) against `strtod`: the 64-bit significand accumulator
/// wraps past 19 digits, and an integer part that is a multiple of 2^64 once wrapped to exactly 0 and
/// read as 0 (issue 13).
@Suite struct FastFloatLongDigitTests {
    private func parse(_ s: String) -> FastFloat.Result { Array(s.utf8).withUnsafeBytes { FastFloat.parse($0) } }

    private func strtodResult(_ s: String) -> FastFloat.Result {
        let v = s.withCString { strtod($0, nil) }
        return v.isFinite ? .value(v) : .outOfRange
    }

    private func same(_ a: FastFloat.Result, _ b: FastFloat.Result) -> Bool {
        switch (a, b) {
        case let (.value(x), .value(y)): x.bitPattern == y.bitPattern
        case (.outOfRange, .outOfRange): true
        default: false
        }
    }

    /// `k · 2^64` as a decimal string (schoolbook multiplication on little-endian digits).
    private func multipleOfTwoToThe64(_ k: Int) -> String {
        var digits = Array("18446744073709551616".reversed()).map { Int(String($0))! }
        var carry = 0
        for i in digits.indices {
            let t = digits[i] * k + carry
            digits[i] = t % 10
            carry = t / 10
        }
        while carry > 0 { digits.append(carry % 10); carry /= 10 }
        return String(digits.reversed().map { Character(String($0)) })
    }

    @Test func multiplesOfTwoToThe64AreNotZero() {
        #expect(parse("18446744073709551616") == .value(18446744073709551616.0))
        #expect(parse("-18446744073709551616") == .value(-18446744073709551616.0))
        #expect(parse("18446744073709551616.5") == .value(18446744073709551616.5))
        #expect(parse("36893488147419103232") == .value(36893488147419103232.0))
        #expect(parse("340282366920938463463374607431768211456") == .value(340282366920938463463374607431768211456.0))  // 2^128
        var failures: [String] = []
        for k in 1...2_000 {
            let base = multipleOfTwoToThe64(k)
            for text in [base, "-" + base, "000" + base, base + ".0", base + ".25", base + "e-3", base + "E+2", base + "0000"] {
                if !same(parse(text), strtodResult(text)) { failures.append(text) }
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }

    /// 200,000 random numbers with 19–40 integer digits, optional fraction and exponent, bit-identical
    /// to `strtod` and to `Double(String)`.
    @Test func randomLongDecimalsMatchStrtod() {
        var generator = SeededGenerator(seed: 13_064)
        var failures: [String] = []
        for _ in 0..<200_000 {
            var s = generator.next() % 4 == 0 ? "-" : ""
            let integerDigits = 19 + Int(generator.next() % 22)
            for position in 0..<integerDigits {
                // Runs of zeros and nines make wrap-arounds and carries likely.
                let r = generator.next() % 10
                let digit = r < 3 ? 0 : r < 5 ? 9 : Int(generator.next() % 10)
                s += String(position == 0 && generator.next() % 2 == 0 ? max(digit, 1) : digit)
            }
            switch generator.next() % 3 {
            case 0: break
            case 1:
                s += "."
                for _ in 0..<Int(generator.next() % 25) { s += String(generator.next() % 10) }
            default:
                s += "." + String(generator.next() % 10)
            }
            if generator.next() % 3 == 0 {
                s += "e" + (generator.next() % 2 == 0 ? "-" : "") + String(generator.next() % 330)
            }
            let expected = strtodResult(s)
            let result = parse(s)
            if !same(result, expected) { failures.append(s) }
            if case .value(let v) = result, let d = Double(s), d.bitPattern != v.bitPattern { failures.append(s) }
        }
        #expect(failures.isEmpty, "\(failures.count) mismatches, e.g. \(failures.prefix(5))")
    }

    /// The CSV reader's hot loop (scan + value in one pass) reads the same values.
    @Test func csvReaderReadsMultiplesOfTwoToThe64() throws {
        let text = "x,y\n18446744073709551616,1\n36893488147419103232.5,0\n-1844674407370955161600,1\n"
        let table = try CSVReader.read(bytes: Array(text.utf8)).table
        guard case .numeric(let x) = try table.column(named: "x") else {
            Issue.record("x is not numeric")
            return
        }
        #expect(x == [18446744073709551616.0, 36893488147419103232.5, -1844674407370955161600.0])
    }
}
