import Foundation
import Testing
@testable import GlassboxCore
@testable import GlassboxTabular

/// Reads `text` as CSV with small blocks too, checking that block size never changes the result.
private func read(_ text: String, options: CSVOptions = CSVOptions()) throws -> CSVReadResult {
    try readBytes(Array(text.utf8), options: options)
}

private func readBytes(_ bytes: [UInt8], options: CSVOptions = CSVOptions()) throws -> CSVReadResult {
    let whole = try CSVReader.read(bytes: bytes, options: options)
    var small = options
    small.blockSize = 4096
    let blocked = try CSVReader.read(bytes: bytes, options: small)
    #expect(identical(blocked.table, whole.table))
    #expect(blocked.sha256 == whole.sha256)
    return whole
}

/// Table equality with NaN equal to NaN (bit-for-bit on numbers).
func identical(_ a: Table, _ b: Table) -> Bool {
    guard a.columnNames == b.columnNames, a.rowCount == b.rowCount else { return false }
    for (x, y) in zip(a.columns, b.columns) {
        switch (x, y) {
        case let (.numeric(u), .numeric(v)):
            if u.map(\.bitPattern) != v.map(\.bitPattern) { return false }
        case let (.categorical(u), .categorical(v)):
            if u != v { return false }
        default:
            return false
        }
    }
    return true
}

/// The error thrown when reading `text`.
private func failure(_ text: String, options: CSVOptions = CSVOptions()) -> String {
    failure(bytes: Array(text.utf8), options: options)
}

private func failure(bytes: [UInt8], options: CSVOptions = CSVOptions()) -> String {
    do {
        _ = try CSVReader.read(bytes: bytes, options: options)
        return "no error"
    } catch {
        return "\(error)"
    }
}

private func numbers(_ table: Table, _ name: String) throws -> [Double] {
    guard case .numeric(let v) = try table.column(named: name) else {
        Issue.record("column \(name) is not numeric")
        return []
    }
    return v
}

private func strings(_ table: Table, _ name: String) throws -> [String?] {
    let column = try table.column(named: name)
    guard case .categorical = column else {
        Issue.record("column \(name) is not categorical")
        return []
    }
    return (0..<column.count).map { column.text(at: $0) }
}

@Suite struct CSVReaderFormatTests {
    @Test func simpleNumericAndText() throws {
        let r = try read("a,b,c\n1,x,2.5\n-2,y,.5\n")
        #expect(r.table.rowCount == 2)
        #expect(r.table.columnNames == ["a", "b", "c"])
        #expect(try numbers(r.table, "a") == [1, -2])
        #expect(try strings(r.table, "b") == ["x", "y"])
        #expect(try numbers(r.table, "c") == [2.5, 0.5])
        #expect(r.warnings.isEmpty)
        #expect(r.byteCount == 22)
    }

    @Test func quotingRules() throws {
        let text = "name,note\n\"Smith, J\",\"said \"\"hi\"\"\"\n\"multi\nline\",plain\n\"\",\"x\"\n"
        let r = try read(text)
        #expect(try strings(r.table, "name") == ["Smith, J", "multi\nline", nil])
        #expect(try strings(r.table, "note") == ["said \"hi\"", "plain", "x"])
    }

    @Test func lineEndingsAndMixes() throws {
        for ending in ["\n", "\r\n", "\r"] {
            let r = try read(["a,b", "1,2", "3,4"].joined(separator: ending) + ending)
            #expect(try numbers(r.table, "a") == [1, 3], "ending \(ending.debugDescription)")
            #expect(try numbers(r.table, "b") == [2, 4])
        }
        let mixed = try read("a,b\r\n1,2\n3,4\r5,6\r\n")
        #expect(try numbers(mixed.table, "a") == [1, 3, 5])
        #expect(try numbers(mixed.table, "b") == [2, 4, 6])
    }

