import GlassboxCore
import GlassboxTabular
import Testing

@Suite("CSVWriter")
struct CSVWriterTests {
    private func text(_ table: Table, columns: [String]? = nil, delimiter: UInt8 = UInt8(ascii: ",")) -> String {
        String(decoding: CSVWriter.render(table, columns: columns, delimiter: delimiter), as: UTF8.self)
    }

    @Test func quotesFieldsWithDelimiterQuoteAndLineBreaks() throws {
        let names = CategoricalColumn(values: ["plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", nil])
        let table = try Table(names: ["name", "x,y"], columns: [.categorical(names), .numeric([1, 2, 3, 4, 5, 6])])
        // Levels are sorted by bytes, but rows keep their own values.
        #expect(text(table) == "name,\"x,y\"\nplain,1\n\"a,b\",2\n\"say \"\"hi\"\"\",3\n\"two\nlines\",4\n\"cr\rhere\",5\n,6\n")
    }

    @Test func otherDelimiterChangesWhatNeedsQuotes() throws {
        let c = CategoricalColumn(values: ["a,b", "a\tb"])
        let table = try Table(names: ["v"], columns: [.categorical(c)])
        #expect(text(table, delimiter: UInt8(ascii: "\t")) == "v\na,b\n\"a\tb\"\n")
    }

    @Test func missingValuesAreEmptyFields() throws {
        let c = CategoricalColumn(values: [nil, "x", nil])
        let table = try Table(
            names: ["a", "b", "c"],
            columns: [.numeric([.nan, 1.5, .nan]), .categorical(c), .numeric([.nan, .nan, .nan])]
        )
        #expect(text(table) == "a,b,c\n,,\n1.5,x,\n,,\n")
    }

    @Test func singleColumnMissingIsQuotedEmptyNotABlankLine() throws {
        let table = try Table(names: ["a"], columns: [.numeric([1, .nan, 2])])
        #expect(text(table) == "a\n1\n\"\"\n2\n")
        let c = CategoricalColumn(values: [nil, "x"])
        #expect(text(try Table(names: ["g"], columns: [.categorical(c)])) == "g\n\"\"\nx\n")
    }

    @Test func integralValuesHaveNoFractionalPart() throws {
        let values: [Double] = [0, 1, -3, 2006, 1_000_000, -0.0, 9_007_199_254_740_991, -9_007_199_254_740_991]
        let table = try Table(names: ["n"], columns: [.numeric(values)])
        #expect(text(table) == "n\n0\n1\n-3\n2006\n1000000\n-0\n9007199254740991\n-9007199254740991\n")
        // "-0" still parses back to negative zero.
        #expect(Double("-0")?.sign == .minus)
    }

    @Test func doublesRoundTripExactly() throws {
        var rng = SeededGenerator(seed: 42)
        var values: [Double] = [
            0.1, 1.0 / 3.0, -2.5, 1e-300, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -1e16,
            9_007_199_254_740_992, 1e22, .infinity, -.infinity, 123.456, 0.000_01,
        ]
        for _ in 0..<5_000 {
            // Random bit patterns cover every exponent; NaN is skipped because it means missing.
            let x = Double(bitPattern: rng.next())
            if !x.isNaN { values.append(x) }
            values.append((rng.nextUniform() - 0.5) * 1e6)
        }
        let table = try Table(names: ["x"], columns: [.numeric(values)])
        let lines = text(table).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "x")
        try #require(lines.count == values.count + 2)
        var mismatches = 0
        for (k, x) in values.enumerated() where Double(String(lines[k + 1]))?.bitPattern != x.bitPattern {
            mismatches += 1
            Issue.record("row \(k): \(x) written as \(lines[k + 1])")
            if mismatches > 5 { break }
        }
        #expect(mismatches == 0)
    }

    @Test func shortDecimalsMatchSwiftsShortestForm() throws {
        // Values with few decimals take a fast path; its text must equal Swift's own description.
        var rng = SeededGenerator(seed: 11)
        var values: [Double] = [0.001, 0.0011, 0.0009, 0.5, -0.25, 999_999_999.5, 1e9 + 0.5, 123_456.789_012, 0.1 + 0.2]
        for _ in 0..<8_000 {
            let k = rng.nextInt(below: 8)
            let scale = (0..<k).reduce(1.0) { r, _ in r * 10 }
            let magnitude = [1.0, 100, 1e6, 1e9, 1e12][rng.nextInt(below: 5)]
            let m = (rng.nextUniform() * magnitude * scale).rounded()
            values.append((rng.nextBernoulli(0.3) ? -1 : 1) * m / scale)
            values.append(rng.nextUniform() * magnitude) // full-precision values
        }
        let table = try Table(names: ["x"], columns: [.numeric(values)])
        let lines = text(table).split(separator: "\n").dropFirst()
        try #require(lines.count == values.count)
        var mismatches = 0
        for (x, line) in zip(values, lines) {
            let integral = x.magnitude < 9_007_199_254_740_992 && x == x.rounded()
            let expected = integral ? (x.sign == .minus ? "-" : "") + String(Int64(x.magnitude)) : "\(x)"
            if line != expected {
                mismatches += 1
                if mismatches <= 5 { Issue.record("\(x): wrote \(line), Swift writes \(expected)") }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func columnSelectionAndOrder() throws {
        let table = try Table(names: ["a", "b", "c"], columns: [.numeric([1]), .numeric([2]), .numeric([3])])
        #expect(text(table, columns: ["c", "a"]) == "c,a\n3,1\n")
    }

    @Test func emptyTableWritesHeaderOnly() throws {
        let table = try Table(names: ["a", "b"], columns: [.numeric([]), .numeric([])])
        #expect(text(table) == "a,b\n")
    }

    @Test func chunkedRenderingMatchesSimpleRendering() throws {
        // Enough rows for several parallel chunks; compare with a plain String rendering.
        let n = 70_000 // more than one 32,768-row chunk
        var rng = SeededGenerator(seed: 7)
        let xs = (0..<n).map { _ in (rng.nextUniform() * 1000).rounded() / 8 }
        let codes = (0..<n).map { _ in Int32(rng.nextInt(below: 3)) - 1 }
        let cat = CategoricalColumn(levels: ["p", "q"], codes: codes)
        let table = try Table(names: ["x", "g"], columns: [.numeric(xs), .categorical(cat)])
        var expected = "x,g\n"
        for i in 0..<n {
            let x = xs[i]
            expected += x == x.rounded() ? String(Int(x)) : "\(x)"
            expected += ","
            if codes[i] >= 0 { expected += cat.levels[Int(codes[i])] }
            expected += "\n"
        }
        #expect(text(table) == expected)
    }
}
