import Foundation
import GlassboxCore

/// The demo's progress display: one line per step with its number and the elapsed time, and the
/// bars of the long operations within the steps, on stderr only when the progress display is on
/// (stderr a terminal or `GLASSBOX_PROGRESS=always`, and no `--quiet`; see ``ProgressOptions``).
struct DemoProgress {
    let total: Int
    /// Passed to the steps' long operations; nil when the display is off.
    let observer: ProgressObserver?
    var enabled: Bool { observer != nil }
    private var step = 0
    private let start = Date()

    init(total: Int, observer: ProgressObserver?) {
        self.total = total
        self.observer = observer
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
