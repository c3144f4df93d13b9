import Foundation
import Testing
import GlassboxTabular

/// The concurrent fill gives exactly (bit for bit) the values of a plain row-by-row computation,
/// with and without dropped rows, over more rows than one fill task holds.
struct DesignParallelTests {
    @Test func matchesRowByRowComputation() throws {
        let n = 300_001
        var y = [Double](), x = [Double](), z = [Double](), g = [String?]()
        var rng = 0x9E37_79B9_7F4A_7C15 as UInt64
        func next() -> Double {
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            return Double(rng >> 11) / Double(1 << 53)
        }
        for i in 0..<n {
            y.append(Double(i % 2))
            x.append(i % 997 == 5 ? .nan : next() * 10 - 5)
            z.append(next() + 0.5)
            g.append(i % 1009 == 7 ? nil : ["a", "b", "c"][Int(next() * 3)])
        }
        let gc = CategoricalColumn(values: g)
        let table = try Table(names: ["y", "x", "z", "g"], columns: [.numeric(y), .numeric(x), .numeric(z), .categorical(gc)])
        let formula = try Formula.parse("y ~ x + g + x:z + g:z + I(x^2) + log(z) + z")
        let (encoding, design) = try DesignBuilder.fit(formula, on: table)
        let rows = design.rowIndices
        #expect(design.droppedRowCount == (0..<n).filter { x[$0].isNaN || g[$0] == nil }.count)
        #expect(rows == (0..<n).filter { !x[$0].isNaN && g[$0] != nil })
        #expect(design.response == rows.map { y[$0] })

        func expected(_ name: String, _ r: Int) -> Double? {
            let level = g[r]!
            switch name {
            case "(Intercept)": return 1
            case "x": return x[r]
            case "z": return z[r]
            case "x:z": return x[r] * z[r]
            case "I(x^2)": return x[r] * x[r]
            case "log(z)": return log(z[r])
            case "g[b]", "g[c]": return level == String(name.dropFirst(2).dropLast()) ? 1 : 0
            case "g[a]:z", "g[b]:z", "g[c]:z": return level == String(name.dropFirst(2).prefix(1)) ? z[r] : 0
            default: return nil
            }
        }
        #expect(encoding.termNames == ["(Intercept)", "g[b]", "g[c]", "x", "x:z", "z", "g[b]:z", "g[c]:z", "I(x^2)", "log(z)"])
        for (j, name) in encoding.termNames.enumerated() {
            let column = design.x.column(j)
            var mismatches = 0
            for (k, r) in rows.enumerated() {
                guard let e = expected(name, r) else { Issue.record("unexpected column \(name)"); break }
                if column[k].bitPattern != e.bitPattern { mismatches += 1 }
            }
            #expect(mismatches == 0, "column \(name)")
        }

        // Every row kept: plain columns are copied, not gathered.
        let complete = try Table(names: ["y", "z"], columns: [.numeric(y), .numeric(z)])
        let d = try DesignBuilder.fit(try Formula.parse("y ~ z + log(z)"), on: complete)
        #expect(d.1.x.column(1) == z)
        #expect(d.1.x.column(2) == z.map { log($0) })
        #expect(d.1.x.column(0) == [Double](repeating: 1, count: n))
    }
}
