import Foundation
import GlassboxCore
import GlassboxTabular
import Testing
import GlassboxTestSupport

/// CSV/formula injection: every text cell (level or column name) the writer emits that a spreadsheet
/// would run as a formula gets a leading `'`; numbers are never touched. The shared hostile corpus
/// (`Tests/Fixtures/hostile-strings.json`) is written as levels and as column names and read back.
@Suite("CSV writer: formula injection neutralised")
struct CSVInjectionTests {
    static var corpus: [String] { Fixtures.hostileStrings }

    static func isFormula(_ cell: String) -> Bool {
        guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return false }
        return Double(cell) == nil
    }

    @Test("hostile levels and names come back prefixed, never as a formula; numbers unchanged")
    func roundTrip() throws {
        let corpus = Self.corpus
        let levels = CategoricalColumn(values: corpus)
        let names = ["level", "value"] + corpus.indices.map { "c\($0)" }
        var columns: [Column] = [.categorical(levels), .numeric(corpus.indices.map { -Double($0) - 0.5 })]
        columns += corpus.indices.map { _ in Column.numeric(Array(repeating: 1, count: corpus.count)) }
        let table = try Table(names: names, columns: columns)
        let bytes = CSVWriter.render(table)
        let back = try CSVReader.read(bytes: bytes).table
        guard case .categorical(let read) = try back.column(named: "level"), case .numeric(let numbers) = try back.column(named: "value") else {
            Issue.record("columns changed type")
            return
        }
        #expect(numbers == corpus.indices.map { -Double($0) - 0.5 }, "negative numbers must stay numbers, unprefixed")
        for (i, original) in corpus.enumerated() {
            let cell = read.levels[Int(read.codes[i])]
            #expect(!Self.isFormula(cell), "\(cell)")
            #expect(cell == original || cell == "'" + original)
            #expect((cell != original) == Self.isFormula(original))
        }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""))
        #expect(!text.contains("\n=") && !text.contains(",=") && !text.contains(",@") && !text.contains("\n@"))
    }

    @Test("a hostile column name is neutralised in the header")
    func header() throws {
        let table = try Table(names: ["=1+1", "-1"], columns: [.numeric([1]), .numeric([-2])])
        #expect(String(decoding: CSVWriter.render(table), as: UTF8.self) == "'=1+1,-1\n1,-2\n")
    }
}
