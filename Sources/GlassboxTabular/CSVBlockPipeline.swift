import GlassboxCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the input ahead of the parser on its own thread and, with `hashing`, hashes it on another,
/// so that neither `read(2)` nor SHA-256 sits on the parser's critical path. (`CSVReader`'s threaded
/// passes hash in their parse lanes instead, `CSVLaneHasher`, and use this type for reading only.)
///
/// Blocks go through a ring of `slotCount` buffers. Block k lives in slot k mod `slotCount`; the
/// reader may refill a slot only when the parser has released the block in it and the hasher has
/// hashed it. Each slot has `headroom` spare bytes before the block, where the parser copies the
/// unfinished record carried over from the previous block so that the two are contiguous (the
/// hasher only reads the block's own bytes, which that copy never touches).
///
/// Blocks are hashed strictly in order, so the digest is the SHA-256 of the whole input.
///
/// With `threaded: false` there are no threads and one slot: ``next()`` reads and hashes the block
/// on the caller's thread (small inputs, where starting two threads per call costs more than the
/// overlap saves; see ``CSVThreading``). The blocks, their order and the digest are the same.
final class CSVBlockPipeline<Source: CSVByteSource>: @unchecked Sendable {
    /// One block handed to the parser.
    struct Block {
        /// Sequence number (0-based).
        let index: Int
        /// First byte of the block; `data - headroom` is still owned by the block's slot.
        let data: UnsafeMutablePointer<UInt8>
        /// Bytes read (less than the block size only for the last block).
        let count: Int
        /// Whether this is the last block.
        let isLast: Bool
    }

    let blockSize: Int
    let headroom: Int
    let slotCount: Int
    /// Whether the reader and hasher run on their own threads (else inline in ``next()``).
    let threaded: Bool
    /// The source, owned by the reader thread until ``finish()`` returns.
    private(set) var source: Source
    private let slots: [UnsafeMutablePointer<UInt8>]
    private var counts: [Int]
    private var hasher: SHA256Hasher?
    /// Whether blocks are hashed. The reader consults this, never `hasher` itself: the hasher
    /// thread mutates `hasher` outside the lock, so reading it from the reader thread would be a
    /// data race (ThreadSanitizer "Swift access race", found by `scripts/sanitizers.sh tsan`).
    private let hashing: Bool
    private var digest = ""

    // Shared state, guarded by `mutex`.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var readCount = 0
    private var hashedCount = 0
    private var releasedCount = 0
    /// Number of blocks in the input, known once the reader saw the end (or failed).
    private var totalBlocks: Int?
    private var readError: Error?
    private var cancelled = false
    private var threads: [CSVThread] = []
    private var finished = false

    init(source: Source, blockSize: Int, headroom: Int, slotCount: Int = 3, hashing: Bool, threaded: Bool = true) {
        self.source = source
        self.blockSize = blockSize
        self.headroom = headroom
        // Inline reading fills a slot only after the previous block was released: one suffices.
        self.slotCount = threaded ? slotCount : 1
        self.threaded = threaded
        slots = (0..<self.slotCount).map { _ in
            let slot = UnsafeMutablePointer<UInt8>.allocate(capacity: headroom + blockSize)
            CSVHugePages.advise(UnsafeMutableRawPointer(slot), bytes: headroom + blockSize)
            return slot
        }
        counts = [Int](repeating: 0, count: self.slotCount)
        self.hashing = hashing
        hasher = hashing ? SHA256Hasher() : nil
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        guard threaded else { return }
        threads.append(CSVThread { [unowned(unsafe) self] in self.readLoop() })
        if hashing { threads.append(CSVThread { [unowned(unsafe) self] in self.hashLoop() }) }
    }

    deinit {
        finish()
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
        for slot in slots { slot.deallocate() }
    }

    /// Waits for the next block, or returns `nil` after the last one. Rethrows a read error.
    func next() throws -> Block? {
        if !threaded { return try nextInline() }
        lock()
        defer { unlock() }
        let k = releasedCount
        while k >= readCount {
            if let total = totalBlocks, k >= total {
                if let error = readError { throw error }
                return nil
            }
            wait()
        }
        let slot = k % slotCount
        return Block(index: k, data: slots[slot] + headroom, count: counts[slot], isLast: counts[slot] < blockSize)
    }

