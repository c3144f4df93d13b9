import Testing
import GlassboxCore
@testable import GlassboxTabular
#if canImport(Glibc)
import Glibc
#endif

/// Correct rounding of ``FastFloat`` against glibc's `strtod` (correctly rounded, ties to even).
@Suite struct FastFloatTests {
    /// `strtod` on the same bytes, mapped to the reader's outcome.
    private func reference(_ buffer: UnsafeMutablePointer<UInt8>, _ n: Int) -> FastFloat.Result {
        buffer[n] = 0
        let v = UnsafeRawPointer(buffer).withMemoryRebound(to: CChar.self, capacity: n + 1) { strtod($0, nil) }
        return v.isFinite ? .value(v) : .outOfRange
    }

    private func same(_ a: FastFloat.Result, _ b: FastFloat.Result) -> Bool {
        switch (a, b) {
        case let (.value(x), .value(y)): x.bitPattern == y.bitPattern
        case (.outOfRange, .outOfRange): true
        default: false
        }
    }

    @Test func knownValues() {
        func parse(_ s: String) -> FastFloat.Result { Array(s.utf8).withUnsafeBytes { FastFloat.parse($0) } }
        #expect(parse("0.1") == .value(0.1))
        #expect(parse("-0.43182397214738212") == .value(-0.43182397214738212))
        #expect(parse("1.7976931348623157e308") == .value(.greatestFiniteMagnitude))
        #expect(parse("1.7976931348623159e308") == .outOfRange)
        #expect(parse("4.9406564584124654e-324") == .value(.leastNonzeroMagnitude))
        #expect(parse("2.4703282292062327e-324") == .value(0))          // below half the least subnormal
        #expect(parse("2.4703282292062328e-324") == .value(.leastNonzeroMagnitude))
        #expect(parse("9007199254740993") == .value(9007199254740992))   // tie → even
        #expect(parse("9007199254740995") == .value(9007199254740996))
        #expect(parse("123456789012345678901234567890") == .value(123456789012345678901234567890.0))  // > 19 digits → strtod
        #expect(parse("0.000000000000000000000000000001234567890123456789012") == .value(1.234567890123456789012e-30))
        #expect(parse("1e400") == .outOfRange)
        #expect(parse("1e-99999999999999") == .value(0))
        #expect(parse("") == .notANumber)
        #expect(parse("+") == .notANumber)
        #expect(parse("1e+") == .notANumber)
        #expect(parse("inf") == .notANumber)
    }

    /// 1,000,000 random decimal strings in four families, bit-identical to `strtod`.
    @Test func matchesStrtodOnOneMillionRandomStrings() {
        var generator = SeededGenerator(seed: 20_240_601)
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 64)
        defer { buffer.deallocate() }
        let table = FastFloat.table
        var mismatches: [String] = []
        var checked = 0
        for i in 0..<1_000_000 {
            var n = 0
            func put(_ c: UInt8) { buffer[n] = c; n += 1 }
            func putInt(_ value: Int) {
                var digits: [UInt8] = []
                var v = value
                repeat { digits.append(UInt8(48 + v % 10)); v /= 10 } while v > 0
                for d in digits.reversed() { put(d) }
            }
            if generator.nextInt(below: 2) == 0 { put(UInt8(ascii: "-")) }
            let family = i % 4
            let digitCount = family == 3 ? 1 + generator.nextInt(below: 6) : (family == 2 ? 19 : 17)
            let pointAt = generator.nextInt(below: digitCount + 1)
            for k in 0..<digitCount {
                if k == pointAt { put(UInt8(ascii: ".")) }
                put(UInt8(48 + (k == 0 ? 1 + generator.nextInt(below: 9) : generator.nextInt(below: 10))))
            }
            let exponent: Int
            switch family {
            case 0: exponent = generator.nextInt(below: 651) - 342          // whole double range and beyond
            case 1: exponent = -generator.nextInt(below: 30) - 300          // subnormal / underflow
            case 2: exponent = generator.nextInt(below: 40) - 20            // 19 digits near 1
            default: exponent = generator.nextInt(below: 9) - 4             // short decimals
            }
            if exponent != 0 || family != 3 {
                put(UInt8(ascii: "e"))
                if exponent < 0 { put(UInt8(ascii: "-")) }
                putInt(abs(exponent))
            }
            let mine = FastFloat.parse(UnsafePointer(buffer), count: n, table: table)
            let theirs = reference(buffer, n)
            checked += 1
            if !same(mine, theirs) && mismatches.count < 10 {
                mismatches.append(String(decoding: UnsafeBufferPointer(start: buffer, count: n), as: UTF8.self))
            }
        }
        #expect(checked == 1_000_000)
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches)")
    }
}
