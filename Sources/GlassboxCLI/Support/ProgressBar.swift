import GlassboxCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The terminal renderer of ``ProgressUpdate``s: one line on stderr redrawn with `\r` (at most ten
/// times a second, plus the first and last update of a task), ended with a newline when the task
/// finishes. Never writes to stdout or files, so outputs are the same with or without it.
///
/// Shown only when stderr is a terminal and `--quiet` is not given; `--progress` or the environment
/// variable `GLASSBOX_PROGRESS=always|never` overrides the terminal test (`--quiet` still wins).
/// The lines are rendered by ``ProgressLineRenderer`` (GlassboxCore); this type adds the clock and stderr.
final class ProgressBar: Sendable {
    static let shared = ProgressBar()
    static let environmentVariable = "GLASSBOX_PROGRESS"

    /// The renderer, and the clock origin its times count from.
    private let state = Mutex(ProgressLineRenderer())
    private let origin = ContinuousClock.now

    /// An observer drawing on stderr, or nil when the display is off.
    static func observer(quiet: Bool, forced: Bool = false) -> ProgressObserver? {
        #if canImport(Glibc)
        let setting = getenv(environmentVariable).map { String(cString: $0) }
        let terminal = isatty(2) == 1
        #else
        let setting: String? = nil, terminal = false
        #endif
        guard isEnabled(quiet: quiet, setting: forced ? "always" : setting, stderrIsTerminal: terminal) else { return nil }
        return ProgressObserver { shared.receive($0) }
    }

    /// `--quiet` wins; then `always`/`never` (any case); otherwise whether stderr is a terminal.
    static func isEnabled(quiet: Bool, setting: String?, stderrIsTerminal: Bool) -> Bool {
        if quiet { return false }
        switch setting?.lowercased() {
        case "always": return true
        case "never": return false
        default: return stderrIsTerminal
        }
    }

    func receive(_ update: ProgressUpdate) {
        state.withLock { renderer in
            let elapsed = ContinuousClock.now - origin
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            if let text = renderer.render(update, now: seconds, columns: Self.terminalColumns()) { Self.write(text) }
        }
    }

    /// Erases an open bar line so a message printed next starts at the left margin; the bar is redrawn
    /// on the next update.
    func clearLine() {
        state.withLock { renderer in
            if let text = renderer.clear() { Self.write(text) }
        }
    }

    private static func write(_ text: String) {
        #if canImport(Glibc)
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { if n < 0 && errno == EINTR { continue }; return }
            offset += n
        }
        #endif
    }

    /// The terminal's width when stderr is a terminal.
    private static func terminalColumns() -> Int? {
        #if canImport(Glibc)
        var size = winsize()
        guard isatty(2) == 1, ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
        #else
        return nil
        #endif
    }
}
