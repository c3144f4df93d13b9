import Foundation
import GlassboxCore
import GlassboxTabular
import Testing
@testable import GlassboxModels

/// `LogisticTraining.prepare(&table)` frees the table's formula columns while the design is built
/// (issue 15's memory target): the design, the outcome, the weights and the model file stay the same.
@Suite("Logistic training that releases the table while building the design")
struct LogisticTrainingReleaseTests {
    /// Missing values in a plain column, a categorical column and a column read only inside I(…).
    static func table() throws -> Table {
        var rng = SeededGenerator(seed: 15)
        let n = 400
        let x = (0..<n).map { i in i % 37 == 5 ? .nan : rng.nextNormal() }
        let z = (0..<n).map { i in i % 53 == 11 ? .nan : 5 * rng.nextUniform() }
        let k = (0..<n).map { _ in Double(1 + rng.nextInt(below: 4)) }
        let g = (0..<n).map { i in i % 41 == 7 ? nil : ["north", "south", "east", "west"][rng.nextInt(below: 4)] }
        let w = (0..<n).map { _ in Double(1 + rng.nextInt(below: 3)) }
        let y = (0..<n).map { i in
            let eta = 0.3 * (x[i].isNaN ? 0 : x[i]) - 0.2 * (z[i].isNaN ? 0 : z[i]) + (g[i] == "south" ? 0.4 : 0) + 0.1 * k[i]
            return rng.nextUniform() < 1 / (1 + exp(-eta)) ? 1.0 : 0.0
        }
        return try Table(names: ["y", "x", "z", "k", "g", "w"],
                         columns: [.numeric(y), .numeric(x), .numeric(z), .numeric(k), .categorical(CategoricalColumn(values: g)), .numeric(w)])
    }

    /// Interactions, I(…), C(…) of a numeric column that a transform also reads, and a column used by several terms.
    static let formula = "y ~ x + I(x^2) + C(g) + x:C(g) + z + C(k) + I(k * z) + I(k + 0):x"

    @Test("the released table gives the design, outcome, weights and model file of the table kept whole")
    func sameAsKeptTable() throws {
        let table = try Self.table()
        let training = LogisticTraining(formula: Self.formula, weightsColumn: "w")
        let (encoding, design) = try DesignBuilder.fit(try Formula.parse(Self.formula), on: table, extraColumns: ["w"])
        #expect(design.droppedRowCount > 0)

        var owned = table
        let data = try training.prepare(&owned)
        #expect(owned.columnNames == ["w"], "the formula's columns are released, the weights column is kept until read")
        #expect(owned.rowCount == table.rowCount)
        #expect(data.encoding == encoding)
        #expect(data.design.x.rows == design.x.rows && data.design.x.columns == design.x.columns)
        #expect(data.design.x.storage.map(\.bitPattern) == design.x.storage.map(\.bitPattern))
        #expect(data.outcome.map(\.bitPattern) == design.response!.map(\.bitPattern))
        #expect(data.design.rowIndices == design.rowIndices)
        #expect(data.design.droppedByColumn == design.droppedByColumn)
        guard case .numeric(let w) = try table.column(named: "w") else { Issue.record("w is numeric"); return }
        #expect(data.weights == design.rowIndices.map { w[$0] })

        let released = try training.fit(Self.table(), provenance: LogisticTrainingTests.provenance).encoded()
        let kept = try training.fit(training.prepare(table), provenance: LogisticTrainingTests.provenance).encoded()
        #expect(released == kept)
    }

    @Test("a weights column that the formula also reads is kept until the weights are read")
    func weightsInFormula() throws {
        var owned = try Self.table()
        let data = try LogisticTraining(formula: "y ~ x + w", weightsColumn: "w").prepare(&owned)
        #expect(owned.columnNames == ["z", "k", "g", "w"])
        #expect(data.weights?.count == data.design.x.rows)
    }
}
