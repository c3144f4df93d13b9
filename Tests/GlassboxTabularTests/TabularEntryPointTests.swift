import Testing
@testable import GlassboxTabular

/// The public design and CSV entry points (`DesignEncoding.fit`/`apply`, `Table.csvBytes`) are the builder
/// and the writer the library uses inside.
@Suite("Design and CSV entry points")
struct TabularEntryPointTests {
    static let table = try! Table(names: ["y", "x", "g"], columns: [
        .numeric([0, 1, 0, 1]), .numeric([1, 2, .nan, 4]),
        .categorical(CategoricalColumn(levels: ["a", "b"], codes: [0, 1, 1, 0])),
    ])

    @Test("DesignEncoding.fit and apply build the builder's matrix")
    func design() throws {
        let formula = try Formula.parse("y ~ x + g")
        let (encoding, matrix) = try DesignEncoding.fit(formula, on: Self.table)
        let (builderEncoding, builderMatrix) = try DesignBuilder.fit(formula, on: Self.table)
        #expect(encoding == builderEncoding && matrix.x == builderMatrix.x && matrix.rowIndices == [0, 1, 3])
        let applied = try encoding.apply(to: Self.table, requireResponse: false)
        #expect(applied.x == matrix.x && applied.response == nil)
    }

    @Test("Table.csvBytes is the CSV writer's output")
    func csv() {
        #expect(Self.table.csvBytes() == CSVWriter.render(Self.table))
        #expect(Self.table.csvBytes(columns: ["g", "x"], delimiter: UInt8(ascii: "\t")) == Array("g\tx\na\t1\nb\t2\nb\t\na\t4\n".utf8))
    }
}
