#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes output files atomically: the bytes go to a temporary file in the target's directory
/// (`.<base>.glassbox-tmp-<pid>-<n>`), which is flushed with `fsync` and then renamed over the
/// target. `rename(2)` within one directory is atomic, so readers see either the old file or the
/// complete new one, never a partial write. On any error the temporary file is removed and the
/// target is left untouched; while it exists it is registered so that an interrupted process can
/// remove it too.
///
/// What an existing output path gets, decided as `cp` decides:
/// - a regular file: replaced (only with `force`), keeping its permission bits;
/// - a symbolic link to a regular file: the file it points to is replaced (the link stays); a dangling
///   link or a link loop is refused;
/// - a character device or a FIFO (`/dev/null`, `/dev/stdout` on a pipe, a named pipe): written in
///   place, without a temporary file or a rename — the node is never replaced, and `force` is not
///   needed because such a node holds no content to lose;
/// - a directory, a block device or a socket: refused.
package enum AtomicFile {
    /// Where the bytes for an output path go.
    package enum Destination: Equatable, Sendable {
        /// Through a temporary file renamed to `path` (the resolved target when the output was a
        /// symbolic link). `mode` holds the permission bits of the file replaced, if any.
        case replace(path: String, mode: UInt32?)
        /// Opened and written in place (a character device or a FIFO).
        case inPlace(path: String)
    }

    /// Writes `bytes` to `path`. An existing file is replaced only when `force` is true.
    ///
    /// - Throws: ``GlassboxCoreError`` — `outputExists`, `isDirectory`, `directoryMissing`,
    ///   `directoryNotWritable`, `cannotWrite`, or `io` with the `errno` text.
    package static func write(_ bytes: [UInt8], to path: String, force: Bool) throws {
        try write([(path: path, bytes: bytes)], force: force)
    }

    /// Writes the UTF-8 bytes of `text` to `path`; see ``write(_:to:force:)-([UInt8],_,_)``.
    package static func write(_ text: String, to path: String, force: Bool) throws {
        try write(Array(text.utf8), to: path, force: force)
    }

    /// Writes several files as one: every file is written to its temporary file first, and only when
    /// all of them are complete are they renamed, in one critical section with the interruption
    /// cleanup. On any error (a full disk, a file size limit) no file of the batch is left: the
    /// temporary files are removed and nothing is renamed. (Outputs written in place — devices and
    /// FIFOs — cannot be taken back; they are written after every temporary file is complete.)
    ///
    /// - Throws: as ``write(_:to:force:)-([UInt8],_,_)``; `cannotWrite` when two paths name one file.
    package static func write(_ files: [(path: String, bytes: [UInt8])], force: Bool) throws {
        let destinations = try files.map { try destination(of: $0.path, force: force) }
        try refuseDuplicates(zip(files.map(\.path), destinations).map { ($0, $1) })

        var pending = [(temporary: String, target: String, existed: Bool)]()
        func discardPending() {
            for p in pending {
                _ = unlink(p.temporary)
                TemporaryFiles.unregister(p.temporary)
            }
        }
        var inPlace = [(path: String, bytes: [UInt8])]()
        do {
            for (file, target) in zip(files, destinations) {
                switch target {
                case let .inPlace(path): inPlace.append((path, file.bytes))
                case let .replace(path, mode):
                    let (directory, base) = split(path)
                    let (fd, temporary) = try createTemporary(directory: directory, base: base)
                    pending.append((temporary, path, mode != nil))
                    try fill(fd, file.bytes, path: path, mode: mode) // errors name the output, not the temporary file
                }
            }
            for file in inPlace { try writeInPlace(file.bytes, to: file.path) }
        } catch {
            discardPending()
            throw error
        }
        // Re-check just before the renames so a file that appeared meanwhile is not clobbered. The renames
        // and the unregistrations are one critical section with the interruption cleanup: an interruption
        // sees every temporary file (and removes them) or every output renamed.
        try TemporaryFiles.commit(pending.map(\.temporary)) {
            if !force, let clash = pending.first(where: { access($0.target, F_OK) == 0 }) {
                for p in pending { _ = unlink(p.temporary) }
                throw GlassboxCoreError.outputExists(path: clash.target)
            }
            for (i, p) in pending.enumerated() where rename(p.temporary, p.target) != 0 {
                let failure = ioError(p.target, "rename")
                for q in pending[i...] { _ = unlink(q.temporary) }
                // The outputs this batch created are taken back; a file it replaced cannot be restored.
                for q in pending[..<i] where !q.existed { _ = unlink(q.target) }
                throw failure
            }
        }
        // Persist the directory entries too; failure here does not undo a completed rename.
        for directory in Set(pending.map { split($0.target).directory }) {
            let dirFD = open(directory, O_RDONLY | O_CLOEXEC)
            if dirFD >= 0 {
                _ = fsync(dirFD)
                _ = close(dirFD)
            }
        }
    }

    /// Decides where the bytes for `path` go, refusing what cannot or must not be written: the checks
    /// ``write(_:to:force:)-([UInt8],_,_)`` makes first, also used by the CLI before any work starts.
    package static func destination(of path: String, force: Bool) throws -> Destination {
        let (_, base) = split(path)
        guard !base.isEmpty else { throw GlassboxCoreError.isDirectory(path: path) }
        var info = stat()
        guard lstat(path, &info) == 0 else {
            switch errno {
            case ENOENT: return .replace(path: try checkedDirectory(of: path), mode: nil)
            case ENOTDIR: throw GlassboxCoreError.directoryMissing(path: split(path).directory)
            case ELOOP: throw GlassboxCoreError.cannotWrite(path: path, reason: "a directory on the path is a symbolic link loop")
            case EACCES: throw GlassboxCoreError.directoryNotWritable(path: split(path).directory)
            default: throw ioError(path, "stat")
            }
        }
        var target = path
        if (info.st_mode & S_IFMT) == S_IFLNK {
            guard stat(path, &info) == 0 else {
                switch errno {
                case ENOENT, ENOTDIR:
                    throw GlassboxCoreError.cannotWrite(path: path, reason: "it is a symbolic link to a missing file (not writing through a dangling link)")
                case ELOOP: throw GlassboxCoreError.cannotWrite(path: path, reason: "it is a symbolic link loop")
                default: throw ioError(path, "stat")
                }
            }
            if (info.st_mode & S_IFMT) == S_IFREG {
                // Replace the file the link points to, keeping the link (cp writes through a link).
                guard let resolved = realpath(path, nil) else { throw ioError(path, "resolve symbolic link") }
                target = String(cString: resolved)
                free(resolved)
            }
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            if !force { throw GlassboxCoreError.outputExists(path: path) }
            _ = try checkedDirectory(of: target)
            return .replace(path: target, mode: UInt32(info.st_mode & 0o7777))
        case S_IFDIR: throw GlassboxCoreError.isDirectory(path: path)
        case S_IFCHR, S_IFIFO: return .inPlace(path: path)
        case S_IFBLK: throw GlassboxCoreError.cannotWrite(path: path, reason: "it is a block device (refusing to write a file onto a disk)")
        case S_IFSOCK: throw GlassboxCoreError.cannotWrite(path: path, reason: "it is a socket")
        default: throw GlassboxCoreError.cannotWrite(path: path, reason: "it is not a regular file")
        }
    }

    /// The directory that will hold `path`'s temporary file, checked to exist and be writable.
    private static func checkedDirectory(of path: String) throws -> String {
        let (directory, _) = split(path)
        var dirInfo = stat()
        guard stat(directory, &dirInfo) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw GlassboxCoreError.directoryMissing(path: directory) }
            if errno == EACCES { throw GlassboxCoreError.directoryNotWritable(path: directory) }
            if errno == ELOOP { throw GlassboxCoreError.cannotWrite(path: path, reason: "a directory on the path is a symbolic link loop") }
            throw ioError(directory, "stat")
        }
        guard (dirInfo.st_mode & S_IFMT) == S_IFDIR else { throw GlassboxCoreError.directoryMissing(path: directory) }
        guard access(directory, W_OK | X_OK) == 0 else { throw GlassboxCoreError.directoryNotWritable(path: directory) }
        return path
    }

    /// Refuses a batch in which two outputs name the same file (by path, or by device and inode).
    private static func refuseDuplicates(_ items: [(String, Destination)]) throws {
        var seen = Set<String>()
        for (path, destination) in items {
            let key: String
            switch destination {
            case let .replace(target, _):
                var info = stat()
                let (directory, base) = split(target)
                key = stat(directory, &info) == 0 ? "\(info.st_dev):\(info.st_ino)/\(base)" : target
            case .inPlace: continue
            }
            if !seen.insert(key).inserted {
                throw GlassboxCoreError.cannotWrite(path: path, reason: "another output of the same run is the same file")
            }
        }
    }

    /// Splits a path into its directory ("." when none) and last component.
    static func split(_ path: String) -> (directory: String, base: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// Creates `.<base>.glassbox-tmp-<pid>-<n>` with `O_EXCL`, trying successive `n` until one is free.
    static func createTemporary(directory: String, base: String) throws -> (Int32, String) {
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

    /// Writes, syncs and closes a temporary file (the caller removes it on error). `mode`, when given,
    /// is the permission of the file it will replace, so replacing a private file keeps it private.
    private static func fill(_ fd: Int32, _ bytes: [UInt8], path: String, mode: UInt32?) throws {
        do {
            if let mode, fchmod(fd, mode_t(mode)) != 0 { throw ioError(path, "chmod") }
            try writeAll(fd, bytes, path: path)
            guard fsync(fd) == 0 else { throw ioError(path, "fsync") }
        } catch {
            _ = close(fd)
            throw error
        }
        guard close(fd) == 0 else { throw ioError(path, "close") }
    }

    /// Writes into an existing character device or FIFO, as `cp` does (no temporary file, no rename).
    private static func writeInPlace(_ bytes: [UInt8], to path: String) throws {
        var fd: Int32
        repeat { fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        guard fd >= 0 else {
            if errno == EACCES || errno == EPERM { throw GlassboxCoreError.cannotWrite(path: path, reason: "permission denied") }
            if errno == ENXIO { throw GlassboxCoreError.cannotWrite(path: path, reason: "no process is reading it (or the device is absent)") }
            throw ioError(path, "open")
        }
        do { try writeAll(fd, bytes, path: path) } catch {
            _ = close(fd)
            throw error
        }
        guard close(fd) == 0 else { throw ioError(path, "close") }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                #if canImport(Glibc)
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                #else
                let n = Darwin.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                #endif
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
package enum FileCheck {
    /// Succeeds when `path` is an existing, readable regular file or pipe (devices such as
    /// `/dev/zero`, which never end, and sockets are refused).
    ///
    /// - Throws: ``GlassboxCoreError/noSuchFile(path:)``, ``GlassboxCoreError/isDirectory(path:)``,
    ///   ``GlassboxCoreError/unsupportedFileType(path:kind:)`` or ``GlassboxCoreError/permissionDenied(path:)``.
    package static func requireReadableFile(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            switch errno {
            case ENOENT, ENOTDIR: throw GlassboxCoreError.noSuchFile(path: path)
            case EACCES: throw GlassboxCoreError.permissionDenied(path: path)
            case ELOOP: throw GlassboxCoreError.unreadable(path: path, reason: "too many levels of symbolic links (a symbolic link loop?)")
            case ENAMETOOLONG: throw GlassboxCoreError.unreadable(path: path, reason: "the file name is too long")
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

/// A ``GlassboxCoreError/io(path:operation:message:)`` carrying the current `errno` text, with a hint
/// for the errors a user can act on (a full disk, the `ulimit -f` file size limit).
func ioError(_ path: String, _ operation: String) -> GlassboxCoreError {
    let code = errno
    var message = String(cString: strerror(code)) + " (errno \(code))"
    if code == EFBIG { message += "; the file size limit (ulimit -f) was reached" }
    if code == ENOSPC || code == EDQUOT { message += "; free some space or write elsewhere" }
    return .io(path: path, operation: operation, message: message)
}
