import Foundation
import Testing
@testable import GlassboxCore
@testable import GlassboxTabular
import GlassboxTestSupport

/// ``CSVOptions/columns``: a projected read must give exactly the whole-file read restricted to the
/// requested columns (numbers bit for bit, levels and their order, missing values), the same digest,
/// warnings and structural errors, on every reading path (threaded, single-threaded, small blocks).
@Suite struct CSVColumnProjectionTests {
    /// The whole-file table restricted to `names` (kept in file order).
    static func restricted(_ table: Table, to names: Set<String>) throws -> Table {
        let kept = table.columnNames.indices.filter { names.contains(table.columnNames[$0]) }
        return try Table(names: kept.map { table.columnNames[$0] }, columns: kept.map { table.columns[$0] })
    }

    static func read(_ bytes: [UInt8], _ options: CSVOptions, _ threading: CSVThreading) -> Result<CSVReadResult, Error> {
        var source = CSVMemorySource(bytes: bytes)
        return Result { try CSVReader.read(source: &source, options: options, threading: threading) }
    }

    /// Compares every projection in `selections` with the whole read, on both paths and two block sizes.
    /// When the whole read fails, a projection fails with the same message, unless that message is
    /// about the content of a column the projection leaves out (those fields are not parsed).
    static func expectProjectionsMatch(_ bytes: [UInt8], selections: [Set<String>], delimiter: UInt8 = UInt8(ascii: ","),
                                       label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for threading in [CSVThreading.threaded, .singleThreaded] {
            for blockSize in [4096, 16 << 20] {
                let options = CSVOptions(delimiter: delimiter, blockSize: blockSize)
                let whole = read(bytes, options, threading)
                for selection in selections {
                    var projected = options
                    projected.columns = selection
                    let part = read(bytes, projected, threading)
                    let context = "\(label), columns \(selection.sorted()), block \(blockSize), \(threading)"
                    switch (whole, part) {
                    case let (.success(w), .success(p)):
                        let expected = try? restricted(w.table, to: selection)
                        #expect(expected.map { identical($0, p.table) } == true, "\(context)", sourceLocation: sourceLocation)
                        #expect(p.sha256 == w.sha256 && p.byteCount == w.byteCount && p.warnings == w.warnings,
                                "\(context)", sourceLocation: sourceLocation)
                    case let (.failure(w), .failure(p)):
                        #expect("\(p)" == "\(w)" || !namesOnlySelected("\(w)", selection), "\(context): \(p) vs \(w)",
                                sourceLocation: sourceLocation)
                    case let (.failure(w), .success):
                        #expect(!namesOnlySelected("\(w)", selection), "\(context): whole read failed with \(w)",
                                sourceLocation: sourceLocation)
                    case let (.success, .failure(p)):
                        Issue.record("\(context): projected read failed with \(p)", sourceLocation: sourceLocation)
                    }
                }
            }
        }
    }

    /// Whether an error message is structural or about a selected column (so a projection must repeat it).
    static func namesOnlySelected(_ message: String, _ selection: Set<String>) -> Bool {
        guard let range = message.range(of: "column '") else { return true }
        let rest = message[range.upperBound...]
        guard let close = rest.firstIndex(of: "'") else { return true }
        return selection.contains(String(rest[..<close]))
    }

    /// Every non-empty subset of `names`.
    static func subsets(_ names: [String]) -> [Set<String>] {
        (1..<(1 << names.count)).map { mask in Set(names.indices.filter { mask & (1 << $0) != 0 }.map { names[$0] }) }
    }

    @Test func trickyFieldsInSkippedColumns() {
        // Quoted delimiters and line breaks, doubled quotes, CRLF and lone CR, missing tokens, a BOM,
        // blank lines, an empty and a repeated header name.
        let text = "\u{FEFF}id,note,,score,note,grp\r\n"
            + "1,\"a, \"\"quoted\"\"\r\nnote\",x,0.25,plain,B\r\n"
            + "2,,y,NA,\"multi\nline\",A\r\n"
            + "\r\n"
            + "3,\"c\",,1e-3,\"\",B\r"
            + "4,NA,z,-7,\"d,e\",\r\n"
            + "5,last,w,2,f,A"
        let bytes = Array(text.utf8)
        let names = ["id", "note", "Unnamed: 2", "score", "note.1", "grp"]
        Self.expectProjectionsMatch(bytes, selections: Self.subsets(names), label: "tricky")
        let r = try? CSVReader.read(bytes: bytes, options: { var o = CSVOptions(); o.columns = ["grp", "score"]; return o }())
        #expect(r?.table.columnNames == ["score", "grp"])
        #expect(r?.warnings.count == 2)
    }

    @Test func raggedRowsAndBadQuotesFailAsInAWholeRead() throws {
        let inputs = [
            "a,b,c\n1,2,3\n4,5\n",                      // too few fields
            "a,b,c\n1,2,3\n4,5,6,7\n",                  // too many fields
            "a,b,c\n1,\"x\"y,3\n",                      // text after a closing quote, in a column left out
            "a,b,c\n1,x\"y,3\n",                        // quote inside an unquoted field
            "a,b,c\n1,\"never closed,3\n4,5,6\n",       // unclosed quote
        ]
        for text in inputs {
            let bytes = Array(text.utf8)
            Self.expectProjectionsMatch(bytes, selections: Self.subsets(["a", "b", "c"]), label: text)
            var options = CSVOptions()
            options.columns = ["a"]
            #expect(throws: (any Error).self) { try CSVReader.read(bytes: bytes, options: options) }
        }
    }

    @Test func missingRequestedColumnNamesItLikeATableLookup() throws {
        let bytes = Array("a,b,c\n1,2,3\n".utf8)
        var options = CSVOptions()
        options.columns = ["b", "zz", "yy"]
        let whole = try CSVReader.read(bytes: bytes).table
        var lookup: Error?
        do { _ = try whole.column(named: "yy") } catch { lookup = error }
        var projected: Error?
        do { _ = try CSVReader.read(bytes: bytes, options: options) } catch { projected = error }
        #expect(projected as? TabularError == TabularError.unknownColumn("yy", available: ["a", "b", "c"]))
        #expect(projected.map { "\($0)" } == lookup.map { "\($0)" })
    }

    @Test func randomInputsProjectLikeTheWholeRead() {
        var rng = SeededGenerator(seed: 20_261_206)
        let tokens: [String] = ["1", "-2.5", "3e7", "0", "1e400", "NA", "", "NaN", "x", "yes", "\"", "\"\"",
                                "\"a,b\"", "\"l1\nl2\"", ",", "\n", "\r\n", "\r", " ", "inf", "\"q\"", "\u{FEFF}"]
        for trial in 0..<60 {
            var text = "a,b,c,d\n"
            let length = [10, 200, 3000][trial % 3]
            for _ in 0..<length {
                if rng.nextBernoulli(0.8) {
                    text += "\(rng.nextInt(below: 1000)),\(rng.nextNormal()),\(rng.nextInt(below: 3)),t\(rng.nextInt(below: 5))\n"
                } else {
                    text += tokens[rng.nextInt(below: tokens.count)]
                }
            }
            Self.expectProjectionsMatch(Array(text.utf8), selections: [["a"], ["b", "d"], ["c"], ["a", "b", "c", "d"]],
                                        label: "trial \(trial)")
        }
    }

    @Test func lateTextAndLargeBlocksSplitAcrossCores() {
        // More than 1 MiB, so a 16 MiB block is cut into chunks parsed concurrently; 'b' turns to
        // text after the first 4 KiB block (second pass), 'd' holds quoted text with delimiters.
        var text = "a,b,c,d\n"
        var i = 0
        while text.utf8.count < (3 << 19) {
            text += "\(i),\(Double(i) / 7),\(i % 3 == 0 ? "NA" : "\(i % 5)"),\(i % 11 == 0 ? "\"x,\(i % 4)\"" : "y\(i % 3)")\n"
            i += 1
        }
        text += "\(i),late,1,z\n"
        Self.expectProjectionsMatch(Array(text.utf8), selections: [["a"], ["b"], ["a", "d"], ["c", "d"]], label: "large")
    }

    /// Text fields of every length 0…20 at every offset, with multi-byte UTF-8, 0x01 bytes (which a
    /// word-at-a-time scan must not mistake for a stop byte) and all three line endings: the values
    /// read are exactly the texts written, in read and in skipped columns.
    @Test func textFieldsOfEveryLengthAndOffset() throws {
        let alphabet = ["a", "é", "\u{01}", "z", "€", "7", " "]
        var text = "t,n,u\n"
        var expected: [String] = []
        let endings = ["\n", "\r\n", "\r"]
        for i in 0..<400 {
            let length = i % 21
            let field = (0..<length).map { alphabet[($0 * 3 + i) % alphabet.count] }.joined()
            let value = field.isEmpty || field == "7" ? "x" : field
            expected.append(value)
            text += "\(value),\(i),\(value)" + endings[i % 3]
        }
        let bytes = Array(text.utf8)
        let table = try CSVReader.read(bytes: bytes).table
        guard case let .categorical(t) = try table.column(named: "t") else {
            Issue.record("t should be text")
            return
        }
        #expect(t.codes.map { t.levels[Int($0)] } == expected)
        Self.expectProjectionsMatch(bytes, selections: Self.subsets(["t", "n", "u"]), label: "text lengths")
    }

    @Test func semicolonDelimiterAndFile() throws {
        let text = "x;y;z\n1;\"a;b\";3\n4;c;NA\n"
        Self.expectProjectionsMatch(Array(text.utf8), selections: Self.subsets(["x", "y", "z"]),
                                    delimiter: UInt8(ascii: ";"), label: "semicolon")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("projection-\(UUID().uuidString).csv").path
        try "a,b\n1,x\n2,y\n".write(toFile: path, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = CSVOptions()
        options.columns = ["b"]
        let projected = try CSVReader.read(path: path, options: options)
        let whole = try CSVReader.read(path: path)
        #expect(identical(projected.table, try Self.restricted(whole.table, to: ["b"])))
        #expect(projected.sha256 == whole.sha256)
    }
}

