import GlassboxCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The terminal renderer of ``ProgressUpdate``s: one line on stderr redrawn with `\r` (at most ten
/// times a second, plus the first and last update of a task), ended with a newline when the task
/// finishes. Never writes to stdout or files, so outputs are the same with or without it.
///
/// Shown only when stderr is a terminal and `--quiet` is not given; the environment variable
/// `GLASSBOX_PROGRESS=always|never` overrides the terminal test (`--quiet` still wins).
final class ProgressBar: Sendable {
    static let shared = ProgressBar()
    static let environmentVariable = "GLASSBOX_PROGRESS"
    /// Seconds between redraws.
    static let redrawInterval: Duration = .milliseconds(100)

    private struct State {
        var start = ContinuousClock.now
        var lastDraw: ContinuousClock.Instant?
        /// Characters of the line now on screen (0 when none is open).
        var shownWidth = 0
    }
    private let state = Mutex(State())

    /// An observer drawing on stderr, or nil when the display is off.
    static func observer(quiet: Bool) -> ProgressObserver? {
        #if canImport(Glibc)
        let setting = getenv(environmentVariable).map { String(cString: $0) }
        let terminal = isatty(2) == 1
        #else
        let setting: String? = nil, terminal = false
        #endif
        guard isEnabled(quiet: quiet, setting: setting, stderrIsTerminal: terminal) else { return nil }
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
        state.withLock { s in
            let now = ContinuousClock.now
            let starting = update.completed == 0 && !update.finished
            if starting {
                if s.shownWidth > 0 { Self.write("\n") }
                s = State(start: now)
            } else if !update.finished, let last = s.lastDraw, now - last < Self.redrawInterval {
                return
            }
            let elapsed = now - s.start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            // Task names quote file and column names: through Escaping.terminal like every message.
            var line = ProgressFormat.line(task: Escaping.terminal(update.task), completed: update.completed, total: update.total,
                                           unit: update.unit, elapsed: seconds)
            if let columns = Self.terminalColumns() { line = ProgressFormat.fitting(line, columns: columns - 1) }
            let width = line.count
            // Pad with spaces over a longer previous line instead of terminal escapes, so forced output to a file reads cleanly.
            Self.write("\r" + line + String(repeating: " ", count: max(0, s.shownWidth - width)) + (update.finished ? "\n" : ""))
            s.shownWidth = update.finished ? 0 : width
            s.lastDraw = now
        }
    }

    /// Erases an open bar line so a message printed next starts at the left margin; the bar is redrawn
    /// on the next update.
    func clearLine() {
        state.withLock { s in
            guard s.shownWidth > 0 else { return }
            Self.write("\r" + String(repeating: " ", count: s.shownWidth) + "\r")
            s.shownWidth = 0
            s.lastDraw = nil
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
