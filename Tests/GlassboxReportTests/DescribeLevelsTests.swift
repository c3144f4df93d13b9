import Foundation
import GlassboxCore
import GlassboxTabular
import Testing
@testable import GlassboxReport

/// `glassbox describe` lists a categorical column's most frequent levels (at most 10, each held by at least
/// 10 rows, most frequent first, ties in level order), escaped for the terminal, in text and JSON.
@Suite("describe lists levels")
struct DescribeLevelsTests {
    /// Column `c` with level "L<k>" repeated `counts[k]` times, plus a numeric column.
    static func table(_ counts: [Int], names: [String]? = nil) throws -> Table {
        var values = [String]()
        for (k, n) in counts.enumerated() { values += Array(repeating: names?[k] ?? "L\(k)", count: n) }
        let csv = "c,x\n" + values.enumerated().map { "\($1),\($0)" }.joined(separator: "\n") + "\n"
        return try CSVReader.read(bytes: Array(csv.utf8)).table
    }

    @Test func mostFrequentFirstTiesInLevelOrder() throws {
        let summary = try #require(try Self.table([10, 30, 20, 20]).columnSummaries.first)
        #expect(summary.levelCount == 4)
        #expect(summary.listedLevels == ["L1", "L2", "L3", "L0"])
        let lines = try Self.table([10, 30, 20, 20]).descriptionLines(path: "d.csv", sha256: "h")
        #expect(lines[1] == "c       categorical  missing 0  4 levels: \"L1\", \"L2\", \"L3\", \"L0\"")
        #expect(lines[2].hasPrefix("x       numeric      missing 0  min 0, mean"))
    }

    @Test func cappedAtTenWithTheRestCounted() throws {
        let counts = (0..<25).map { 10 + $0 }
        let t = try Self.table(counts)
        let summary = try #require(t.columnSummaries.first)
        #expect(summary.listedLevels == (15..<25).reversed().map { "L\($0)" })
        let line = t.descriptionLines(path: "d.csv", sha256: "h")[1]
        #expect(line.hasSuffix("25 levels: \"L24\", \"L23\", \"L22\", \"L21\", \"L20\", \"L19\", \"L18\", \"L17\", \"L16\", \"L15\", … and 15 more"))
    }

    @Test("levels held by fewer than 10 rows (an identifier) are only counted")
    func rareLevelsAreNotListed() throws {
        let t = try Self.table([12, 1, 1, 9])
        #expect(t.columnSummaries[0].listedLevels == ["L0"])
        #expect(t.descriptionLines(path: "d.csv", sha256: "h")[1].hasSuffix("4 levels: \"L0\", … and 3 more"))
        let ids = try Self.table(Array(repeating: 1, count: 30))
        #expect(ids.columnSummaries[0].listedLevels.isEmpty)
        #expect(ids.descriptionLines(path: "d.csv", sha256: "h")[1].hasSuffix("30 levels"))
    }

    @Test("levels are escaped for the terminal")
    func escaped() throws {
        let hostile = "\u{1B}]8;;http://evil.example\u{7}red"
        let t = try Self.table([10, 11], names: [hostile, "plain"])
        let line = t.descriptionLines(path: "d.csv", sha256: "h")[1]
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 })
        #expect(line.hasSuffix("2 levels: \"plain\", \"\(Escaping.terminal(hostile))\""))
    }

    @Test func json() throws {
        let t = try Self.table([10, 30, 1])
        let bytes = try t.descriptionJSON(path: "d.csv", sha256: "abc")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["path"] as? String == "d.csv" && object["sha256"] as? String == "abc" && object["rowCount"] as? Int == 41)
        let columns = try #require(object["columns"] as? [[String: Any]])
        #expect(columns.count == 2)
        #expect(columns[0]["name"] as? String == "c" && columns[0]["type"] as? String == "categorical")
        #expect(columns[0]["levels"] as? [String] == ["L1", "L0"])
        #expect(columns[0]["levelCount"] as? Int == 3 && columns[0]["levelsNotListed"] as? Int == 1)
        #expect(columns[0]["minimum"] == nil)
        #expect(columns[1]["type"] as? String == "numeric" && columns[1]["minimum"] as? Double == 0 && columns[1]["maximum"] as? Double == 40)
        #expect(columns[1]["levels"] == nil)
        #expect(bytes.last == 10)
    }
}