    @Test func bomFinalLineAndTrailingBlankLines() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let r = try readBytes(bom + Array("x,y\n1,2\n3,4".utf8))
        #expect(r.table.columnNames == ["x", "y"])
        #expect(try numbers(r.table, "y") == [2, 4])
        let blanks = try read("x\n1\n2\n\n\r\n\n")
        #expect(try numbers(blanks.table, "x") == [1, 2])
    }

    @Test func blankLinesInsideAreSkippedButCounted() throws {
        let r = try read("a,b\n1,2\n\n3,4\n")
        #expect(try numbers(r.table, "a") == [1, 3])
        #expect(failure("a,b\n1,2\n\n3\n") == "line 4: expected 2 fields but found 1")
    }

    @Test func duplicateAndEmptyHeaderNames() throws {
        let r = try read("a,a,,b,a,a.1\n1,2,3,4,5,6\n")
        #expect(r.table.columnNames == ["a", "a.1", "Unnamed: 2", "b", "a.2", "a.1.1"])
        #expect(r.warnings.count == 4)
        #expect(r.warnings.contains { $0.contains("'a'") && $0.contains("'a.1'") })
        #expect(r.warnings.contains { $0.contains("Unnamed: 2") })
    }

    @Test func semicolonDelimiter() throws {
        let r = try read("a;b\n1,5;x\n", options: CSVOptions(delimiter: UInt8(ascii: ";")))
        #expect(try strings(r.table, "a") == ["1,5"])
        #expect(try strings(r.table, "b") == ["x"])
    }

    @Test func quotedNumbersAndMissingTokens() throws {
        let r = try read("a,b\n\"1.5\",NA\nnull,\"\"\nN/A,NaN\n,x\n")
        let a = try numbers(r.table, "a")
        #expect(a[0] == 1.5)
        #expect(a[1...].allSatisfy { $0.isNaN })
        #expect(try strings(r.table, "b") == [nil, nil, nil, "x"])
        let custom = try read("a\n-999\n3\n", options: CSVOptions(missingTokens: ["-999"]))
        let values = try numbers(custom.table, "a")
        #expect(values[0].isNaN && values[1] == 3)
        // No trimming: " NA" is text.
        #expect(try strings(read("a\n NA\nNA\n").table, "a") == [" NA", nil])
    }

    @Test func typeInference() throws {
        let r = try read("n,t,empty,inf\n1,1,,inf\n2e3,x,NA,2\n")
        #expect(try numbers(r.table, "n") == [1, 2000])
        #expect(try strings(r.table, "t") == ["1", "x"])
        #expect(try numbers(r.table, "empty").allSatisfy { $0.isNaN })
        #expect(try strings(r.table, "inf") == ["inf", "2"])
        let grammar = try read("v\n1\n-2.5\n.5\n1e-3\n1E+10\n+3.\n-0\n")
        #expect(try numbers(grammar.table, "v") == [1, -2.5, 0.5, 1e-3, 1e10, 3, 0])
        #expect(try numbers(grammar.table, "v")[6].sign == .minus)
        for notNumber in ["1e", "e5", ".", "-", "1.2.3", "0x10", "1 ", " 1", "Infinity", "nan"] {
            let t = try read("v\n\(notNumber)\n")
            guard case .categorical = try t.table.column(named: "v") else {
                Issue.record("'\(notNumber)' parsed as a number")
                continue
            }
        }
    }

    @Test func levelsSortedByUTF8Bytes() throws {
        let r = try read("g\nb\nä\nB\na\nb\n")
        guard case .categorical(let c) = try r.table.column(named: "g") else {
            Issue.record("not categorical")
            return
        }
        #expect(c.levels == ["B", "a", "b", "ä"])
        #expect(c.codes == [2, 3, 0, 1, 2])
    }

    @Test func underflowIsZeroOverflowIsAnError() throws {
        #expect(try numbers(read("v\n1e-400\n").table, "v") == [0])
        #expect(failure("a,x\n1,2\n2,1e400\n") == "line 3: column 'x': value '1e400' is outside the range of a double")
        // In a column that is text anyway, the same characters are just a level.
        #expect(try strings(read("x\n1e400\nabc\n").table, "x") == ["1e400", "abc"])
    }

    @Test func sha256OfTheWholeInput() throws {
        let text = "\u{FEFF}a,b\n1,2\n"
        let r = try read(text)
        #expect(r.sha256 == SHA256.hexDigest(of: Array(text.utf8)))
        #expect(r.byteCount == text.utf8.count)
    }
}

