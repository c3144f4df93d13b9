import Foundation

/// Signals a running process once its work is visibly under way, so a signal test does not depend on how
/// fast the machine is: a fixed sleep before the signal lets a fast machine (or a release build) finish
/// first, and the test then sees exit 0 and the output instead of the interruption it meant to check.
package enum SignalWhenBusy {
    /// What happened: whether the signal was sent while the process ran, and how the process ended.
    package struct Outcome {
        /// True when the condition held while the process was still running and the signal was sent.
        package var signalled: Bool
        package var status: Int32
    }

    /// Starts `process`, polls `busy` every millisecond until it holds (or the process exits, or
    /// `timeout` seconds pass), sends `signal` if the process still runs, and waits for it to exit.
    package static func run(_ process: Process, signal: Int32, timeout: Double = 120,
                            when busy: (pid_t) -> Bool) throws -> Outcome {
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var signalled = false
        while process.isRunning && Date() < deadline {
            if busy(process.processIdentifier) {
                // A last check: the process may have exited between the poll and the kill.
                if process.isRunning { kill(process.processIdentifier, signal); signalled = true }
                break
            }
            usleep(1_000)
        }
        process.waitUntilExit()
        return Outcome(signalled: signalled, status: process.terminationStatus)
    }

    /// Whether process `pid` has a file under `directory` mapped into memory (an unlinked file shows as
    /// "… (deleted)" in /proc/PID/maps; a mapped file needs no open descriptor).
    package static func mapsFile(pid: pid_t, under directory: String) -> Bool {
        let fd = open("/proc/\(pid)/maps", O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var bytes = [UInt8](), buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self).contains(" " + directory + "/")
    }

    /// Whether process `pid` has a file under `directory` open (an unlinked file's descriptor links to
    /// "… (deleted)" in /proc/PID/fd), as a cache written with `pwrite(2)` before it is mapped.
    package static func opensFile(pid: pid_t, under directory: String) -> Bool {
        let links = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        return links.contains { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/" + $0))?.hasPrefix(directory + "/") ?? false }
    }
}
