import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import GlassboxCore
@testable import GlassboxTabular

/// Timing runs, only with `GLASSBOX_BENCH=<path to CSV>` in a release build:
///
///     swift build -c release --build-tests
///     GLASSBOX_BENCH=Benchmarks/data/numeric_1000000x30.csv swift test -c release --skip-build --filter CSVBenchmark
///
/// Prints figures; asserts nothing about time (machines differ).
enum CSVBenchmarkError: Error { case notNumeric(String) }

@Suite(.enabled(if: ProcessInfo.processInfo.environment["GLASSBOX_BENCH"] != nil))
struct CSVBenchmarkTests {
    let path = ProcessInfo.processInfo.environment["GLASSBOX_BENCH"] ?? ""

    @Test func readBenchmarkFile() throws {
        let start = Date()
        let result = try CSVReader.read(path: path)
        let seconds = Date().timeIntervalSince(start)
        let mb = Double(result.byteCount) / 1e6
        print("CSVReader.read: \(result.table.rowCount) rows × \(result.table.columnNames.count) columns, "
            + "\(String(format: "%.1f", mb)) MB in \(String(format: "%.3f", seconds)) s "
            + "(\(String(format: "%.0f", mb / seconds)) MB/s), sha256 \(result.sha256)")
        #expect(result.table.rowCount > 0)
    }

    /// Every number of the benchmark file, as read, is bit-identical to `strtod` on its text
    /// (correct rounding end to end, through the parallel and fast paths).
    @Test func benchmarkFileMatchesStrtod() throws {
        let result = try CSVReader.read(path: path)
        let columns = try result.table.columnNames.map { name -> [Double] in
            guard case .numeric(let v) = try result.table.column(named: name) else { throw CSVBenchmarkError.notNumeric(name) }
            return v
        }
        let source = try CSVFileSource(path: path)
        defer { source.close() }
        let capacity = 1 << 20
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity + 1)
        defer { bytes.deallocate() }
        var field = [CChar](repeating: 0, count: 64)
        var fieldLength = 0
        var row = -1            // header first
        var column = 0
        var mismatches = 0
        while true {
            let n = try source.read(into: bytes, count: capacity)
            for k in 0..<n {
                let c = bytes[k]
                if c == UInt8(ascii: ",") || c == 10 {
                    if row >= 0 && fieldLength > 0 {
                        field[fieldLength] = 0
                        let expected = strtod(field, nil)
                        if columns[column][row].bitPattern != expected.bitPattern { mismatches += 1 }
                    }
                    fieldLength = 0
                    column += 1
                    if c == 10 { row += 1; column = 0 }
                } else if fieldLength < 63 {
                    field[fieldLength] = CChar(bitPattern: c)
                    fieldLength += 1
                }
            }
            if n < capacity { break }
        }
        print("checked \(row) rows × \(columns.count) columns against strtod: \(mismatches) mismatches")
        #expect(row == result.table.rowCount)
        #expect(mismatches == 0)
    }

    /// Single-threaded parse of the first 64 MB (no reading, hashing or merging): the hot loop alone.
    @Test func chunkParseThroughput() throws {
        let source = try CSVFileSource(path: path)
        defer { source.close() }
        let capacity = 64 << 20
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { bytes.deallocate() }
        let count = try source.read(into: bytes, count: capacity)
        var headerEnd = 0
        while headerEnd < count && bytes[headerEnd] != 10 { headerEnd += 1 }
        let columns = UnsafeBufferPointer(start: bytes, count: headerEnd).reduce(1) { $0 + ($1 == UInt8(ascii: ",") ? 1 : 0) }
        let special = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        defer { special.deallocate() }
        special.initialize(repeating: 0, count: 256)
        for c in [UInt8(ascii: ","), 10, 13, UInt8(ascii: "\"")] { special[Int(c)] = 1 }
        let parser = CSVChunkParser(names: (0..<columns).map { "c\($0)" }, modes: [CSVColumnMode](repeating: .numeric, count: columns),
                                    delimiter: UInt8(ascii: ","), missing: [[]], missingMaxLength: 0, special: UnsafePointer(special))
        let buffer = CSVColumnBuffer()
        var best = Double.infinity
        var result = CSVChunkResult()
        for _ in 0..<8 {
            let start = Date()
            result = parser.parse(base: UnsafePointer(bytes), start: headerEnd + 1, end: count, final: false, buffer: buffer)
            best = min(best, Date().timeIntervalSince(start))
        }
        let fields = Double(result.rows * columns)
        print("chunk parse: \(result.rows) rows, \(String(format: "%.0f", Double(result.consumed) / 1e6 / best)) MB/s, "
            + "\(String(format: "%.1f", best * 1e9 / fields)) ns/field (best of 8, one thread)")
        #expect(result.rows > 0 && result.failedNumeric.isEmpty)
    }

    @Test func sha256Throughput() throws {
        let bytes = [UInt8](repeating: 0x5A, count: 256 << 20)
        let start = Date()
        let digest = SHA256.hexDigest(of: bytes)
        let seconds = Date().timeIntervalSince(start)
        print("SHA-256: \(String(format: "%.0f", Double(bytes.count) / 1e6 / seconds)) MB/s (\(digest.prefix(8))…)")
        #expect(digest.count == 64)
    }
}
