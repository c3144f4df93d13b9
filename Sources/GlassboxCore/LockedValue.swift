#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value guarded by a pthread mutex: ``withLock(_:)`` from any thread.
///
/// Used instead of the standard library's `Synchronization.Mutex`, whose Linux implementation
/// (futex calls inside the uninstrumented runtime) ThreadSanitizer cannot see, so every guarded
/// access was reported as a "Swift access race". `pthread_mutex_lock` is intercepted by TSan, and
/// the mutex lives at a fixed heap address, as pthread requires (never moved by Swift).
package final class LockedValue<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    package init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` on the value with the mutex held.
    package func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
