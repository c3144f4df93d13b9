/// One report from a long-running operation: `completed` units of `total` (nil when the total is
/// not known in advance, as for the iterations of a Newton fit).
public struct ProgressUpdate: Sendable, Equatable {
    /// What is running, e.g. "permutation importance".
    public var task: String
    /// Units completed so far.
    public var completed: Int
    /// Units in the whole task; nil when not known in advance.
    public var total: Int?
    /// Plural name of a unit of work, e.g. "repeats", "rows", "iterations".
    public var unit: String
    /// True on the last update of a task.
    public var finished: Bool
    /// Data rows covered so far by a task counted in other units (the bytes of a file read in chunks);
    /// nil when the task does not count rows.
    public var rows: Int?

    /// An update of `task`: `completed` of `total` `unit`, and `rows` data rows when the task counts them.
    public init(task: String, completed: Int, total: Int?, unit: String, finished: Bool, rows: Int? = nil) {
        self.task = task
        self.completed = completed
        self.total = total
        self.unit = unit
        self.finished = finished
        self.rows = rows
    }
}

/// A hook through which long-running library operations report progress. The library layers do no
/// I/O: they call the observer once per unit of work (a chunk, feature, replicate or iteration,
/// never a row), and the caller decides what to show (the CLI draws a bar on a terminal).
///
/// Operations take it as an optional parameter defaulting to nil, so progress costs nothing unless
/// asked for. The receiving closure may be called from several threads (work runs in parallel), but
/// the updates of one task reach it in order, one at a time.
public struct ProgressObserver: Sendable {
    private let receive: @Sendable (ProgressUpdate) -> Void

    /// An observer that passes every update to `receive`.
    public init(_ receive: @escaping @Sendable (ProgressUpdate) -> Void) {
        self.receive = receive
    }

    /// Starts a task, reporting 0 completed units at once.
    package func start(_ task: String, total: Int?, unit: String) -> ProgressCounter {
        ProgressCounter(task: task, total: total, unit: unit, receive: receive)
    }
}

/// The thread-safe counter of one task: ``advance(by:)`` from any thread, then ``finish()``.
/// Updates reach the observer in order, one at a time.
package final class ProgressCounter: Sendable {
    private let task: String
    private let total: Int?
    private let unit: String
    private let receive: @Sendable (ProgressUpdate) -> Void
    private let state = LockedValue<(completed: Int, rows: Int?, finished: Bool)>((0, nil, false))

    init(task: String, total: Int?, unit: String, receive: @escaping @Sendable (ProgressUpdate) -> Void) {
        self.task = task
        self.total = total
        self.unit = unit
        self.receive = receive
        receive(ProgressUpdate(task: task, completed: 0, total: total, unit: unit, finished: false))
    }

    /// Records `count` more completed units (ignored after ``finish()``).
    package func advance(by count: Int = 1) {
        state.withLock { s in
            guard !s.finished else { return }
            s.completed += count
            receive(ProgressUpdate(task: task, completed: s.completed, total: total, unit: unit, finished: false, rows: s.rows))
        }
    }

    /// Records `count` more completed units that held `rows` data rows (a chunk of a file: its bytes and
    /// records), so the updates from then on carry the rows covered (ignored after ``finish()``).
    package func advance(by count: Int, rows: Int) {
        state.withLock { s in
            guard !s.finished else { return }
            s.completed += count
            s.rows = (s.rows ?? 0) + rows
            receive(ProgressUpdate(task: task, completed: s.completed, total: total, unit: unit, finished: false, rows: s.rows))
        }
    }

    /// Ends the task (idempotent); call it on every exit path (`defer`), so the display is closed
    /// even when the work throws. The final update carries the true count.
    package func finish() {
        state.withLock { s in
            guard !s.finished else { return }
            s.finished = true
            receive(ProgressUpdate(task: task, completed: s.completed, total: total, unit: unit, finished: true, rows: s.rows))
        }
    }

    /// Units completed so far.
    package var completed: Int { state.withLock { $0.completed } }
}
