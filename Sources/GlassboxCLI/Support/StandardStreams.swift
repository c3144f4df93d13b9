#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Standard output as a checked channel: a result that cannot be written there (a full disk,
/// `> /dev/full`, a closed descriptor `>&-`) is an I/O error (exit 74), never a silent success.
///
/// - Every command writes its stdout text with ``writeOutput(_:)``, which uses `write(2)` directly and
///   throws a ``CLIError`` (74) on the first failure, so the command stops there.
/// - A descriptor 0, 1 or 2 closed when the process starts is occupied by `/dev/null` opened
///   read-only (``secure()``), so the files the command opens never take its number — with stdout
///   closed, the first file opened would otherwise become descriptor 1 and receive the command's
///   standard output — and writes to it still fail (`EBADF`) as they would on the closed descriptor.
/// - Text written through C stdio by code not ours (the argument parser's `--help` and `--version`)
///   is flushed and checked at exit (``installExitCheck()``).
/// - Standard error is best effort: it is where failures are reported, so a failure to write there
///   cannot itself be reported, and it does not change the exit status (a warning lost on a closed
///   stderr does not turn a successful run into a failed one). `2>&-` is safe: descriptor 2 is
///   occupied as above, so no output file can receive the diagnostics.
enum StandardStreams {
    /// Call first thing in `main`, before any file is opened.
    static func secure() {
        #if canImport(Glibc)
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", O_RDONLY)
            if opened >= 0 && opened != fd {
                _ = dup2(opened, fd)
                _ = close(opened)
            }
        }
        #endif
    }

    /// Registers an exit handler that flushes C stdio's stdout and turns a failed flush or a stream
    /// error into exit status 74 with a message.
    static func installExitCheck() {
        #if canImport(Glibc)
        atexit {
            let flushFailed = fflush(stdout) != 0
            let code = errno
            guard flushFailed || ferror(stdout) != 0 else { return }
            let reason = flushFailed ? String(cString: strerror(code)) : "write error"
            printError("error: cannot write to standard output: \(reason)")
            _exit(ExitStatus.ioError.rawValue)
        }
        #endif
    }

    /// The message for a failed write to standard output with `errno` `code`.
    static func failure(_ code: Int32) -> CLIError {
        var reason = String(cString: strerror(code)) + " (errno \(code))"
        if code == EBADF { reason += "; is standard output closed?" }
        if code == ENOSPC { reason += "; the device is full" }
        return CLIError(description: "cannot write to standard output: \(reason)", status: .ioError)
    }
}

/// Writes `text` to standard output, failing with exit status 74 if it cannot be written entirely.
func writeOutput(_ text: String) throws {
    try writeOutput(Array(text.utf8))
}

/// Writes `bytes` to standard output, failing with exit status 74 if they cannot be written entirely.
func writeOutput(_ bytes: [UInt8]) throws {
    #if canImport(Glibc)
    try bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(1, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw StandardStreams.failure(errno)
            }
            offset += n
        }
    }
    #endif
}

/// Writes one line (`text` and a newline) to standard output; see ``writeOutput(_:)-(String)``.
func writeLine(_ text: String) throws {
    try writeOutput(text + "\n")
}

/// Writes `text` to standard error, best effort (see ``StandardStreams``).
func writeDiagnostic(_ text: String) {
    #if canImport(Glibc)
    let bytes = Array(text.utf8)
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }
    #endif
}
