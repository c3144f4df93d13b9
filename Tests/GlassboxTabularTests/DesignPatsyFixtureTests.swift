import Foundation
import Testing
import GlassboxTabular
import GlassboxTestSupport

/// Column names, order and values against patsy 1.0 (fixture made by
/// `Tests/Reference/make_patsy_terms.py`).
struct DesignPatsyFixtureTests {
    struct Fixture: Decodable {
        struct ColumnData: Decodable {
            var name: String
            var kind: String
            var values: [Value?]
            enum Value: Decodable {
                case number(Double), text(String)
                init(from decoder: any Decoder) throws {
                    let c = try decoder.singleValueContainer()
                    if let d = try? c.decode(Double.self) { self = .number(d) } else { self = .text(try c.decode(String.self)) }
                }
            }
        }
        struct Case: Decodable {
            var patsy: String
            var formula: String
            var orderAsPatsy: Bool
            var names: [String]
            var rows: [Int]
            var x: [[Double]]
            var y: [Double]
        }
        var columns: [ColumnData]
        var cases: [Case]
    }

    static func load() throws -> (Table, [Fixture.Case]) {
        let fixture = try Fixtures.decode(Fixture.self, "patsy-terms.json")
        var table = Table()
        for c in fixture.columns {
            if c.kind == "numeric" {
                try table.append(name: c.name, column: .numeric(c.values.map {
                    if case .number(let d)? = $0 { d } else { .nan }
                }))
            } else {
                try table.append(name: c.name, column: .categorical(CategoricalColumn(values: c.values.map {
                    if case .text(let s)? = $0 { s } else { nil }
                })))
            }
        }
        return (table, fixture.cases)
    }

    @Test func matchesPatsy() throws {
        let (table, cases) = try Self.load()
        #expect(cases.count >= 20)
        for c in cases {
            let (encoding, design) = try DesignBuilder.fit(try Formula.parse(c.formula), on: table)
            if c.orderAsPatsy {
                #expect(encoding.termNames == c.names, "\(c.formula) vs patsy \(c.patsy)")
            } else {
                #expect(encoding.termNames.sorted() == c.names.sorted(), "\(c.formula)")
            }
            #expect(design.rowIndices == c.rows, "\(c.formula)")
            #expect(design.droppedRowCount == table.rowCount - c.rows.count)
            try #require(design.x.columns == c.names.count)
            for (k, name) in c.names.enumerated() {
                let j = try #require(encoding.termNames.firstIndex(of: name))
                let ours = design.x.column(j)
                let worst = zip(ours, c.x[k]).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
                #expect(worst <= 1e-13, "\(c.formula): column \(name) differs by \(worst)")
            }
            let response = try #require(design.response)
            #expect(zip(response, c.y).allSatisfy { abs($0 - $1) <= 1e-15 }, "\(c.formula): response")
        }
    }
}
