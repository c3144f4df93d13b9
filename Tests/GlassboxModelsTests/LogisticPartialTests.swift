import Foundation
import Testing
import GlassboxCore
import GlassboxLinearAlgebra
@testable import GlassboxModels
import GlassboxTabular

/// Partial statistics of distributed fits (docs/scale.md §2): exact round trips and exact merges.
@Suite("logistic partial statistics")
struct LogisticPartialTests {
    @Test("a partial's doubles read back bit for bit (subnormals, extremes, negative zero included)")
    func roundTrip() throws {
        var generator = SeededGenerator(seed: 16)
        var values = (0..<2_000).map { _ in Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF) * (generator.next() % 2 == 0 ? 1 : -1) }
        values += [.leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, -0.0, 0.1, 1.0 / 3.0]
        let evaluation = LogisticPartial.Evaluation(deviance: values[0], gradient: values, hessian: values, extremeCount: 3, extremeEta: values[1])
        let partial = LogisticPartial(format: LogisticPartial.formatName, version: 1, stateSHA256: String(repeating: "a", count: 64), pass: 2,
                                      kind: .evaluate, levels: nil, summary: nil, evaluation: evaluation, meat: values, clusters: nil)
        let decoded = try JSONFormat.decoder().decode(LogisticPartial.self, from: Data(try JSONFormat.encode(partial)))
        #expect(decoded.evaluation!.gradient.map(\.bitPattern) == values.map(\.bitPattern))
        #expect(decoded.meat!.map(\.bitPattern) == values.map(\.bitPattern))
    }

    @Test("levels merged over row blocks give the encoding learnt from the whole table")
    func levelsMerge() throws {
        let csv = "y,race,n,w\n1,White,3,1\n0,Black,1,2\n1,,2,1\n0,Asian,3,1\n1,Black,1,1\n0,White,2,1\n"
        let table = try CSVReader.read(bytes: Array(csv.utf8)).table
        let formula = try Formula.parse("y ~ C(race, ref=\"White\") + C(n) + w")
        let (whole, _) = try DesignEncoding.fit(formula, on: table)
        let lines = csv.split(separator: "\n")
        var merged: DesignLevels?
        for block in [1..<3, 3..<5, 5..<7] {
            let text = ([lines[0]] + lines[block]).joined(separator: "\n") + "\n"
            let part = try DesignLevels.collect(formula, table: try CSVReader.read(bytes: Array(text.utf8)).table, extraColumns: [])
            if merged == nil { merged = part } else { try merged!.merge(part) }
        }
        #expect(merged!.rowsRead == 6)
        #expect(merged!.rowsKept == 5)
        #expect(merged!.missingByColumn == ["race": 1])
        let (encoding, _) = try merged!.encoding(formula, extraColumns: [])
        #expect(encoding == whole)
    }
}
