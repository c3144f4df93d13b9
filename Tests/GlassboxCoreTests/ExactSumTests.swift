import Foundation
import GlassboxTestSupport
import Testing
@testable import GlassboxCore

@Suite("ExactSum: exact, order-free sums of doubles")
struct ExactSumTests {
    struct Reference: Decodable {
        struct Case: Decodable {
            let name: String
            let values: [String]
            let sum: String
            let text: String
        }
        let cases: [Case]
    }

    static let reference: [(name: String, values: [Double], sum: Double, text: String)] = {
        func double(_ hex: String) -> Double { Double(bitPattern: UInt64(hex, radix: 16)!) }
        guard let file = try? Fixtures.decode(Reference.self, "reference/exact-sum.json") else {
            fatalError("Tests/Fixtures/reference/exact-sum.json is missing; run Tests/Reference/make_exact_sum_reference.py")
        }
        return file.cases.map { ($0.name, $0.values.map(double), double($0.sum), $0.text) }
    }()

    @Test("one by one and in blocks, the sum is the exact rational sum (fractions.Fraction) rounded to nearest even")
    func matchesExactRationals() throws {
        #expect(Self.reference.count > 30)
        for c in Self.reference {
            let single = ExactSum(c.values)
            var block = ExactSum()
            block.add(contentsOf: c.values)
            #expect(single.value.bitPattern == c.sum.bitPattern, "\(c.name): \(single.value) != \(c.sum)")
            #expect(single.text == c.text, "\(c.name)")
            #expect(block.text == c.text, "\(c.name): block form")
            #expect(block.value.bitPattern == c.sum.bitPattern, "\(c.name): block form")
        }
    }

    @Test("closed forms: 1e308 + 1 − 1e308, subnormals, halfway cases, overflow at read-out only")
    func closedForms() {
        #expect(ExactSum([1e308, 1, -1e308]).value == 1)
        #expect(ExactSum(Array(repeating: Double.leastNonzeroMagnitude, count: 4096)).value == 4096 * Double.leastNonzeroMagnitude)
        #expect(ExactSum([0x1p53, 1]).value == 0x1p53)
        #expect(ExactSum([0x1p53, 1, .leastNonzeroMagnitude]).value == 0x1p53 + 2)
        #expect(ExactSum([.greatestFiniteMagnitude, .greatestFiniteMagnitude]).value == .infinity)
        #expect(ExactSum([.greatestFiniteMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude]).value == .greatestFiniteMagnitude)
        #expect(ExactSum().value.bitPattern == 0)
        #expect(ExactSum([-0.0, -0.0]).value.bitPattern == 0, "an exact zero reads as +0")
        #expect(ExactSum([0.1, 0.2]).value == 0.30000000000000004)
        #expect(ExactSum(Array(repeating: 0.1, count: 10)).value == 1)
    }

    @Test("NaN and ±∞ follow IEEE 754: NaN absorbs, ±∞ dominates, +∞ with −∞ is NaN; states merge the same way")
    func specials() {
        #expect(ExactSum([1, .nan, 2]).value.isNaN)
        #expect(ExactSum([1, .infinity, -1e308]).value == .infinity)
        #expect(ExactSum([1, -.infinity]).value == -.infinity)
        #expect(ExactSum([.infinity, 1, -.infinity]).value.isNaN)
        let positive = ExactSum([.infinity]), negative = ExactSum([-.infinity]), finite = ExactSum([3])
        #expect((positive + finite).value == .infinity)
        #expect((positive + negative).value.isNaN)
        #expect((finite + ExactSum([.nan])).text == "nan")
        #expect(positive.text == "inf" && negative.text == "-inf")
        // The finite part no longer matters once infinite: equal states compare equal.
        #expect(ExactSum([.infinity, 1]) == ExactSum([.infinity, 2]))
        var block = ExactSum()
        block.add(contentsOf: (0..<5000).map { $0 == 4321 ? -.infinity : Double($0) })
        #expect(block.value == -.infinity)
        var blockNaN = ExactSum()
        blockNaN.add(contentsOf: (0..<300).map { $0 == 7 ? .nan : Double($0) })
        #expect(blockNaN.value.isNaN)
    }

    @Test("any split into partial sums, merged in any order, gives the same bits")
    func mergeIsOrderFree() throws {
        var g = SeededGenerator(seed: 16)
        for c in Self.reference where c.values.count >= 50 {
            let expected = c.text
            for _ in 0..<8 {
                var values = c.values
                g.shuffle(&values)
                // Random cut points, then the parts summed (alternately in blocks and one by one) and merged in random order.
                var cuts = (0..<g.nextInt(below: 6)).map { _ in g.nextInt(below: values.count + 1) }
                cuts.append(contentsOf: [0, values.count])
                cuts.sort()
                var parts = (0..<(cuts.count - 1)).map { k -> ExactSum in
                    var part = ExactSum()
                    let slice = Array(values[cuts[k]..<cuts[k + 1]])
                    if k % 2 == 0 { part.add(contentsOf: slice) } else { for x in slice { part.add(x) } }
                    return part
                }
                g.shuffle(&parts)
                // A random merge tree: repeatedly merge two random parts.
                while parts.count > 1 {
                    let i = g.nextInt(below: parts.count)
                    let a = parts.remove(at: i)
                    let j = g.nextInt(below: parts.count)
                    parts[j] = g.nextInt(below: 2) == 0 ? a + parts[j] : parts[j] + a
                }
                #expect(parts[0].text == expected, "\(c.name)")
                #expect(parts[0].value.bitPattern == c.sum.bitPattern, "\(c.name)")
                #expect(parts[0] == ExactSum(c.values))
            }
        }
    }

