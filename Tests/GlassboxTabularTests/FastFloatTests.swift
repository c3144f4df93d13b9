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

/// The short path's edge cases: fractions whose leading zeros follow a zero integer part (not significant,
/// so 19 significant digits stay on the short path), and negative exponents on Clinger's and Eisel–Lemire's
/// paths, each bit-identical to `strtod`.
@Suite struct FastFloatEdgeCaseTests {
    static func strtodResult(_ s: String) -> FastFloat.Result {
        let v = strtod(s, nil)
        return v.isFinite ? .value(v) : .outOfRange
    }

    static func parse(_ s: String) -> FastFloat.Result { Array(s.utf8).withUnsafeBytes { FastFloat.parse($0) } }

    @Test func leadingFractionZerosAndNegativeExponents() {
        var cases = ["0.0", "-0.0", "0.000", "00.000", ".000", "0.", "-0.", "0.0001", "00.0001", "-.0001", "0.1", "0.5", "2.5e-1",
                     "0.0000000000000000000000000000001", "0.00012345678901234567", "0.000123456789012345678",
                     "0.0001234567890123456789", "-0.0009999999999999999999", "0.00000000000000000000012345678901234567891",
                     "0.30000000000000004", "0.1000000000000000055511151231257827", "9007199254740993e-5", "9007199254740993e-22",
                     "9007199254740992e-23", "1e-22", "1e-23", "123456789e-8", "4.35e-3", "0.000000000000000000000000000000000000001e-300",
                     "2.2250738585072011e-308", "2.2250738585072014e-308", "0.00000000000000000000000000000000000000000000000000000000001",
                     "1.00000000000000011102230246251565404236316680908203125", "0.1e1", "0.01e2", "0.001e-1", "00000.000000e5"]
        // Halfway cases between neighbouring doubles with short significands and negative exponents.
        for k in 1...22 { cases.append("9007199254740993e-\(k)"); cases.append("5e-\(k)"); cases.append("0.\(String(repeating: "0", count: k))7") }
        for s in cases {
            let mine = Self.parse(s), reference = Self.strtodResult(s)
            switch (mine, reference) {
            case let (.value(a), .value(b)): #expect(a.bitPattern == b.bitPattern, "\(s): \(a) vs strtod \(b)")
            default: #expect(mine == reference, "\(s)")
            }
        }
    }

    @Test("the CSV reader reads them the same way")
    func csvReader() throws {
        let values = ["0.00012345678901234567", "-0.0", "0.000", "2.5e-1", "9007199254740993e-5", "0.1", "0.0009999999999999999999"]
        let table = try CSVReader.read(bytes: Array(("x\n" + values.joined(separator: "\n") + "\n").utf8)).table
        guard case .numeric(let read) = try table.column(named: "x") else { Issue.record("not numeric"); return }
        #expect(read.map(\.bitPattern) == values.map { strtod($0, nil).bitPattern })
    }
}
