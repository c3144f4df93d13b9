import Foundation

/// Wall-clock phases for `--timings` (printed on stderr for the benchmarks).
struct Stopwatch {
    private var last = Date()
    private(set) var phases: [(String, Double)] = []
    private let start = Date()

    mutating func lap(_ name: String) {
        let now = Date()
        phases.append((name, now.timeIntervalSince(last)))
        last = now
    }

    var json: String {
        let parts = phases.map { "\"\($0.0)\": \(String(format: "%.4f", $0.1))" }
            + ["\"total\": \(String(format: "%.4f", Date().timeIntervalSince(start)))"]
        return "timings: {" + parts.joined(separator: ", ") + "}"
    }
}
