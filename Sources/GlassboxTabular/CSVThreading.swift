/// Whether a CSV pass reads, hashes and parses on several threads or on the caller's thread only.
///
/// The threaded pipeline (``CSVBlockPipeline`` with a reader and a hasher thread, chunks parsed and
/// columns merged with `DispatchQueue.concurrentPerform`) pays off on large files, but starting and
/// joining two threads per call dominates for small inputs (tests, fuzzing, formula checks on a
/// few rows). Both paths run the same parser and merge in the same order, so they return the same
/// table, warnings, digest and errors; only the scheduling differs.
enum CSVThreading: Sendable {
    /// Single-threaded for in-memory bytes and for regular files below
    /// ``singleThreadedFileLimit``; threaded otherwise.
    case automatic
    /// Always the reader/hasher threads and concurrent chunk parsing.
    case threaded
    /// Everything on the caller's thread.
    case singleThreaded

    /// Files smaller than this (and smaller than one block) are read on the caller's thread: below
    /// it a block is parsed as one chunk anyway, and hashing it inline costs well under a millisecond.
    static let singleThreadedFileLimit = 1 << 20

    /// Resolves ``automatic`` for a source and the configured block size.
    func isSingleThreaded<Source: CSVByteSource>(for source: Source, blockSize: Int) -> Bool {
        switch self {
        case .threaded: return false
        case .singleThreaded: return true
        case .automatic:
            if source.isInMemory { return true }
            guard let size = source.stableSize else { return false }
            return size < min(blockSize, CSVThreading.singleThreadedFileLimit)
        }
    }
}
