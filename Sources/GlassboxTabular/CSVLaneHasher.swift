import GlassboxCore

/// The SHA-256 of a threaded pass's input, fed block by block by one of the parse lanes.
///
/// Hashing a block is one more task of the block's `concurrentPerform` (the first one handed out,
/// being the longest), instead of a third busy thread next to the two parse lanes: on two cores
/// three busy threads time-share, and a preempted chunk holds up the block's barrier. Blocks are
/// still hashed strictly in file order (block k's task ends before block k + 1's starts), so the
/// digest is the SHA-256 of the whole input. A block the parse lanes never see (the header not yet
/// complete) is hashed on the caller's thread by ``flush()``.
final class CSVLaneHasher: @unchecked Sendable {
    private var hasher = SHA256Hasher()
    /// The current block's bytes while they are not hashed yet.
    private var pending: UnsafeRawBufferPointer?

    init() {}

    /// Makes `bytes` (one block's own bytes, in file order) the next to hash.
    func enqueue(_ bytes: UnsafeRawBufferPointer) {
        precondition(pending == nil, "the previous block was not hashed")
        pending = bytes
    }

    /// Whether a block waits to be hashed.
    var hasPending: Bool { pending != nil }

    /// Hashes the pending block, if any (from the lane that owns this task, or the caller's thread).
    func flush() {
        guard let bytes = pending else { return }
        hasher.update(bytes)
        pending = nil
    }

    /// The lower-case hex digest of everything hashed (call once, after the last block).
    func finalizeHex() -> String {
        flush()
        return hasher.finalizeHex()
    }
}
