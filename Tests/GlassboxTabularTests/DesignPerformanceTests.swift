import Foundation
import Testing
import GlassboxTabular

/// Size check: 30 numeric columns (1,000,000 rows in a release build, 100,000 in debug).
/// Release timing (`-enable-testing` because another suite of this target uses `@testable import`):
///
///     swift build -c release --build-tests -Xswiftc -enable-testing
///     swift test -c release --skip-build -Xswiftc -enable-testing --filter DesignPerformanceTests
struct DesignPerformanceTests {
    @Test func thirtyNumericColumns() throws {
        #if DEBUG
        let rows = 100_000
        #else
        let rows = 1_000_000
        #endif
        let names = (0..<30).map { "x\($0)" }
        var columns = [Column]()
        for j in 0..<30 {
            columns.append(.numeric((0..<rows).map { Double($0 % 1000) * 0.001 + Double(j) }))
        }
        let table = try Table(names: ["y"] + names, columns: [.numeric((0..<rows).map { Double($0 % 2) })] + columns)
        let formula = try Formula.parse("y ~ " + names.joined(separator: " + "))
        let start = DispatchTime.now().uptimeNanoseconds, cpuStart = processCPUSeconds()
        let (encoding, design) = try DesignBuilder.fit(formula, on: table)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let cpu = processCPUSeconds() - cpuStart
        // CPU time (all threads) shows the work done whatever the machine's load.
        print("DesignBuilder.fit \(rows) rows × 30 numeric columns: \(String(format: "%.3f", seconds)) s (CPU \(String(format: "%.3f", cpu)) s)")
        #expect(encoding.termNames.count == 31)
        #expect(design.x.rows == rows)
        #expect(design.x[rows - 1, 30] == Double((rows - 1) % 1000) * 0.001 + 29)
        #expect(design.x[rows / 2, 0] == 1)
    }
}

/// User + system CPU time of this process, all threads.
private func processCPUSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
    let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    return user + system
}
