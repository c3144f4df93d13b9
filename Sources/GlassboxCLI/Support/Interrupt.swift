import GlassboxCore
#if canImport(Glibc)
import Glibc
#endif

/// Clean termination on SIGINT, SIGTERM and SIGHUP: remove the temporary files of unfinished atomic
/// writes (``TemporaryFiles``) and exit with 128 + the signal number (130 for SIGINT, as shells do).
///
/// The signals are blocked in the main thread before any other thread exists (threads inherit the
/// mask), and one dedicated thread receives them with `sigwait(3)`. Cleanup therefore runs as
/// ordinary code, free to take locks, instead of inside an async-signal handler where almost
/// nothing is allowed. A second signal during cleanup is absorbed by the same blocked mask.
enum Interrupt {
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Call first thing in `main`, before any thread is started.
    static func install() {
        #if canImport(Glibc)
        var set = signalSet()
        guard pthread_sigmask(SIG_BLOCK, &set, nil) == 0 else { return }
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { _ in
            var set = Interrupt.signalSet()
            var received: Int32 = 0
            while sigwait(&set, &received) != 0 {}
            let removed = TemporaryFiles.removeAll()
            let note = "\ninterrupted (signal \(received))" + (removed > 0 ? "; removed \(removed) temporary file(s)" : "") + "\n"
            _ = note.withCString { write(2, $0, strlen($0)) }
            _exit(128 + received)
        }, nil)
        if created != 0 {
            // Without the thread the default actions must stay in force, or the signals would be ignored.
            _ = pthread_sigmask(SIG_UNBLOCK, &set, nil)
        } else {
            pthread_detach(thread)
        }
        #endif
    }

    #if canImport(Glibc)
    static func signalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for s in signals { sigaddset(&set, s) }
        return set
    }
    #endif
}
