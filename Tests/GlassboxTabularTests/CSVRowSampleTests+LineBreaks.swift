import Foundation
import Testing
import GlassboxTabular

extension CSVRowSampleTests {
    /// A file of `rows` records ended by `lineBreak`, padded so that one line break starts exactly at the last
    /// byte of the sampler's first 1 MiB block (a CR there must wait for the next block).
    func file(rows: Int, lineBreak: String) throws -> String {
        let header = "id,note" + lineBreak
        let row = { (i: Int) in "\(i),\"a\rb\"" }  // a quoted CR is part of the field
        // Fixed-width ids, so every record has the same length.
        let width = String(rows).count
        let id = { (i: Int) in String(repeating: "0", count: width - String(i).count) + String(i) }
        let length = width + row(0).count - 1 + lineBreak.utf8.count
        let pad = ((1 << 20) - 1 - header.utf8.count - (length - lineBreak.utf8.count)) % length
        let body = (0..<rows).map { i in (i == 0 ? String(repeating: "9", count: pad) : "") + id(i) + row(i).dropFirst(String(i).count) + lineBreak }
        return try file(header + body.joined())
    }

    @Test("records end at a lone CR or a CRLF as at an LF, also across the read blocks; quoted CRs stay")
    func carriageReturns() throws {
        var ids = [String: [Double]]()
        for (name, lineBreak) in [("LF", "\n"), ("CR", "\r"), ("CRLF", "\r\n")] {
            let path = try file(rows: 120_000, lineBreak: lineBreak)
            defer { unlink(path) }
            let sample = try CSVRowSample.draw(path: path, count: 50, seed: 9)
            #expect(sample.rowCount == 50 && sample.rowsInFile == 120_000, "\(name)")
            let table = try CSVReader.read(bytes: sample.bytes).table
            #expect(table.rowCount == 50, "\(name)")
            guard case .numeric(let values) = try table.column(named: "id"), case .categorical(let notes) = try table.column(named: "note") else {
                Issue.record("\(name): unexpected column kinds"); continue
            }
            #expect(notes.levels == ["a\rb"], "\(name) \(notes.levels)")
            ids[name] = values
        }
        #expect(ids["LF"] != nil && ids["LF"] == ids["CR"] && ids["LF"] == ids["CRLF"])
    }
}
