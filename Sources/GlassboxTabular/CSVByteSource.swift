import GlassboxCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the CSV reader's bytes come from: a file read with `read(2)` in blocks, or memory (tests).
/// Sources can rewind because a column that turns out categorical late needs a second pass.
protocol CSVByteSource {
    /// Name used in error messages.
    var name: String { get }
    /// Total size in bytes when known (used only to pre-size the columns).
    var sizeHint: Int? { get }
    /// The size in bytes when it is known up front (memory, a regular file); nil for pipes and
    /// devices. Chooses the single-threaded path for small inputs; reading stays correct if a
    /// file grows meanwhile (it then just takes more blocks).
    var stableSize: Int? { get }
    /// Whether the bytes are already in memory (no I/O to overlap with parsing).
    var isInMemory: Bool { get }
    /// Fills up to `count` bytes at `buffer`; returns fewer only at the end of the input.
    mutating func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int
    /// Starts again from the first byte.
    mutating func rewind() throws
}

/// A file descriptor opened read-only; closed by ``close()``.
struct CSVFileSource: CSVByteSource {
    let name: String
    let fd: Int32
    let sizeHint: Int?
    let stableSize: Int?
    var isInMemory: Bool { false }

    init(path: String) throws {
        do {
            try FileCheck.requireReadableFile(path)
        } catch let error as GlassboxCoreError {
            throw TabularError.file(path: path, message: CSVFileSource.message(for: error))
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw TabularError.file(path: path, message: "cannot open: \(String(cString: strerror(errno)))") }
        var info = stat()
        let statted = fstat(fd, &info) == 0
        self.sizeHint = statted ? Int(info.st_size) : nil
        self.stableSize = statted && (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : nil
        self.fd = fd
        self.name = path
        #if os(Linux)
        _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
        #endif
    }

    static func message(for error: GlassboxCoreError) -> String {
        switch error {
        case .noSuchFile: "no such file"
        case .isDirectory: "is a directory, expected a CSV file"
        case .permissionDenied: "permission denied"
        case .unsupportedFileType(_, let kind): "is \(kind), not a file; give a regular file, or a pipe"
        default: error.description
        }
    }

    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        var filled = 0
        while filled < count {
            let n = Glibc.read(fd, buffer + filled, count - filled)
            if n < 0 {
                if errno == EINTR { continue }
                throw TabularError.file(path: name, message: "read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            filled += n
        }
        return filled
    }

    func rewind() throws {
        guard lseek(fd, 0, SEEK_SET) == 0 else {
            throw TabularError.file(path: name, message: "cannot rewind: \(String(cString: strerror(errno)))")
        }
    }

    func close() { _ = Glibc.close(fd) }
}

/// Bytes already in memory.
struct CSVMemorySource: CSVByteSource {
    let name = "<bytes>"
    let bytes: [UInt8]
    var offset = 0
    var sizeHint: Int? { bytes.count }
    var stableSize: Int? { bytes.count }
    var isInMemory: Bool { true }

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        let n = min(count, bytes.count - offset)
        if n > 0 {
            bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
        }
        offset += n
        return n
    }

    mutating func rewind() throws { offset = 0 }
}
