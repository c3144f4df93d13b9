import GlassboxCore
#if canImport(Glibc)
import Glibc
#endif

/// Clean termination on SIGINT, SIGTERM and SIGHUP: remove the temporary files of unfinished atomic
/// writes (``TemporaryFiles``) and exit with 128 + the signal number (130 for SIGINT, as shells do).
///
/// The handlers are real `sigaction` handlers, which are process-wide: whichever thread the kernel
/// picks for a signal runs one — including the OpenBLAS worker threads, which its library constructor
/// starts before `main` and which therefore never saw a signal mask set in `main` (blocking the
/// signals in `main` and `sigwait`ing, as before, let such a thread take the default action and kill
/// the process, leaving `.glassbox-tmp` files). A handler does only async-signal-safe work: it writes
/// the signal number as one byte to a pipe. A dedicated cleanup thread blocks reading that pipe and
/// does the rest as ordinary code, free to take the ``TemporaryFiles`` lock. A second signal during
/// cleanup only writes another byte, which nobody reads.
///
/// Also: SIGXFSZ is ignored, so exceeding the file size limit (`ulimit -f`) makes `write(2)` fail
/// with `EFBIG` and the normal error path removes the temporary file and exits 74, instead of the
/// default action killing the process and leaving it. Signals ignored when the process started
/// (`nohup` ignores SIGHUP; a background job of a non-interactive shell ignores SIGINT) stay ignored;
/// signals blocked by the parent (the mask survives `exec`) are unblocked in the main thread.
enum Interrupt {
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// The pipe's write end, read by the handler. A `let` pointer: no lazy initialisation and no
    /// exclusivity bookkeeping happen inside the handler (both run here, in ``install()``, first).
    nonisolated(unsafe) private static let pipeWriteEnd: UnsafeMutablePointer<Int32> = {
        let p = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        p.initialize(to: -1)
        return p
    }()

    /// Call first thing in `main`, before any work starts.
    static func install() {
        #if canImport(Glibc)
        _ = signal(SIGXFSZ, SIG_IGN)
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        // Non-blocking, so a handler can never block (the pipe will not fill: one byte per signal).
        _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
        pipeWriteEnd.pointee = fds[1]
        let readEnd = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        readEnd.initialize(to: fds[0])
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { argument in
            let fd = argument!.assumingMemoryBound(to: Int32.self).pointee
            var byte: UInt8 = 0
            while true {
                let n = read(fd, &byte, 1)
                if n == 1 { break }
                if n < 0 && errno == EINTR { continue }
                return nil // The pipe broke: nothing more to wait for.
            }
            let received = Int32(byte)
            let removed = TemporaryFiles.removeAll()
            let note = "\ninterrupted (signal \(received))" + (removed > 0 ? "; removed \(removed) temporary file(s)" : "") + "\n"
            _ = note.withCString { write(2, $0, strlen($0)) }
            _exit(128 + received)
        }, readEnd)
        // Without the thread nobody would act on a signal: keep the default actions.
        guard created == 0 else { return }
        pthread_detach(thread)
        for s in signals {
            var previous = sigaction()
            guard sigaction(s, nil, &previous) == 0,
                  unsafeBitCast(previous.__sigaction_handler.sa_handler, to: Int.self) != unsafeBitCast(SIG_IGN, to: Int.self) else { continue }
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signo in
                let saved = errno
                var byte = UInt8(truncatingIfNeeded: signo)
                _ = write(Interrupt.pipeWriteEnd.pointee, &byte, 1)
                errno = saved
            }
            sigemptyset(&action.sa_mask)
            for other in signals { sigaddset(&action.sa_mask, other) }
            action.sa_flags = SA_RESTART
            _ = sigaction(s, &action, nil)
        }
        // A signal mask is inherited across exec: a parent that blocks these signals (some process
        // runners do) would leave them pending forever. Unblock them here, in the main thread, before
        // this process starts any thread of its own.
        var set = sigset_t()
        sigemptyset(&set)
        for s in signals { sigaddset(&set, s) }
        _ = pthread_sigmask(SIG_UNBLOCK, &set, nil)
        #endif
    }
}
