import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import GlassboxCore
import GlassboxTabular
@testable import GlassboxStatFiles
import GlassboxTestSupport

/// Glassbox's tables from Stata, SPSS and SAS files against what pyreadstat reads from the same files
/// (`Tests/Fixtures/statfiles/*.expected.json`, written by `make_statfiles.py`): every value, exactly.
struct StatFileReaderTests {
    static let fixtures = [
        "labelled-113.dta", "labelled-114.dta", "labelled-115.dta", "labelled-117.dta", "labelled-118.dta", "labelled-119.dta",
        "labelled.sav", "labelled.zsav", "pyreadstat-sample.sas7bdat", "pyreadstat-missing.sas7bdat", "macrodata.dta", "strl-118.dta",
    ] + stataFormats.map { "version-\($0).dta" }

    /// Every Stata format from 104 to 119 that Stata released (`STATA_FORMATS` of make_statfiles.py).
    static let stataFormats = [104, 105, 108, 110, 111, 113, 114, 115, 117, 118, 119]

    static func path(_ name: String) -> String { Repository.fixture("statfiles/" + name).path }

    @Test(arguments: fixtures, [false, true])
    func matchesPyreadstat(file: String, keepCodes: Bool) throws {
        let expected = try Fixtures.jsonObject("statfiles/\(file).expected.json")
        let mode = try #require(expected[keepCodes ? "codes" : "labels"] as? [String: Any])
        let result = try StatFileReader.read(path: Self.path(file), options: StatFileOptions(keepValueCodes: keepCodes))
        let table = result.table
        #expect(table.rowCount == mode["rows"] as? Int)
        let columns = try #require(mode["columns"] as? [[String: Any]])
        #expect(table.columnNames == columns.map { $0["name"] as? String ?? "" })
        for spec in columns {
            let name = spec["name"] as? String ?? ""
            let values = try #require(spec["values"] as? [Any])
            let column = try table.column(named: name)
            switch (spec["kind"] as? String, column) {
            case ("numeric", .numeric(let numbers)):
                let wanted = values.map { ($0 as? String).flatMap(Double.init) }
                for (i, value) in numbers.enumerated() {
                    if let w = wanted[i] {
                        #expect(value.bitPattern == w.bitPattern || (value == 0 && w == 0), "\(file) \(name)[\(i)]: \(value) ≠ \(w)")
                    } else {
                        #expect(value.isNaN, "\(file) \(name)[\(i)]: \(value), expected missing")
                    }
                }
            case ("categorical", .categorical(let categorical)):
                let got = categorical.codes.map { $0 < 0 ? nil : categorical.levels[Int($0)] }
                #expect(got == values.map { $0 as? String }, "\(file) \(name)")
                #expect(categorical.levels == categorical.levels.sorted(by: CategoricalColumn.precedes))
            default:
                Issue.record("\(file) \(name): expected \(spec["kind"] ?? "?"), got \(column)")
            }
        }
    }

