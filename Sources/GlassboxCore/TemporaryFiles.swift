#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary files this process is writing, so an interruption (SIGINT, SIGTERM) can remove them.
///
/// ``AtomicFile`` registers each temporary path before creating it and unregisters it in the same
/// critical section as the final `rename(2)`; ``removeAll()`` takes the same lock. So an interruption
/// sees each output either before its rename (the temporary file is removed, the target untouched)
/// or after it (the complete file stays): never a partial file or a leftover temporary one.
/// The CLI calls ``removeAll()`` from a dedicated cleanup thread woken by its signal handler (which
/// only writes a byte to a pipe), never from the handler itself, so taking a lock there is safe.
package enum TemporaryFiles {
    private static let paths = LockedValue<Set<String>>([])

    /// Records `path` as a temporary file to delete on interruption.
    package static func register(_ path: String) {
        paths.withLock { _ = $0.insert(path) }
    }

    /// Forgets `path` (it was renamed or already removed).
    package static func unregister(_ path: String) {
        paths.withLock { _ = $0.remove(path) }
    }

    /// Runs `body` (the rename) and unregisters `path`, both under the lock that ``removeAll()`` takes.
    package static func commit<T>(_ path: String, _ body: () throws -> T) rethrows -> T {
        try commit([path], body)
    }

    /// Runs `body` (the renames of a batch of outputs) and unregisters `paths`, all under the lock that
    /// ``removeAll()`` takes, so an interruption sees the batch either before every rename or after.
    package static func commit<T>(_ paths: [String], _ body: () throws -> T) rethrows -> T {
        try self.paths.withLock { set in
            defer { for path in paths { set.remove(path) } }
            return try body()
        }
    }

    /// The registered paths (for tests).
    package static var registered: Set<String> { paths.withLock { $0 } }

    /// Unlinks every registered file and returns how many were removed. The lock stays held until the
    /// body returns; call it only right before the process exits.
    @discardableResult
    package static func removeAll() -> Int {
        paths.withLock { set in
            var removed = 0
            for path in set where unlink(path) == 0 { removed += 1 }
            set.removeAll()
            return removed
        }
    }
}
