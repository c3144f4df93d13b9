#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A cache file of streamed work (the design cache of a fit, docs/scale.md §3; the projection cache of an
/// audit, §5): created in a ``TemporaryDirectory`` without a name (or unlinked at once), so it has no name
/// while it is used and its space goes back when the file and its mappings are released, or when the process ends for any
/// reason (exit, an error, SIGINT, SIGKILL). Nothing needs removing on an error path.
///
/// Written with ``write(_:at:)`` (`pwrite(2)`), so the pages written never become part of the process (they
/// live in the page cache and, being file-backed, are written out rather than swapped under memory pressure),
/// and a full disk is an error (``GlassboxCoreError/temporarySpace(directory:purpose:needed:available:)``),
/// not the SIGBUS a store into a mapping of a sparse file gets. Read (or updated in place) through
/// ``map(bytes:)``: stores through a mapping — the fit's design cache (`MappedDesign`) writes its design that
/// way, the audit's projection cache remaps its label codes in place — still end in SIGBUS if the disk fills
/// under them (the free space is checked before, not reserved). On a tmpfs `$TMPDIR` (memory-backed, a
/// common /tmp) the file lives in RAM and swap, not on disk: the process's resident memory then understates
/// what the machine holds; point `TMPDIR` at a disk for files larger than memory.
package final class TemporaryCacheFile: @unchecked Sendable {
    /// The directory the file was created in.
    package let directory: TemporaryDirectory
    /// What the file holds, for errors (e.g. "the streamed audit's projection cache").
    package let purpose: String
    /// The bytes written so far by ``write(_:at:)``.
    package private(set) var bytesWritten: UInt64 = 0
    private let descriptor: Int32

    /// Creates the file in `directory` without a name (`O_TMPFILE`), or, on a file system without unnamed
    /// files, with a fresh name that is unlinked at once.
    /// - Throws: ``GlassboxCoreError/io(path:operation:message:)`` when the file cannot be created.
    package convenience init(in directory: TemporaryDirectory = .current, purpose: String) throws {
        try self.init(in: directory, purpose: purpose, unnamed: true)
    }

    /// As ``init(in:purpose:)``; without `unnamed`, always by a name unlinked at once (tests of that path).
    init(in directory: TemporaryDirectory, purpose: String, unnamed allowUnnamed: Bool) throws {
        self.directory = directory
        self.purpose = purpose
        #if os(Linux)
        // O_TMPFILE is a GNU macro Swift does not import: __O_TMPFILE | O_DIRECTORY. The file never has a name,
        // so not even an interruption between creating and unlinking it can leave one behind.
        let unnamed = allowUnnamed ? open(directory.path, 0o20000000 | O_DIRECTORY | O_RDWR | O_CLOEXEC, 0o600) : -1
        if unnamed >= 0 {
            descriptor = unnamed
            return
        }
        #endif
        var template = Array((directory.path + "/glassbox-cache-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw GlassboxCoreError.io(path: directory.path, operation: "create \(purpose) in", message: String(cString: strerror(errno)))
        }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)  // (mkostemp is not imported into Swift)
        // The file holds personal data: if its name cannot be removed, stop rather than leave it behind unnoticed.
        guard template.withUnsafeBufferPointer({ unlink($0.baseAddress!) }) == 0 else {
            let message = String(cString: strerror(errno)), name = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            close(fd)
            throw GlassboxCoreError.io(path: name, operation: "remove the name of \(purpose)", message: message + "; delete the file")
        }
        descriptor = fd
    }

    /// A cache writing to `descriptor`, which it closes (tests: /dev/full, whose writes fail with ENOSPC).
    init(descriptor: Int32, in directory: TemporaryDirectory, purpose: String) {
        self.directory = directory
        self.purpose = purpose
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Writes `bytes` at byte `offset`, extending the file as needed (a gap reads as zeros).
    /// - Throws: ``GlassboxCoreError/temporarySpace(directory:purpose:needed:available:)`` when the disk is
    ///   full (`needed`: the bytes written so far and the rest of this write; `available`: those written
    ///   plus what is still free); ``GlassboxCoreError/io(path:operation:message:)`` for another failure.
    package func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws {
        guard var source = bytes.baseAddress else { return }
        var remaining = bytes.count, at = off_t(offset)
        while remaining > 0 {
            let n = pwrite(descriptor, source, remaining, at)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let code = n < 0 ? errno : ENOSPC
                if code == ENOSPC || code == EDQUOT {
                    throw GlassboxCoreError.temporarySpace(directory: directory.path, purpose: purpose,
                                                           needed: bytesWritten + UInt64(remaining),
                                                           available: bytesWritten + (directory.freeBytes() ?? 0))
                }
                throw GlassboxCoreError.io(path: directory.path, operation: "write \(purpose) in", message: String(cString: strerror(code)))
            }
            source += n
            remaining -= n
            at += off_t(n)
            bytesWritten += UInt64(n)
        }
    }

    /// Sets the file's length to `bytes` (a longer file is sparse: the new bytes read as zeros and take no
    /// space until written).
    package func resize(to bytes: Int) throws {
        guard ftruncate(descriptor, off_t(bytes)) == 0 else {
            throw GlassboxCoreError.io(path: directory.path, operation: "size \(purpose) in", message: String(cString: strerror(errno)))
        }
    }

    /// Maps the first `bytes` of the file (at least 1; the file must be that long, see ``resize(to:)``)
    /// shared, readable and writable. The mapping keeps the file alive after this object is released.
    package func map(bytes: Int) throws -> MappedFileRegion {
        let length = max(1, bytes)
        guard let address = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, descriptor, 0), address != MAP_FAILED else {
            throw GlassboxCoreError.io(path: directory.path, operation: "map \(purpose) in", message: String(cString: strerror(errno)))
        }
        return MappedFileRegion(base: address, count: length)
    }
}

/// A shared mapping of a ``TemporaryCacheFile``, unmapped when the last reference goes.
package final class MappedFileRegion: @unchecked Sendable {
    /// The first mapped byte.
    package let base: UnsafeMutableRawPointer
    /// The mapped bytes.
    package let count: Int

    init(base: UnsafeMutableRawPointer, count: Int) {
        self.base = base
        self.count = count
    }

    deinit { munmap(base, count) }

    private static let pageSize = UInt(sysconf(Int32(_SC_PAGESIZE)))

    /// Hands the whole pages inside bytes `range` back (`madvise(MADV_DONTNEED)`): they leave the process's
    /// resident memory, the values stay in the file (and the page cache) and are read back on the next access.
    package func release(_ range: Range<Int>) {
        let page = Self.pageSize
        let start = UInt(bitPattern: base + range.lowerBound), end = UInt(bitPattern: base + range.upperBound)
        let first = (start + page - 1) / page * page, last = end / page * page
        guard last > first, let address = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(address, Int(last - first), MADV_DONTNEED)
    }
}
