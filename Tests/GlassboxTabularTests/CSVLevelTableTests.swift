import Testing
@testable import GlassboxCore
@testable import GlassboxTabular

@Suite struct CSVLevelTableTests {
    /// Many distinct byte strings (forcing growth and rehashing), prefixes of each other and the
    /// empty string: each is found again with its own code, and unseen bytes are not found.
    @Test func findsEveryAddedStringAndNothingElse() {
        var table = CSVLevelTable()
        defer { table.release() }
        var texts: [[UInt8]] = [[]]
        for i in 0..<3000 { texts.append(Array("v\(i)".utf8)) }
        for i in 0..<40 { texts.append([UInt8](repeating: UInt8(ascii: "a"), count: i + 1)) }
        texts.append(Array("ünïcödé level with spaces, and more than eight bytes".utf8))
        for (k, t) in texts.enumerated() {
            t.withUnsafeBufferPointer { b in
                let p = b.baseAddress ?? UnsafePointer(bitPattern: 1)!
                let h = CSVLevelTable.hash(p, t.count)
                #expect(table.find(p, t.count, hash: h) == nil)
                #expect(table.add(p, t.count, hash: h, level: true) == Int32(k))
            }
        }
        for (k, t) in texts.enumerated() {
            t.withUnsafeBufferPointer { b in
                let p = b.baseAddress ?? UnsafePointer(bitPattern: 1)!
                #expect(table.find(p, t.count, hash: CSVLevelTable.hash(p, t.count)) == Int32(k))
            }
        }
        #expect(table.levels == texts.map { String(decoding: $0, as: UTF8.self) })
        let unseen = Array("v3000".utf8)
        unseen.withUnsafeBufferPointer { b in
            #expect(table.find(b.baseAddress!, b.count, hash: CSVLevelTable.hash(b.baseAddress!, b.count)) == nil)
        }
    }

    /// Missing tokens are cached with code −1 and create no level.
    @Test func missingEntriesHaveNoLevel() {
        var table = CSVLevelTable()
        defer { table.release() }
        let na = Array("NA".utf8), x = Array("x".utf8)
        na.withUnsafeBufferPointer { b in
            #expect(table.add(b.baseAddress!, 2, hash: CSVLevelTable.hash(b.baseAddress!, 2), level: false) == -1)
        }
        x.withUnsafeBufferPointer { b in
            #expect(table.add(b.baseAddress!, 1, hash: CSVLevelTable.hash(b.baseAddress!, 1), level: true) == 0)
        }
        na.withUnsafeBufferPointer { b in
            #expect(table.find(b.baseAddress!, 2, hash: CSVLevelTable.hash(b.baseAddress!, 2)) == -1)
        }
        #expect(table.levels == ["x"])
    }
}

@Suite struct CSVTextFieldTests {
    /// Text columns mixing quoted, escaped, missing and plain fields with numbers in the same rows,
    /// LF and CRLF endings, many levels: the same strings whatever the block size.
    @Test func textColumnsMatchTheirSource() throws {
        var generator = SeededGenerator(seed: 21)
        var text = "id,g,x,h\n"
        var expectedG: [String?] = [], expectedH: [String?] = []
        for i in 0..<30_000 {
            let g: String?
            let gField: String
            switch generator.nextInt(below: 6) {
            case 0: (g, gField) = (nil, "NA")
            case 1: (g, gField) = (nil, "")
            case 2: (g, gField) = ("lvl \(i % 700)", "\"lvl \(i % 700)\"")
            case 3: (g, gField) = ("q\"\(i % 5)", "\"q\"\"\(i % 5)\"")
            default: (g, gField) = ("lvl \(i % 700)", "lvl \(i % 700)")
            }
            let h = i % 3 == 0 ? "é\(i % 4)" : "plain"
            expectedG.append(g)
            expectedH.append(h)
            text += "\(i),\(gField),\(Double(i) / 4),\(h)" + (i % 2 == 0 ? "\n" : "\r\n")
        }
        let bytes = Array(text.utf8)
        let reference = try CSVReader.read(bytes: bytes, options: CSVOptions(blockSize: 1 << 30))
        #expect(try texts(reference.table, "g") == expectedG)
        #expect(try texts(reference.table, "h") == expectedH)
        for blockSize in [4096, 10_000, 1 << 20] {
            let r = try CSVReader.read(bytes: bytes, options: CSVOptions(blockSize: blockSize))
            #expect(identical(r.table, reference.table), "block size \(blockSize)")
        }
    }

    /// A bad byte is reported at its first line even when the same bytes appear again later, and a
    /// NUL is caught in a quoted field too.
    @Test func invalidTextIsReportedAtItsFirstLine() {
        var text = Array("a,b\n1,x\n2,y\n".utf8)
        text += Array("3,z".utf8) + [0xFF] + Array("\n4,z".utf8) + [0xFF] + Array("\n".utf8)
        #expect(message(text) == "line 4: column 'b' contains invalid UTF-8")
        let nul = Array("a,b\n1,x\n2,\"y".utf8) + [0] + Array("\"\n".utf8)
        #expect(message(nul) == "line 3: column 'b' contains a NUL byte")
    }

    private func message(_ bytes: [UInt8]) -> String {
        do {
            _ = try CSVReader.read(bytes: bytes)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    private func texts(_ table: Table, _ name: String) throws -> [String?] {
        let column = try table.column(named: name)
        return (0..<column.count).map { column.text(at: $0) }
    }
}