    /// The version fixtures are of the format their name says: the first byte for 104–115, the `<release>`
    /// element of the XML-like header for 117 and later.
    @Test(arguments: stataFormats.map { "version-\($0).dta" } + ["labelled-115.dta", "labelled-119.dta", "strl-118.dta"])
    func fixtureHasItsFormat(file: String) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.path(file))).prefix(64))
        let format = try #require(Int(file.filter(\.isNumber).prefix(3)))
        if format < 117 {
            #expect(Int(bytes[0]) == format)
        } else {
            #expect(String(decoding: bytes, as: UTF8.self).contains("<release>\(format)</release>"))
        }
    }

    /// A strL column (format 118, written by ReadStat's writer): a 3,000-byte text, UTF-8 with a quote and a
    /// comma, and an empty text read as missing; the other variables as in every version file.
    @Test func strLColumnOfFormat118() throws {
        let table = try StatFileReader.read(path: Self.path("strl-118.dta")).table
        guard case .categorical(let note) = try table.column(named: "note") else { Issue.record("note is not text"); return }
        let values = note.codes.map { $0 < 0 ? nil : note.levels[Int($0)] }
        let long = String(repeating: "glassbox", count: 375)
        #expect(values == [long, "Zoë, ä \"quoted\"", "short", long, "Zoë, ä \"quoted\"", nil])
        #expect(table.columnNames == ["score", "party", "name", "born", "count", "note"])
    }

    /// Inputs the fuzz target (Fuzz/StatFileFuzz.swift) found crashing, in `statfiles/malformed`: each is read
    /// or refused with a `TabularError`. `unterminated-label-name.dta` (format 104) has a value-label set name
    /// without its NUL, which ReadStat hands over as it is in the file: it was read with `strlen` past the end
    /// of ReadStat's buffer (AddressSanitizer: heap-buffer-overflow), and is now read up to the field's width.
    @Test func fuzzFoundInputsAreReadOrRefused() throws {
        let folder = Repository.fixture("statfiles/malformed").path
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names.contains("unterminated-label-name.dta"))
        for name in names {
            do { _ = try StatFileReader.read(path: folder + "/" + name) } catch is TabularError {}
        }
        #expect(throws: TabularError.self) { try StatFileReader.read(path: folder + "/unterminated-label-name.dta") }
    }

    /// A label-set name is read up to its field's width when the file leaves out the NUL.
    @Test func labelSetNameStopsAtTheFieldWidth() {
        let bytes: [CChar] = Array("partylblXYZ".utf8CString.dropLast()).map { CChar(bitPattern: UInt8(bitPattern: $0)) }
        let name = bytes.withUnsafeBufferPointer { StatFileParse.text($0.baseAddress!, width: 9) }
        #expect(name == "partylblX")
        let parse = StatFileParse(path: "x.dta", format: .stata, options: StatFileOptions(), fileBytes: 0)
        for (version, width) in [(104, 9), (108, 9), (110, 33), (117, 33), (118, 129), (119, 129)] {
            _ = parse.metadata(rowCount: 0, variableCount: 0, formatVersion: version)
            #expect(parse.labelSetNameWidth == width)
        }
    }

    @Test func digestAndSizeAreTheWholeFile() throws {
        let path = Self.path("labelled-118.dta")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let result = try StatFileReader.read(path: path)
        #expect(result.byteCount == bytes.count)
        #expect(result.sha256 == SHA256.hexDigest(of: bytes))
    }

    @Test func warningsCountSpecialMissingValuesAndDates() throws {
        let stata = try StatFileReader.read(path: Self.path("labelled-118.dta")).warnings
        #expect(stata.contains("column 'score': 2 extended missing values (.a–.z) read as missing"))
        #expect(stata.contains("column 'party': 1 values have no value label; their codes became levels"))
        #expect(stata.contains("column 'born': Stata dates read as days since 1970-01-01"))
        #expect(stata.contains("column 'seen': Stata date-times read as seconds since 1970-01-01 00:00:00"))
        let spss = try StatFileReader.read(path: Self.path("labelled.sav")).warnings
        #expect(spss.contains("column 'score': 2 user-defined missing values read as missing"))
        let sas = try StatFileReader.read(path: Self.path("pyreadstat-missing.sas7bdat")).warnings
        #expect(sas.contains("column 'var1': 1 special missing values (.A–.Z, ._) read as missing"))
    }

    @Test func projectionReadsOnlyTheNamedVariablesInFileOrder() throws {
        let path = Self.path("labelled-118.dta")
        let whole = try StatFileReader.read(path: path).table
        let some = try StatFileReader.read(path: path, options: StatFileOptions(columns: ["seen", "party"])).table
        #expect(some.columnNames == ["party", "seen"])
        #expect(try some.column(named: "party") == whole.column(named: "party"))
        // Compared bit for bit: the column has a missing value (NaN ≠ NaN).
        guard case .numeric(let a) = try some.column(named: "seen"), case .numeric(let b) = try whole.column(named: "seen") else {
            Issue.record("'seen' is not numeric"); return
        }
        #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
        #expect(throws: TabularError.unknownColumn("nope", available: whole.columnNames)) {
            try StatFileReader.read(path: path, options: StatFileOptions(columns: ["party", "nope"]))
        }
    }

    @Test func tableLargerThanTheLimitIsRefused() throws {
        var options = StatFileOptions()
        options.maximumTableBytes = 100
        options.maximumTableBytesSource = "the test's limit"
        let path = Self.path("synthetic-logit.dta")
        #expect(throws: TabularError.file(path: path, message: "the table (3000 rows × 9 columns × 8 bytes) needs more than 100 bytes of memory, the test's limit; read fewer columns or use a machine with more memory")) {
            try StatFileReader.read(path: path, options: options)
        }
    }

    @Test func progressReportsTheBytesParsed() throws {
        let updates = LockedValue<[ProgressUpdate]>([])
        let observer = ProgressObserver { update in updates.withLock { $0.append(update) } }
        let path = Self.path("synthetic-logit.sav")
        let result = try StatFileReader.read(path: path, progress: observer)
        let all = updates.withLock { $0 }
        #expect(all.first?.task == "reading synthetic-logit.sav" && all.first?.completed == 0)
        #expect(all.last?.finished == true && all.last?.total == result.byteCount)
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.completed <= $1.completed })
    }

    @Test func formatIsChosenByExtension() {
        #expect(StatFileFormat(path: "a/b.DTA") == .stata)
        #expect(StatFileFormat(path: "x.zsav") == .spss)
        #expect(StatFileFormat(path: "x.sav") == .spss)
        #expect(StatFileFormat(path: "x.sas7bdat") == .sas)
        #expect(StatFileFormat(path: "x.csv") == nil)
        #expect(StatFileFormat(path: "dta") == nil)
        #expect(StatFileFormat(path: ".dta") == nil)
        #expect(StatFileFormat(path: "dir.dta/file") == nil)
    }

    @Test func temporalFormats() {
        #expect(StatFileTemporal(format: "%td", in: .stata) == .date)
        #expect(StatFileTemporal(format: "%-tdCCYY-NN-DD", in: .stata) == .date)
        #expect(StatFileTemporal(format: "%tc", in: .stata) == .dateTime)
        #expect(StatFileTemporal(format: "%tm", in: .stata) == nil)
        #expect(StatFileTemporal(format: "%9.0g", in: .stata) == nil)
        #expect(StatFileTemporal(format: "DATETIME23.2", in: .spss) == .dateTime)
        #expect(StatFileTemporal(format: "ADATE10", in: .spss) == .date)
        #expect(StatFileTemporal(format: "F8.2", in: .spss) == nil)
        #expect(StatFileTemporal(format: "YYMMDDS10", in: .sas) == .date)
        #expect(StatFileTemporal(format: "E8601DT", in: .sas) == .dateTime)
        #expect(StatFileTemporal(format: "BEST12", in: .sas) == nil)
        // 2001-09-09 01:46:40 UTC is 1e9 s after 1970: Stata ms since 1960, SPSS s since 1582-10-14.
        #expect(StatFileTemporal.dateTime.convert(1_315_619_200_000, from: .stata) == 1e9)
        #expect(StatFileTemporal.dateTime.convert(13_219_379_200, from: .spss) == 1e9)
        #expect(StatFileTemporal.date.convert(3653, from: .sas) == 0)
    }
}

