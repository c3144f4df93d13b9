import Foundation
import Testing
import GlassboxTabular

/// `CSVChunkReader`: chunks of whole records (cut outside quotes) hold the rows a whole read holds.
@Suite("CSV chunk reader")
struct CSVChunkReaderTests {
    func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chunks-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    @Test("any chunk size gives the rows of the whole file, quoted line breaks included", arguments: [1, 7, 64, 4_096])
    func sameRows(chunkBytes: Int) throws {
        let rows = (0..<200).map { "\($0),\"line\nbreak \($0 % 7)\",\($0 % 3 == 0 ? "" : String($0 * 2))" }
        let path = try file("id,note,value\n" + rows.joined(separator: "\n") + "\n")
        defer { unlink(path) }
        let whole = try CSVReader.read(path: path).table
        var ids = [Double](), notes = [String](), values = [Double]()
        let (digest, bytes) = try CSVChunkReader.forEachChunk(path: path, options: CSVOptions(), chunkBytes: chunkBytes) { table, _ in
            guard case .numeric(let id) = try table.column(named: "id"), case .categorical(let note) = try table.column(named: "note"),
                  case .numeric(let value) = try table.column(named: "value") else { Issue.record("column kinds"); return }
            ids += id
            notes += note.codes.map { note.levels[Int($0)] }
            values += value
        }
        guard case .numeric(let id) = try whole.column(named: "id"), case .categorical(let note) = try whole.column(named: "note"),
              case .numeric(let value) = try whole.column(named: "value") else { Issue.record("column kinds"); return }
        #expect(ids == id)
        #expect(notes == note.codes.map { note.levels[Int($0)] })
        #expect(values.map(\.bitPattern) == value.map(\.bitPattern))
        #expect(digest == (try CSVReader.read(path: path)).sha256)
        #expect(bytes == (try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int))
    }

    @Test("a record longer than the limit is an error, not an ever-growing buffer")
    func longRecord() throws {
        let path = try file("a,b\n1,2\n" + String(repeating: "x", count: 50_000) + "\n")
        defer { unlink(path) }
        var options = CSVOptions()
        options.maximumRecordBytes = 1_000
        #expect(throws: TabularError.self) {
            _ = try CSVChunkReader.forEachChunk(path: path, options: options, chunkBytes: 100) { _, _ in }
        }
    }
}
