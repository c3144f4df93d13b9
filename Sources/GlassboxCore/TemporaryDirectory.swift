#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the cache files of streamed work go (``TemporaryCacheFile``) and how much room is left there.
///
/// The default is `$TMPDIR` (or /tmp when it is unset or empty) with its free space from `statvfs(3)`;
/// tests give another directory or another free-space figure, so a refusal can be checked without filling
/// a disk.
package struct TemporaryDirectory: Sendable {
    /// The directory the cache files are created in.
    package var path: String
    /// The bytes an unprivileged process may still write there, or nil when unknown.
    package var freeBytes: @Sendable () -> UInt64?

    /// A directory with its free space given by `freeBytes`.
    package init(path: String, freeBytes: @escaping @Sendable () -> UInt64?) {
        self.path = path
        self.freeBytes = freeBytes
    }

    /// `path` with its free space from `statvfs(3)` (`f_bavail × f_frsize`).
    package init(path: String) {
        self.init(path: path) {
            var info = statvfs()
            guard statvfs(path, &info) == 0 else { return nil }
            return UInt64(info.f_bavail) &* UInt64(info.f_frsize)
        }
    }

    /// `$TMPDIR`, or /tmp when it is unset or empty.
    package static var current: TemporaryDirectory {
        TemporaryDirectory(path: getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp")
    }

    /// Throws ``GlassboxCoreError/temporarySpace(directory:purpose:needed:available:)`` when fewer than
    /// `bytes` are free; an unknown free space passes (creating the file then reports what goes wrong).
    package func require(_ bytes: UInt64, for purpose: String) throws {
        guard let free = freeBytes(), free < bytes else { return }
        throw GlassboxCoreError.temporarySpace(directory: path, purpose: purpose, needed: bytes, available: free)
    }
}
