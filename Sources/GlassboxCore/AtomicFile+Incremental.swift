#if canImport(Glibc)
import Glibc
#endif

extension AtomicFile {
    /// Writes `path` from pieces that `body` hands to its `append` function in order, for an output too
    /// large to build in memory (streamed scoring): the pieces go to a registered temporary file, which is
    /// synced and renamed over `path` only when `body` returns, so an error or an interruption leaves no
    /// partial output. A character device or FIFO is written in place. Returns `body`'s result.
    package static func writeIncrementally<T>(to path: String, force: Bool,
                                             _ body: (_ append: ([UInt8]) throws -> Void) throws -> T) throws -> T {
        let destination = try destination(of: path, force: force)
        guard case let .replace(target, mode) = destination else {
            var fd: Int32
            repeat { fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC) } while fd < 0 && errno == EINTR
            guard fd >= 0 else { throw ioError(path, "open") }
            defer { _ = close(fd) }
            return try body { try writeAll(fd, $0, path: path) }
        }
        let (directory, base) = split(target)
        let (fd, temporary) = try createTemporary(directory: directory, base: base)
        let result: T
        do {
            if let mode, fchmod(fd, mode_t(mode)) != 0 { throw ioError(target, "chmod") }
            result = try body { try writeAll(fd, $0, path: target) }
            guard fsync(fd) == 0 else { throw ioError(target, "fsync") }
            guard close(fd) == 0 else {
                _ = unlink(temporary)
                TemporaryFiles.unregister(temporary)
                throw ioError(target, "close")
            }
        } catch {
            _ = close(fd)
            _ = unlink(temporary)
            TemporaryFiles.unregister(temporary)
            throw error
        }
        try TemporaryFiles.commit([temporary]) {
            if !force, access(target, F_OK) == 0 {
                _ = unlink(temporary)
                throw GlassboxCoreError.outputExists(path: target)
            }
            if rename(temporary, target) != 0 {
                let failure = ioError(target, "rename")
                _ = unlink(temporary)
                throw failure
            }
        }
        return result
    }
}
