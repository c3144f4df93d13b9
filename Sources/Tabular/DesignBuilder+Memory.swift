#if canImport(Glibc)
import Glibc
#endif

/// Memory hints for the (large) design storage.
extension DesignBuilder {
    /// Asks Linux to back the 2 MiB-aligned interior of a fresh, untouched allocation with
    /// transparent huge pages (`madvise(MADV_HUGEPAGE)`), before anything is written to it.
    ///
    /// Why: filling a new 240 MB design (1,000,000 × 30) is dominated by first-touch page faults,
    /// one per 4 KiB page; measured here, a plain copy into fresh memory took 0.14–0.20 s of CPU
    /// with 4 KiB pages and 0.06 s with huge pages. The hint changes no value, only the page size;
    /// it is ignored where THP is disabled and is a no-op on other systems.
    static func adviseHugePages(_ buffer: UnsafeMutableBufferPointer<Double>) {
        #if canImport(Glibc)
        let huge = 2 << 20
        guard let base = buffer.baseAddress, buffer.count * MemoryLayout<Double>.stride >= 2 * huge else { return }
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let end = Int(bitPattern: base + buffer.count) & ~(huge - 1)
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(pointer, end - start, MADV_HUGEPAGE)
        #endif
    }
}
