#if canImport(Glibc)
import Glibc
#endif

extension CSVChunkReader {
    /// The size in bytes of the regular file at `path`, the total of a streamed read's byte progress; nil
    /// when it cannot be known (a pipe, or the file cannot be examined).
    package static func fileSize(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }
}
