/// The state machine behind the terminal progress display: turns each ``ProgressUpdate`` and the time it
/// arrived into the text to write on stderr — one line redrawn with `\r` (at most every
/// ``redrawInterval`` seconds, plus the first and last update of a task), ended with a newline when the
/// task finishes. No I/O and no clock (the caller passes the time), so every rendered line is testable.
///
/// Tasks counted in `pass` units (the data passes of a streamed fit, one update at the start and one at
/// the end) have no rate: their line shows the time elapsed and an ETA from the previous pass's duration
/// (the passes of one fit read the same rows), and ends with the pass's own duration
/// (``ProgressFormat/passLine(task:elapsed:previous:finished:)``).
package struct ProgressLineRenderer: Sendable {
    /// The unit of tasks rendered as passes.
    package static let passUnit = "pass"
    /// Seconds between redraws of one task.
    package static let redrawInterval = 0.1

    private var start = 0.0
    private var lastDraw: Double?
    /// Characters of the line now on screen (0 when none is open).
    private var shownWidth = 0
    /// The duration of the last finished pass.
    private var previousPass: Double?

    package init() {}

    /// The text to write for `update` arriving at `now` seconds (any fixed origin), or nil when the line
    /// was redrawn too recently. `columns` is the terminal's width, when known.
    package mutating func render(_ update: ProgressUpdate, now: Double, columns: Int?) -> String? {
        var prefix = ""
        if update.completed == 0 && !update.finished {
            if shownWidth > 0 { prefix = "\n" }
            start = now
            lastDraw = nil
            shownWidth = 0
        } else if !update.finished, let last = lastDraw, now - last < Self.redrawInterval {
            return nil
        }
        let elapsed = now - start
        // Task names quote file and column names: through Escaping.terminal like every message.
        let task = Escaping.terminal(update.task)
        var line: String
        if update.unit == Self.passUnit {
            line = ProgressFormat.passLine(task: task, elapsed: elapsed, previous: previousPass, finished: update.finished)
            if update.finished { previousPass = elapsed }
        } else {
            line = ProgressFormat.line(task: task, completed: update.completed, total: update.total, unit: update.unit, elapsed: elapsed,
                                       rows: update.rows)
        }
        if let columns { line = ProgressFormat.fitting(line, columns: columns - 1) }
        let width = line.count
        // Pad with spaces over a longer previous line instead of terminal escapes, so forced output to a file reads cleanly.
        let text = prefix + "\r" + line + String(repeating: " ", count: max(0, shownWidth - width)) + (update.finished ? "\n" : "")
        shownWidth = update.finished ? 0 : width
        lastDraw = now
        return text
    }

    /// The text that erases an open line (nil when none is open), so a message printed next starts at the
    /// left margin; the line is redrawn on the next update.
    package mutating func clear() -> String? {
        guard shownWidth > 0 else { return nil }
        defer { shownWidth = 0; lastDraw = nil }
        return "\r" + String(repeating: " ", count: shownWidth) + "\r"
    }
}
