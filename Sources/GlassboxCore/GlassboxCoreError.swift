/// File-system errors from the library's atomic file writes and input-file checks, with messages a CLI user can act on.
public enum GlassboxCoreError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The output file exists and `--force` was not given.
    case outputExists(path: String)
    /// The directory that should hold the file does not exist.
    case directoryMissing(path: String)
    /// The directory exists but a file cannot be created in it.
    case directoryNotWritable(path: String)
    /// The path names a directory where a file was expected.
    case isDirectory(path: String)
    /// The file does not exist.
    case noSuchFile(path: String)
    /// The file exists but cannot be read.
    case permissionDenied(path: String)
    /// The path names something that is neither a regular file nor a pipe (a character or block
    /// device, a socket): reading it could never end (`/dev/zero`) or would wait for a terminal.
    /// `kind` says what it is, e.g. "a character device".
    case unsupportedFileType(path: String, kind: String)
    /// The output path exists but is not something a file can be written to or over (a block device,
    /// a socket, a dangling or looping symbolic link, two outputs naming one file); `reason` says which.
    case cannotWrite(path: String, reason: String)
    /// The input path exists but cannot be opened as a file (a symbolic link loop, a name too long);
    /// `reason` says which.
    case unreadable(path: String, reason: String)
    /// An input file read whole into memory is larger than `limit` (already formatted, e.g. "1.0 GB");
    /// `reason` says where the limit comes from. Refused before memory runs out (an endless pipe, the wrong file).
    case tooLarge(path: String, limit: String, reason: String)
    /// A system call failed; `message` is the `strerror` text of `errno`.
    case io(path: String, operation: String, message: String)
    /// The temporary directory `directory` (`$TMPDIR`, or /tmp) has `available` free bytes, fewer than the
    /// `needed` a cache file (`purpose`, which says how the figure was estimated) takes: refused before the
    /// cache is written, or when the disk filled up while writing it (then `needed` counts the bytes so far).
    case temporarySpace(directory: String, purpose: String, needed: UInt64, available: UInt64)

    /// The message shown to the user.
    public var description: String {
        switch self {
        case .outputExists:
            return message.description
        case let .directoryMissing(path):
            return "\(path): directory does not exist"
        case let .directoryNotWritable(path):
            return "\(path): directory is not writable"
        case let .isDirectory(path):
            return "\(path): is a directory, expected a file"
        case let .noSuchFile(path):
            return "\(path): no such file"
        case let .permissionDenied(path):
            return "\(path): permission denied"
        case let .unsupportedFileType(path, kind):
            return "\(path): is \(kind), not a file; give a regular file, or a pipe"
        case let .cannotWrite(path, reason):
            return "\(path): cannot write the output here: \(reason)"
        case let .unreadable(path, reason):
            return "\(path): cannot read: \(reason)"
        case let .tooLarge(path, limit, reason):
            return "\(path): is larger than \(limit), \(reason); is this the right file?"
        case let .io(path, operation, message):
            return "\(path): \(operation) failed: \(message)"
        case let .temporarySpace(directory, purpose, needed, available):
            return "\(directory): \(purpose) needs about \(MemoryLimit.format(needed)) of temporary space, more than the "
                + "\(MemoryLimit.format(available)) free there; set TMPDIR to a directory on a disk with more free space"
        }
    }
}
