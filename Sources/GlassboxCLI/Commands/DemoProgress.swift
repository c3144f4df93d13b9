import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The demo's progress display: one line per step with its number and the elapsed time, on stderr
/// only when stderr is a terminal and `--quiet` was not given (so logs and pipes stay clean).
struct DemoProgress {
    let total: Int
    let enabled: Bool
    private var step = 0
    private let start = Date()

    init(total: Int, quiet: Bool) {
        self.total = total
        #if canImport(Glibc)
        enabled = !quiet && isatty(2) == 1
        #else
        enabled = false
        #endif
    }

    mutating func begin(_ text: String) {
        step += 1
        guard enabled else { return }
        let elapsed = Date().timeIntervalSince(start)
        printError(String(format: "[%d/%d %5.1fs] ", step, total, elapsed) + text + " …")
    }

    func finish() {
        guard enabled else { return }
        printError(String(format: "[done %.1fs]", Date().timeIntervalSince(start)))
    }
}
