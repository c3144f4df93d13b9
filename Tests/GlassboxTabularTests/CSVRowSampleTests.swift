import Foundation
import Testing
import GlassboxTabular

/// `CSVRowSample`: a seeded reservoir sample of whole records, in file order, after the header.
@Suite("CSV row sample")
struct CSVRowSampleTests {
    func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sample-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    @Test("the sample is n whole records in file order, quoted line breaks kept, the same for the same seed")
    func wholeRecordsInOrder() throws {
        let rows = (0..<500).map { "\($0),\"line\nbreak \($0 % 7)\"" }
        let path = try file("id,note\n" + rows.joined(separator: "\n") + "\n\n")
        defer { unlink(path) }
        let sample = try CSVRowSample.draw(path: path, count: 40, seed: 3)
        #expect(sample.rowCount == 40 && sample.rowsInFile == 500)
        let table = try CSVReader.read(bytes: sample.bytes).table
        guard case .numeric(let ids) = try table.column(named: "id") else { Issue.record("id not numeric"); return }
        #expect(ids.count == 40 && ids == ids.sorted() && Set(ids).count == 40)
        let again = try CSVRowSample.draw(path: path, count: 40, seed: 3)
        #expect(again.bytes == sample.bytes)
        #expect(try CSVRowSample.draw(path: path, count: 40, seed: 4).bytes != sample.bytes)
        let whole = try CSVReader.read(path: path)
        #expect(sample.sha256 == whole.sha256 && sample.byteCount == whole.byteCount)
    }

    @Test("a sample at least as large as the file is the whole file; a last record without a line break counts")
    func wholeFile() throws {
        let path = try file("a,b\n1,2\n3,4\n5,6")
        defer { unlink(path) }
        let sample = try CSVRowSample.draw(path: path, count: 10, seed: 1)
        #expect(sample.rowCount == 3 && sample.rowsInFile == 3)
        #expect(String(decoding: sample.bytes, as: UTF8.self) == "a,b\n1,2\n3,4\n5,6\n")
    }

    @Test("every row is about equally likely to be drawn (Algorithm R is uniform)")
    func uniform() throws {
        let path = try file("id\n" + (0..<20).map(String.init).joined(separator: "\n") + "\n")
        defer { unlink(path) }
        var hits = [Int](repeating: 0, count: 20)
        for seed in 0..<2_000 {
            let table = try CSVReader.read(bytes: try CSVRowSample.draw(path: path, count: 5, seed: UInt64(seed)).bytes).table
            guard case .numeric(let ids) = try table.column(named: "id") else { return }
            for id in ids { hits[Int(id)] += 1 }
        }
        // Expected 500 per row (2,000 × 5/20); binomial sd ≈ 19.4, so ±100 is over 5 sd.
        #expect(hits.allSatisfy { abs($0 - 500) < 100 }, "\(hits)")
    }
}
