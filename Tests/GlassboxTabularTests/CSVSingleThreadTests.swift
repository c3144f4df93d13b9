import Foundation
import Testing
@testable import GlassboxCore
@testable import GlassboxTabular
import GlassboxTestSupport

/// The single-threaded path for small inputs (``CSVThreading``) must agree with the threaded
/// pipeline on everything: table, warnings, digest, byte count and error message.
@Suite struct CSVSingleThreadTests {
    /// Everything a read produces, or its error, as one comparable description.
    struct Outcome: Equatable, CustomStringConvertible {
        var table: Table?
        var warnings: [String] = []
        var sha256 = ""
        var byteCount = 0
        var error: String?

        static func == (a: Outcome, b: Outcome) -> Bool {
            guard a.error == b.error, a.warnings == b.warnings, a.sha256 == b.sha256, a.byteCount == b.byteCount else {
                return false
            }
            switch (a.table, b.table) {
            case (nil, nil): return true
            case let (x?, y?): return identical(x, y)
            default: return false
            }
        }

        var description: String {
            error.map { "error \($0)" } ?? "\(table?.rowCount ?? -1) rows, sha \(sha256), warnings \(warnings)"
        }
    }

    static func outcome(_ bytes: [UInt8], _ options: CSVOptions, _ threading: CSVThreading) -> Outcome {
        var source = CSVMemorySource(bytes: bytes)
        do {
            let r = try CSVReader.read(source: &source, options: options, threading: threading)
            return Outcome(table: r.table, warnings: r.warnings, sha256: r.sha256, byteCount: r.byteCount)
        } catch {
            return Outcome(table: nil, error: "\(error)")
        }
    }

    static func expectSame(_ bytes: [UInt8], label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for delimiter in [UInt8(ascii: ","), UInt8(ascii: ";")] {
            for blockSize in [4096, 16 << 20] {
                let options = CSVOptions(delimiter: delimiter, blockSize: blockSize)
                let threaded = outcome(bytes, options, .threaded)
                let single = outcome(bytes, options, .singleThreaded)
                #expect(single == threaded, "\(label), delimiter \(delimiter), block \(blockSize)",
                        sourceLocation: sourceLocation)
            }
        }
    }

    static let malformedDirectory = Repository.fixture("malformed")

    @Test func malformedCorpusCSVsGiveTheSameResultOnBothPaths() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.malformedDirectory.path)
            .filter { $0.hasSuffix(".csv") }.sorted()
        #expect(names.count >= 30)
        var errors = 0
        for name in names {
            let bytes = try [UInt8](Data(contentsOf: Self.malformedDirectory.appendingPathComponent(name)))
            Self.expectSame(bytes, label: name)
            if Self.outcome(bytes, CSVOptions(), .singleThreaded).error != nil { errors += 1 }
        }
        // The corpus holds both accepted and rejected files, so both outcomes are compared.
        #expect(errors > 5 && errors < names.count)
    }

    /// Random CSV-like bytes built from the tokens that matter to the parser (quotes, delimiters,
    /// every line ending, numbers, missing tokens, text, overflow), several blocks long, so rows
    /// and quoted fields straddle 4 KiB blocks and columns turn to text late (second pass).
    @Test func randomInputsGiveTheSameResultOnBothPaths() {
        var rng = SeededGenerator(seed: 20_261_129)
        let tokens: [String] = ["1", "-2.5", "3e7", "0", "1e400", "NA", "", "NaN", "x", "yes", "\"", "\"\"",
                                "\"a,b\"", "\"l1\nl2\"", ",", ";", "\n", "\r\n", "\r", " ", "inf", "0,5", "\u{FEFF}"]
        var agreedErrors = 0
        for trial in 0..<150 {
            var text = trial % 3 == 0 ? "a,b,c\n" : "a;b;c\n"
            let length = [10, 200, 3000][trial % 3]
            for _ in 0..<length {
                // Mostly well-formed numeric rows, with rarer structural tokens.
                if rng.nextBernoulli(0.7) {
                    text += "\(rng.nextInt(below: 1000)),\(rng.nextNormal()),\(rng.nextInt(below: 3))\n"
                } else {
                    text += tokens[rng.nextInt(below: tokens.count)]
                }
            }
            let bytes = Array(text.utf8)
            Self.expectSame(bytes, label: "trial \(trial)")
            if Self.outcome(bytes, CSVOptions(), .singleThreaded).error != nil { agreedErrors += 1 }
        }
        #expect(agreedErrors > 0)
    }

    @Test func lateTextColumnUsesTheSecondPassOnBothPaths() throws {
        // 'b' is numeric for more than one 4 KiB block, then holds text: the reader re-reads it.
        var text = "a,b\n"
        for i in 0..<2000 { text += "\(i),\(Double(i) / 7)\n" }
        text += "2000,late\n"
        let bytes = Array(text.utf8)
        Self.expectSame(bytes, label: "late text")
        let single = Self.outcome(bytes, CSVOptions(blockSize: 4096), .singleThreaded)
        let b = try #require(single.table).columns[1]
        guard case let .categorical(column) = b else {
            Issue.record("column b should be categorical")
            return
        }
        #expect(column.levels.contains("late"))
        #expect(column.codes.count == 2001)
    }

    @Test func automaticChoiceFollowsSourceAndSize() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("csv-threading-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let small = scratch.appendingPathComponent("small.csv").path
        let large = scratch.appendingPathComponent("large.csv").path
        try "a,b\n1,2\n".write(toFile: small, atomically: false, encoding: .utf8)
        var big = "a,b\n"
        big.reserveCapacity(1 << 21)
        while big.utf8.count <= CSVThreading.singleThreadedFileLimit { big += "12345,67890\n" }
        try big.write(toFile: large, atomically: false, encoding: .utf8)

        let memory = CSVMemorySource(bytes: Array(big.utf8))
        #expect(CSVThreading.automatic.isSingleThreaded(for: memory, blockSize: 4096))
        let smallFile = try CSVFileSource(path: small)
        defer { smallFile.close() }
        #expect(smallFile.stableSize == 8)
        #expect(CSVThreading.automatic.isSingleThreaded(for: smallFile, blockSize: 16 << 20))
        // A small file with a block smaller than it keeps the threaded pipeline.
        #expect(!CSVThreading.automatic.isSingleThreaded(for: smallFile, blockSize: 4))
        let largeFile = try CSVFileSource(path: large)
        defer { largeFile.close() }
        #expect(!CSVThreading.automatic.isSingleThreaded(for: largeFile, blockSize: 16 << 20))
        #expect(!CSVThreading.threaded.isSingleThreaded(for: memory, blockSize: 4096))
        #expect(CSVThreading.singleThreaded.isSingleThreaded(for: largeFile, blockSize: 16 << 20))

        // Files read either way give the same result as the threaded path.
        for path in [small, large] {
            let automatic = try CSVReader.read(path: path)
            var source = try CSVFileSource(path: path)
            defer { source.close() }
            let threaded = try CSVReader.read(source: &source, options: CSVOptions(), threading: .threaded)
            #expect(identical(automatic.table, threaded.table))
            #expect(automatic.sha256 == threaded.sha256)
            #expect(automatic.byteCount == threaded.byteCount)
        }
    }
}
