import Dispatch

/// Work started on another thread now and collected later with ``value()``, which waits for it and
/// rethrows its error. Used to decode a model file while the CSV is read (a ~10 ms JSON decode that
/// would otherwise sit between the read and the analysis).
final class BackgroundTask<Value: Sendable>: @unchecked Sendable {
    private let group = DispatchGroup()
    /// Written once by the worker before `group.leave()`, read only after `group.wait()`.
    private var result: Result<Value, Error>?

    init(_ work: @escaping @Sendable () throws -> Value) {
        group.enter()
        DispatchQueue.global().async {
            self.result = Result { try work() }
            self.group.leave()
        }
    }

    /// The work's value, or its error; waits until the work has finished.
    func value() throws -> Value {
        group.wait()
        return try result!.get()
    }
}
