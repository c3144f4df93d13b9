import Foundation
import Testing
@testable import GlassboxCore

/// `Provenance.DataSource.filters` and `derivedColumns` (issue 15): absent from the encoding when unused,
/// so every existing model file and manifest keeps its bytes; recorded and decoded when used.
@Suite struct ProvenancePreparationTests {
    func encoded(_ source: Provenance.DataSource) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(source), as: UTF8.self)
    }

    @Test func absentWhenUnused() throws {
        var source = Provenance.DataSource(path: "d.csv", sha256: "ab", rowsRead: 3, rowsUsed: 2, rowsDropped: 1, missingByColumn: [:])
        let before = try encoded(source)
        source.recordPreparation(filters: [], derivations: [])
        #expect(try encoded(source) == before)
        #expect(before == #"{"missingByColumn":{},"path":"d.csv","rowsDropped":1,"rowsRead":3,"rowsUsed":2,"sha256":"ab"}"#)
    }

    @Test func recordedAndDecoded() throws {
        var source = Provenance.DataSource(path: "d.csv", sha256: "ab", rowsRead: 3, rowsUsed: 2, rowsDropped: 1, missingByColumn: [:])
        source.recordPreparation(filters: ["x > 1", "g != \"a\""], derivations: ["z = x * 2"])
        let text = try encoded(source)
        #expect(text.contains(#""derivedColumns":["z = x * 2"]"#) && text.contains(#""filters":["x > 1","g != \"a\""]"#))
        #expect(try JSONDecoder().decode(Provenance.DataSource.self, from: Data(text.utf8)) == source)
    }
}
