#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes output files atomically: the bytes go to a temporary file in the target's directory
/// (`.<base>.glassbox-tmp-<pid>-<n>`), which is flushed with `fsync` and then renamed over the
/// target. `rename(2)` within one directory is atomic, so readers see either the old file or the
/// complete new one, never a partial write. On any error the temporary file is removed and the
/// target is left untouched; while it exists it is listed in ``TemporaryFiles`` so an interrupted
/// process can remove it too.
public enum AtomicFile {
    /// Writes `bytes` to `path`. An existing file is replaced only when `force` is true.
    ///
    /// - Throws: ``GlassboxCoreError`` — `outputExists`, `isDirectory`, `directoryMissing`,
    ///   `directoryNotWritable`, or `io` with the `errno` text.
    public static func write(_ bytes: [UInt8], to path: String, force: Bool) throws {
        let (directory, base) = split(path)
        guard !base.isEmpty else { throw GlassboxCoreError.isDirectory(path: path) }
        var info = stat()
        if stat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR { throw GlassboxCoreError.isDirectory(path: path) }
            if !force { throw GlassboxCoreError.outputExists(path: path) }
        }
        var dirInfo = stat()
        guard stat(directory, &dirInfo) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw GlassboxCoreError.directoryMissing(path: directory) }
            throw ioError(directory, "stat")
        }
        guard (dirInfo.st_mode & S_IFMT) == S_IFDIR else { throw GlassboxCoreError.directoryMissing(path: directory) }
        guard access(directory, W_OK | X_OK) == 0 else { throw GlassboxCoreError.directoryNotWritable(path: directory) }

        let (fd, temporary) = try createTemporary(directory: directory, base: base)
        do {
            try writeAll(fd, bytes, path: temporary)
            guard fsync(fd) == 0 else { throw ioError(temporary, "fsync") }
            guard close(fd) == 0 else {
                let failure = ioError(temporary, "close")
                _ = unlink(temporary)
                TemporaryFiles.unregister(temporary)
                throw failure
            }
        } catch {
            _ = close(fd)
            _ = unlink(temporary)
            TemporaryFiles.unregister(temporary)
            throw error
        }
        // Re-check just before the rename so a file that appeared meanwhile is not clobbered. The rename
        // and the unregistration are one critical section with the interruption cleanup.
        try TemporaryFiles.commit(temporary) {
            if !force && access(path, F_OK) == 0 {
                _ = unlink(temporary)
                throw GlassboxCoreError.outputExists(path: path)
            }
            guard rename(temporary, path) == 0 else {
                let failure = ioError(path, "rename")
                _ = unlink(temporary)
                throw failure
            }
        }
        // Persist the directory entry too; failure here does not undo a completed rename.
        let dirFD = open(directory, O_RDONLY)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            _ = close(dirFD)
        }
    }

    /// Writes the UTF-8 bytes of `text` to `path`; see ``write(_:to:force:)-([UInt8],_,_)``.
    public static func write(_ text: String, to path: String, force: Bool) throws {
        try write(Array(text.utf8), to: path, force: force)
    }

    /// Splits a path into its directory ("." when none) and last component.
    static func split(_ path: String) -> (directory: String, base: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// Creates `.<base>.glassbox-tmp-<pid>-<n>` with `O_EXCL`, trying successive `n` until one is free.
    private static func createTemporary(directory: String, base: String) throws -> (Int32, String) {
        let pid = getpid()
        for n in 0..<10_000 {
            let candidate = "\(directory)/.\(base).glassbox-tmp-\(pid)-\(n)"
            // Registered before it exists, so an interruption between open and register cannot leak it.
            TemporaryFiles.register(candidate)
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd >= 0 { return (fd, candidate) }
            TemporaryFiles.unregister(candidate)
            if errno == EEXIST { continue }
            // ENOENT/EPERM on an existing directory: a pseudo-filesystem (/proc) that refuses new files.
            if errno == EACCES || errno == EROFS || errno == ENOENT || errno == EPERM {
                throw GlassboxCoreError.directoryNotWritable(path: directory)
            }
            throw ioError(candidate, "open")
        }
        throw GlassboxCoreError.io(path: directory, operation: "create temporary file", message: "too many temporary files")
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ioError(path, "write")
                }
                offset += n
            }
        }
    }
}

/// Checks on input paths that give users a precise reason when a file cannot be read.
public enum FileCheck {
    /// Succeeds when `path` is an existing, readable regular file or pipe (devices such as
    /// `/dev/zero`, which never end, and sockets are refused).
    ///
    /// - Throws: ``GlassboxCoreError/noSuchFile(path:)``, ``GlassboxCoreError/isDirectory(path:)``,
    ///   ``GlassboxCoreError/unsupportedFileType(path:kind:)`` or ``GlassboxCoreError/permissionDenied(path:)``.
    public static func requireReadableFile(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            switch errno {
            case ENOENT, ENOTDIR: throw GlassboxCoreError.noSuchFile(path: path)
            case EACCES: throw GlassboxCoreError.permissionDenied(path: path)
            default: throw ioError(path, "stat")
            }
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: throw GlassboxCoreError.isDirectory(path: path)
        case S_IFCHR: throw GlassboxCoreError.unsupportedFileType(path: path, kind: "a character device")
        case S_IFBLK: throw GlassboxCoreError.unsupportedFileType(path: path, kind: "a block device")
        case S_IFSOCK: throw GlassboxCoreError.unsupportedFileType(path: path, kind: "a socket")
        case S_IFIFO:
            // A named pipe is not opened here: the open would wait for a writer, and closing it again
            // would cut that writer off before the reader's own open (its data lost, the reader hung).
            guard access(path, R_OK) == 0 else { throw GlassboxCoreError.permissionDenied(path: path) }
            return
        default: break
        }
        // access() uses the real uid; open() is the check that matches what the reader will do.
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == EACCES || errno == EPERM { throw GlassboxCoreError.permissionDenied(path: path) }
            throw ioError(path, "open")
        }
        _ = close(fd)
    }
}

/// A ``GlassboxCoreError/io(path:operation:message:)`` carrying the current `errno` text.
func ioError(_ path: String, _ operation: String) -> GlassboxCoreError {
    let code = errno
    return .io(path: path, operation: operation, message: String(cString: strerror(code)) + " (errno \(code))")
}