    @Test("carries: more than 2³⁰ deferred additions and long blocks stay exact")
    func manyAdditions() {
        // 3 million values of one exponent: the block buckets fold many times, the digits carry.
        var sum = ExactSum()
        let values = [Double](repeating: 0x1.fffffffffffffp0, count: 3_000_000)
        sum.add(contentsOf: values)
        #expect(sum.value == 3_000_000 * 0x1.fffffffffffffp0)
        // Force the deferred-carry path directly.
        var carried = ExactSum([1])
        carried.pending = ExactSum.pendingLimit
        carried.add(1)
        #expect(carried.value == 2 && carried.pending == 1)
    }

    @Test("the block form equals one-by-one addition at every block edge, with specials anywhere")
    func blockEdges() {
        var g = SeededGenerator(seed: 11)
        for n in [1, 2, 63, 64, 65, 2047, 2048, 2049, 4095, 4096, 4097, 6145] {
            var values = (0..<n).map { _ in (g.nextUniform() - 0.3) * Double(sign: .plus, exponent: g.nextInt(below: 80) - 40, significand: 1) }
            var block = ExactSum()
            block.add(contentsOf: values)
            #expect(block == ExactSum(values) && block.value.bitPattern == ExactSum(values).value.bitPattern, "\(n) values")
            values[g.nextInt(below: n)] = .infinity
            var withInfinity = ExactSum()
            withInfinity.add(contentsOf: values)
            #expect(withInfinity.value == .infinity, "\(n) values")
        }
    }

    @Test("random text of the form's alphabet is read or refused, never a trap; what is read writes back the same")
    func randomText() {
        var g = SeededGenerator(seed: 12)
        let alphabet = Array("0123456789abcdefxXp-+ .naif\u{0}\u{202E}")
        var accepted = 0
        for _ in 0..<20_000 {
            var text = g.nextInt(below: 3) == 0 ? "0x" : ""
            for _ in 0..<g.nextInt(below: 14) { text.append(alphabet[g.nextInt(below: alphabet.count)]) }
            if let sum = try? ExactSum(text: text) {
                accepted += 1
                #expect(sum.text == text, "\(text.debugDescription)")
            }
        }
        #expect(accepted > 0)
    }

    @Test("text and JSON round trip, canonical for equal values")
    func textRoundTrip() throws {
        for c in Self.reference {
            let sum = ExactSum(c.values)
            let decoded = try ExactSum(text: sum.text)
            #expect(decoded == sum && decoded.text == c.text)
            #expect(decoded.value.bitPattern == c.sum.bitPattern)
            let json = try JSONEncoder().encode([sum])
            #expect(try JSONDecoder().decode([ExactSum].self, from: json) == [sum])
        }
        for text in ["0", "nan", "inf", "-inf", "0x1p-1074", "-0x3p5"] {
            #expect(try ExactSum(text: text).text == text)
        }
        // The largest accepted magnitude, just below 2^1100, still adds and merges.
        let largest = try ExactSum(text: "0x3" + String(repeating: "f", count: 543) + "p-1074")
        #expect(largest.value == .infinity)
        let negated = try ExactSum(text: "-0x3" + String(repeating: "f", count: 543) + "p-1074")
        #expect(try ExactSum(text: "0x1p1099").text == "0x1p1099")
        #expect((largest + negated).text == "0")
    }

    @Test("hostile text is refused with a specific error, never a trap")
    func hostileText() {
        let refused: [(String, String)] = [
            ("", "expected"),
            ("0x", "missing the binary exponent"),
            ("0xp0", "no hex digits"),
            ("0x0p0", "leading zero"),
            ("0x01p0", "leading zero"),
            ("0x2p0", "even significand"),
            ("0X1p0", "expected"),
            ("0x1P0", "missing the binary exponent"),
            ("0xAp0", "lowercase hex"),
            ("0x1p+0", "exponent"),
            ("0x1p-0", "exponent"),
            ("0x1p01", "exponent"),
            ("0x1p", "exponent"),
            ("0x1p123456", "exponent"),
            ("0x1p-1075", "below -1074"),
            ("0x1p1100", "out of the accumulator's range"),
            ("0x" + String(repeating: "f", count: 544) + "p-1074", "out of the accumulator's range"),
            ("0x" + String(repeating: "1", count: 700) + "p0", "longer than"),
            ("+0x1p0", "expected"),
            ("-0", "expected"),
            ("--0x1p0", "expected"),
            (" 0x1p0", "expected"),
            ("0x1p0 ", "exponent"),
            ("NaN", "expected"),
            ("-nan", "expected"),
            ("0x1\u{202E}p0", "lowercase hex"),
            ("0x1p-9223372036854775808", "exponent"),
        ]
        for (text, reason) in refused {
            do {
                _ = try ExactSum(text: text)
                Issue.record("accepted \(text.debugDescription)")
            } catch {
                #expect(error.description.contains(reason), "\(text.debugDescription): \(error.description)")
                #expect(!error.description.contains("\u{202E}"))
            }
        }
        // JSON: the wrong type, and wrong text inside a string, are decoding errors naming the problem.
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ExactSum].self, from: Data("[1.5]".utf8)) }
        do {
            _ = try JSONDecoder().decode([ExactSum].self, from: Data("[\"0x2p0\"]".utf8))
            Issue.record("accepted an even significand")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription == "exact sum \"0x2p0\": even significand (not canonical: the significand must be odd)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