/// Files that are not what their name says: each a specific message naming the file.
struct StatFileReaderErrorTests {
    static func scratchFile(_ name: String, _ bytes: [UInt8]) throws -> (Scratch, String) {
        let scratch = try Scratch()
        let path = scratch.path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (scratch, path)
    }

    @Test func missingFile() {
        #expect(throws: GlassboxCoreError.noSuchFile(path: "/nonexistent/x.dta")) {
            try StatFileReader.read(path: "/nonexistent/x.dta")
        }
    }

    @Test func unsupportedExtension() throws {
        let (scratch, path) = try Self.scratchFile("data.xlsx", Array("a,b\n1,2\n".utf8))
        defer { scratch.cleanup() }
        #expect(throws: TabularError.file(path: path, message: "is not a Stata (.dta), SPSS (.sav, .zsav) or SAS (.sas7bdat) file name; these are read by their extension")) {
            try StatFileReader.read(path: path)
        }
    }

    @Test(arguments: ["dta", "sav", "zsav", "sas7bdat"])
    func corruptFile(ext: String) throws {
        let (scratch, path) = try Self.scratchFile("corrupt.\(ext)", Array("y,x\n1,2\n0,3\n".utf8) + [UInt8](repeating: 0xA5, count: 600))
        defer { scratch.cleanup() }
        let error = #expect(throws: TabularError.self) { try StatFileReader.read(path: path) }
        guard case let .file(errorPath, message)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(errorPath == path)
        #expect(message.hasPrefix("cannot be read as \(StatFileFormat(path: path)!.packageNameWithArticle) file: "), "\(message)")
    }

    @Test(arguments: ["labelled-118.dta", "labelled-114.dta", "labelled.sav", "labelled.zsav", "pyreadstat-sample.sas7bdat"])
    func truncatedFile(name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Repository.fixture("statfiles/" + name)))
        let (scratch, path) = try Self.scratchFile("truncated-" + name, Array(bytes.prefix(bytes.count * 2 / 3)))
        defer { scratch.cleanup() }
        let error = #expect(throws: TabularError.self) { try StatFileReader.read(path: path) }
        guard case let .file(errorPath, message)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(errorPath == path)
        #expect(message.hasPrefix("cannot be read as "), "\(message)")
    }

    @Test func pipeIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let path = scratch.path("pipe.dta")
        #expect(mkfifo(path, 0o600) == 0)
        #expect(throws: TabularError.file(path: path, message: "is not a regular file; a Stata file must be a file on disk, since it is read out of order")) {
            try StatFileReader.read(path: path)
        }
    }

    @Test func emptyFile() throws {
        let (scratch, path) = try Self.scratchFile("empty.dta", [])
        defer { scratch.cleanup() }
        #expect(throws: TabularError.self) { try StatFileReader.read(path: path) }
    }
}