    /// ``next()`` without threads: reads (and hashes) block `releasedCount` when it is not read yet.
    /// A read error is thrown at the block where the threaded reader would report it.
    private func nextInline() throws -> Block? {
        let k = releasedCount
        let slot = k % slotCount
        if k >= readCount {
            if let total = totalBlocks, k >= total {
                if let error = readError { throw error }
                return nil
            }
            let n: Int
            do {
                n = try source.read(into: slots[slot] + headroom, count: blockSize)
            } catch {
                counts[slot] = 0
                readError = error
                totalBlocks = readCount
                throw error
            }
            counts[slot] = n
            readCount += 1
            if n < blockSize { totalBlocks = readCount }
            if hasher != nil {
                hasher!.update(UnsafeRawBufferPointer(start: slots[slot] + headroom, count: n))
                hashedCount += 1
            }
        }
        return Block(index: k, data: slots[slot] + headroom, count: counts[slot], isLast: counts[slot] < blockSize)
    }

    /// Hands the block's slot back to the reader (after the parser no longer needs its bytes).
    func release(_ block: Block) {
        lock()
        precondition(block.index == releasedCount, "blocks must be released in order")
        releasedCount += 1
        broadcast()
        unlock()
    }

    /// Stops the threads (cancelling reads still ahead) and waits for them; returns the
    /// lower-case hex SHA-256 of the input when hashing and all blocks were hashed, else "".
    @discardableResult
    func finish() -> String {
        if finished { return digest }
        lock()
        // Normal end: every block released. Otherwise (an error) stop reading ahead.
        if totalBlocks == nil || releasedCount < totalBlocks! { cancelled = true }
        broadcast()
        unlock()
        for thread in threads { thread.join() }
        threads = []
        finished = true
        if !cancelled, var h = hasher { digest = h.finalizeHex() }
        hasher = nil
        return digest
    }

    private func readLoop() {
        var k = 0
        while true {
            lock()
            // Slot k % slotCount is free once block k - slotCount is both released and hashed.
            while !cancelled && k - slotCount >= min(releasedCount, hashing ? hashedCount : Int.max) { wait() }
            let stop = cancelled
            unlock()
            if stop { return }
            let slot = k % slotCount
            var n = 0
            var failure: Error?
            do { n = try source.read(into: slots[slot] + headroom, count: blockSize) } catch { failure = error }
            lock()
            counts[slot] = n
            if let failure {
                readError = failure
                totalBlocks = readCount
            } else {
                readCount += 1
                if n < blockSize { totalBlocks = readCount }
            }
            let done = totalBlocks != nil
            broadcast()
            unlock()
            if done { return }
            k += 1
        }
    }

    private func hashLoop() {
        var k = 0
        while true {
            lock()
            while !cancelled && k >= readCount && (totalBlocks == nil || k < totalBlocks!) { wait() }
            if cancelled || (totalBlocks != nil && k >= totalBlocks!) {
                unlock()
                return
            }
            let slot = k % slotCount
            let count = counts[slot]
            unlock()
            hasher!.update(UnsafeRawBufferPointer(start: slots[slot] + headroom, count: count))
            lock()
            hashedCount += 1
            broadcast()
            unlock()
            k += 1
        }
    }

    private func lock() { pthread_mutex_lock(mutex) }
    private func unlock() { pthread_mutex_unlock(mutex) }
    private func wait() { pthread_cond_wait(condition, mutex) }
    private func broadcast() { pthread_cond_broadcast(condition) }
}

/// A joinable POSIX thread running one closure (the pipeline's reader and hasher are long-lived
/// and block on a condition variable, which a Dispatch worker should not do).
final class CSVThread {
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    #if canImport(Glibc)
    private var thread = pthread_t()
    #else
    private var thread: pthread_t?
    #endif
    private var joined = false

    init(_ run: @escaping () -> Void) {
        let context = Unmanaged.passRetained(Body(run)).toOpaque()
        let status = pthread_create(&thread, nil, { raw in
            #if canImport(Glibc)
            let body = Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue()
            #else
            let body = Unmanaged<Body>.fromOpaque(raw).takeRetainedValue()
            #endif
            body.run()
            return nil
        }, context)
        precondition(status == 0, "cannot start a thread (pthread_create: \(status))")
    }

    func join() {
        guard !joined else { return }
        joined = true
        #if canImport(Glibc)
        pthread_join(thread, nil)
        #else
        pthread_join(thread!, nil)
        #endif
    }
}