@Suite struct CSVReaderErrorTests {
    @Test func raggedRows() {
        #expect(failure("a,b,c,d,e\n1,2,3,4,5\n1,2,3,4\n") == "line 3: expected 5 fields but found 4")
        #expect(failure("a,b\n1,2\n1,2,3\n") == "line 3: expected 2 fields but found 3")
        // Embedded newlines count as physical lines.
        #expect(failure("a,b\n\"x\ny\",1\n1\n") == "line 4: expected 2 fields but found 1")
    }

    @Test func unterminatedQuoteNamesItsStartLine() {
        #expect(failure("a,b\n1,2\n3,\"open\nmore\nstill\n") == "line 3: a quoted field starting on this line is never closed (missing closing quote)")
    }

    @Test func quoteInsideUnquotedField() {
        #expect(failure("a\nab\"c\n").hasPrefix("line 2: a quote character appears inside an unquoted field"))
        #expect(failure("a\n\"ab\"c\n").hasPrefix("line 2: unexpected character after the closing quote"))
    }

    @Test func nulAndInvalidUTF8() {
        #expect(failure(bytes: Array("a,b\n1,x".utf8) + [0] + Array("y\n".utf8)) == "line 2: column 'b' contains a NUL byte")
        #expect(failure(bytes: Array("a,b\n1,x".utf8) + [0xFF] + Array("\n".utf8)) == "line 2: column 'b' contains invalid UTF-8")
        #expect(failure(bytes: Array("a,".utf8) + [0xC3] + Array("\n1,2\n".utf8)) == "line 1: header field 2 contains invalid UTF-8")
    }

    @Test func emptyAndHeaderOnly() {
        #expect(failure("") == "<bytes>: file is empty")
        #expect(failure("\n\n") == "<bytes>: file is empty (no header row)")
        #expect(failure("a,b\n") == "<bytes>: has a header but no data rows")
        #expect(failure("a,b\n\n\n") == "<bytes>: has a header but no data rows")
    }

    @Test func unreadableFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("glassbox-csv-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: TabularError.file(path: dir + "/none.csv", message: "no such file")) {
            try CSVReader.read(path: dir + "/none.csv")
        }
        #expect(throws: TabularError.file(path: dir, message: "is a directory, expected a CSV file")) {
            try CSVReader.read(path: dir)
        }
        try AtomicFile.write("a,b\n1,x\n", to: dir + "/ok.csv", force: false)
        let r = try CSVReader.read(path: dir + "/ok.csv")
        #expect(r.table.rowCount == 1)
        #expect(r.sha256 == SHA256.hexDigest(of: Array("a,b\n1,x\n".utf8)))
    }
}

@Suite struct CSVReaderStreamingTests {
    /// A column numeric for many blocks and then text keeps every original string (second pass).
    @Test func lateTextColumnKeepsOriginalStrings() throws {
        var text = "id,v,w\n"
        let n = 30_000
        for i in 0..<n { text += "\(i),\(i % 7 == 0 ? "1.50" : "\(i)"),\(i).25\n" }
        text += "\(n),late,1\n"
        let r = try CSVReader.read(bytes: Array(text.utf8), options: CSVOptions(blockSize: 8192))
        let v = try strings(r.table, "v")
        #expect(v.count == n + 1)
        #expect(v[0] == "1.50")
        #expect(v[1] == "1")
        #expect(v[n] == "late")
        #expect(try numbers(r.table, "w")[n - 1] == Double(n - 1) + 0.25)
        #expect(try numbers(r.table, "id") == (0...n).map(Double.init))
        // Same table whatever the block size.
        let whole = try CSVReader.read(bytes: Array(text.utf8))
        #expect(identical(whole.table, r.table))
    }

