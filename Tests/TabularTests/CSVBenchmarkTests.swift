import Foundation
import Testing
import GlassboxCore
@testable import Tabular

/// Timing runs, only with `GLASSBOX_BENCH=<path to CSV>` in a release build:
///
///     swift build -c release --build-tests
///     GLASSBOX_BENCH=Benchmarks/data/numeric_1000000x30.csv swift test -c release --skip-build --filter CSVBenchmark
///
/// Prints figures; asserts nothing about time (machines differ).
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

    @Test func sha256Throughput() throws {
        let bytes = [UInt8](repeating: 0x5A, count: 256 << 20)
        let start = Date()
        let digest = SHA256.hexDigest(of: bytes)
        let seconds = Date().timeIntervalSince(start)
        print("SHA-256: \(String(format: "%.0f", Double(bytes.count) / 1e6 / seconds)) MB/s (\(digest.prefix(8))…)")
        #expect(digest.count == 64)
    }
}