/// ``CSVReader/headerNames(path:options:)`` and a read of no column.
@Suite("CSV header names and empty projections")
struct CSVHeaderNamesTests {
    @Test func headerNamesAreTheTablesNames() throws {
        let text = "\u{FEFF}a,,a,\"b\nc\",d\n1,2,3,4,5\n"
        let names = try CSVReader.headerNames(bytes: Array(text.utf8))
        #expect(names == ["a", "Unnamed: 1", "a.1", "b\nc", "d"])
        #expect(names == (try CSVReader.read(bytes: Array(text.utf8)).table.columnNames))
        // A header longer than one read step.
        let long = (0..<20_000).map { "column\($0)" }.joined(separator: ";") + "\n" + (0..<20_000).map(String.init).joined(separator: ";")
        var options = CSVOptions()
        options.delimiter = UInt8(ascii: ";")
        #expect(try CSVReader.headerNames(bytes: Array(long.utf8), options: options).count == 20_000)
    }

    @Test func headerErrorsAreTheReadsErrors() {
        #expect(throws: TabularError.self) { try CSVReader.headerNames(bytes: []) }
        #expect(throws: TabularError.self) { try CSVReader.headerNames(bytes: [0x1F, 0x8B, 8, 0]) }
        #expect(throws: TabularError.self) { try CSVReader.headerNames(bytes: Array("\"a,b\n".utf8)) }
    }