    /// Quotes and CRs across block boundaries, with many blocks split across cores.
    @Test func blockBoundariesDoNotMatter() throws {
        var generator = SeededGenerator(seed: 3)
        var text = "a,b,c\r\n"
        let endings = ["\n", "\r\n", "\r"]
        var expectedB: [String] = []
        for i in 0..<20_000 {
            let b = generator.nextInt(below: 10) == 0 ? "q\"\"\n\(i)" : "s\(i % 13)"
            expectedB.append(b.replacingOccurrences(of: "\"\"", with: "\""))
            let quotedB = b.contains("\"") ? "\"\(b)\"" : b
            text += "\(Double(i) / 8),\(quotedB),\(i)" + endings[generator.nextInt(below: 3)]
        }
        let bytes = Array(text.utf8)
        let reference = try CSVReader.read(bytes: bytes, options: CSVOptions(blockSize: 1 << 30))
        #expect(try strings(reference.table, "b") == expectedB)
        for blockSize in [4096, 5000, 65_536, 1 << 20] {
            let r = try CSVReader.read(bytes: bytes, options: CSVOptions(blockSize: blockSize))
            #expect(identical(r.table, reference.table), "block size \(blockSize)")
            #expect(r.sha256 == SHA256.hexDigest(of: bytes))
        }
    }

    /// Blocks over 1 MB are cut into parts at guessed line breaks; a quoted field with line breaks
    /// spanning a cut must void the split, so the result equals an unsplit (small-block) read.
    @Test func quotedLineBreaksAcrossPartCuts() throws {
        var generator = SeededGenerator(seed: 5)
        var text = "x,note,y\n"
        var notes: [String] = []
        for i in 0..<60_000 {
            let lines = generator.nextInt(below: 5) == 0 ? 1 + generator.nextInt(below: 40) : 0
            let note = lines == 0 ? "n\(i % 17)" : (0..<lines).map { "l\($0),\"\"q" }.joined(separator: "\n")
            notes.append(note)
            let field = lines == 0 ? note : "\"" + note.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            text += "\(Double(i) * 0.37),\(field),\(i)\n"
        }
        let bytes = Array(text.utf8)
        #expect(bytes.count > 2 << 20)
        // Most lines lie inside quoted fields, so the cuts of the one big block almost surely do.
        let big = try CSVReader.read(bytes: bytes, options: CSVOptions(blockSize: 1 << 30))
        let small = try CSVReader.read(bytes: bytes, options: CSVOptions(blockSize: 4096))
        #expect(identical(big.table, small.table))
        #expect(try strings(big.table, "note") == notes)
        #expect(try numbers(big.table, "y") == (0..<60_000).map(Double.init))
    }

    /// Large quote-free input goes through the multi-part parallel path; results equal a one-part parse.
    @Test func parallelPartsMatchSequential() throws {
        var generator = SeededGenerator(seed: 11)
        var text = "x,y,z\n"
        for _ in 0..<60_000 {
            text += "\(generator.nextNormal()),\(generator.nextInt(below: 1000)),g\(generator.nextInt(below: 5))\n"
        }
        let bytes = Array(text.utf8)
        let r = try CSVReader.read(bytes: bytes, options: CSVOptions(blockSize: 1 << 21))
        #expect(r.table.rowCount == 60_000)
        // Error line numbers are absolute even when the error lies in a later part.
        let broken = bytes + Array("1,2\n".utf8)
        #expect(failure(bytes: broken, options: CSVOptions(blockSize: 1 << 21)) == "line 60002: expected 3 fields but found 2")
        let lines = text.split(separator: "\n").dropFirst()
        let xs = try numbers(r.table, "x")
        for (i, line) in lines.enumerated() where i % 997 == 0 {
            #expect(xs[i] == Double(String(line.split(separator: ",")[0]))!)
        }
    }
}
