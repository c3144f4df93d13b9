#if canImport(Glibc)
import Glibc
#endif

/// Transparent-huge-page advice for the reader's large buffers.
enum CSVHugePages {
    /// Asks Linux to back the 2 MB-aligned interior of `[base, base + bytes)` with huge pages
    /// before it is first touched: the reader fills hundreds of MB of fresh memory (column storage,
    /// block buffers), and 2 MB pages turn ~500 page faults into one. Does nothing elsewhere, and
    /// nothing harmful when the kernel declines (THP disabled, region too small).
    static func advise(_ base: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
        let hugePage = 2 << 20
        let start = (Int(bitPattern: base) + hugePage - 1) & ~(hugePage - 1)
        let end = (Int(bitPattern: base) + bytes) & ~(hugePage - 1)
        if end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) {
            _ = madvise(pointer, end - start, MADV_HUGEPAGE)
        }
        #endif
    }
}
