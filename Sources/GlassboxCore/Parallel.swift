import Dispatch

/// Splits row ranges across cores. Work is divided into a fixed number of contiguous chunks that
/// depends only on the row count (never on the number of threads), and partial results are merged
/// in chunk order, so sums come out bit-identical whatever the machine.
package enum Parallel {
    /// Number of worker threads used for row-parallel work (the machine's active processors).
    package static var workerCount: Int { max(1, ProcessInfoShim.activeProcessorCount) }

    /// Contiguous ranges covering `0..<count`, each at least `minimumChunk` long (except when
    /// `count` is smaller), at most `maximumChunks` of them.
    package static func chunks(count: Int, minimumChunk: Int = 65_536, maximumChunks: Int = 64) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let wanted = max(1, min(maximumChunks, count / max(1, minimumChunk)))
        let size = (count + wanted - 1) / wanted
        return stride(from: 0, to: count, by: size).map { $0..<min(count, $0 + size) }
    }

    /// Computes `body` for every chunk concurrently and returns the results in chunk order.
    package static func map<T: Sendable>(_ ranges: [Range<Int>], _ body: @Sendable (Range<Int>) -> T) -> [T] {
        let box = WriteOnceSlots<T>(count: ranges.count)
        DispatchQueue.concurrentPerform(iterations: ranges.count) { index in
            box.set(index, body(ranges[index]))
        }
        return box.values()
    }
}

/// Write-once slots filled from concurrent iterations; each index is written by exactly one thread,
/// through a raw buffer so that no exclusivity check sees overlapping accesses.
package final class WriteOnceSlots<T>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<T?>
    private let count: Int
    package init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }
    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }
    /// Stores the value of slot `index` (each slot is written once, by one thread).
    package func set(_ index: Int, _ value: T) { slots[index] = value }
    /// Every slot's value, in index order; all slots must have been set.
    package func values() -> [T] { (0..<count).map { slots[$0]! } }
}

#if canImport(Glibc)
import Glibc
enum ProcessInfoShim {
    static var activeProcessorCount: Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}
#else
import Foundation
enum ProcessInfoShim {
    static var activeProcessorCount: Int { ProcessInfo.processInfo.activeProcessorCount }
}
#endif