    @Test("reading no column keeps the row count")
    func emptyProjectionKeepsRows() throws {
        var options = CSVOptions()
        options.columns = []
        let table = try CSVReader.read(bytes: Array("a,b\n1,x\n2,y\n3,z\n".utf8), options: options).table
        #expect(table.rowCount == 3 && table.columnNames.isEmpty)
    }
}

/// Runs of skipped columns are stepped over eight bytes at a time (counting delimiters up to the first
/// line break, CR or quote): the projection stays the whole read's on wide records with fields of every
/// length, empty fields, quoted fields (with delimiters and line breaks inside), CRLF and CR endings,
/// short and long records.
@Suite struct CSVSkipRunTests {
    @Test func wideRecordsMatchTheWholeRead() {
        var generator = SeededGenerator(seed: 15_002)
        for trial in 0..<40 {
            let columns = 3 + Int(generator.next() % 40)
            let names = (0..<columns).map { "c\($0)" }
            let ending = ["\n", "\r\n", "\r"][trial % 3]
            var text = names.joined(separator: ",") + ending
            for _ in 0..<(1 + Int(generator.next() % 60)) {
                var fields = [String]()
                for _ in 0..<columns {
                    let kind = generator.next() % 10
                    let length = Int(generator.next() % 20)
                    switch kind {
                    case 0: fields.append("")
                    case 1: fields.append("\"q,\(String(repeating: "x", count: length))\nz\"")
                    case 2: fields.append(String(repeating: "ab", count: length))
                    default: fields.append(String(Int(generator.next() % 1_000_000_000)).prefix(max(1, length)).description)
                    }
                }
                if trial % 7 == 6 && generator.next() % 5 == 0 { fields.removeLast() }   // a short record: an error either way
                text += fields.joined(separator: ",") + ending
            }
            var selections: [Set<String>] = [[names[0]], [names[columns - 1]], [names[columns / 2]], [names[0], names[columns - 1]]]
            selections.append(Set(names.indices.filter { $0 == 1 || generator.next() % 4 == 0 }.map { names[$0] }))
            CSVColumnProjectionTests.expectProjectionsMatch(Array(text.utf8), selections: selections, label: "trial \(trial)")
        }
    }
}
