import GlassboxCore
import GlassboxMetrics

/// Scratch memory for one permutation at a time: the permuted scores and the bucketed AUC's buckets.
/// Reused across permutations so that each one touches warm pages instead of allocating (and
/// page-faulting) several megabytes.
final class PermutationScratch: @unchecked Sendable {
    let scores: UnsafeMutableBufferPointer<Double>
    let auc: BucketAUCWorkspace

    init(rows: Int) {
        scores = .allocate(capacity: rows)
        auc = BucketAUCWorkspace(capacity: rows)
    }

    deinit { scores.deallocate() }

    /// Lends a scratch to `body`, from `pool` when one is free, else new; it goes back to the pool after,
    /// so at most one scratch per concurrent worker is ever made.
    static func withScratch<R>(rows: Int, pool: LockedValue<[PermutationScratch]>,
                               _ body: (PermutationScratch) throws -> R) rethrows -> R {
        let scratch = pool.withLock { $0.popLast() } ?? PermutationScratch(rows: rows)
        defer { pool.withLock { $0.append(scratch) } }
        return try body(scratch)
    }
}
