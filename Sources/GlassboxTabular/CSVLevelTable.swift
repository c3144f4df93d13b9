/// Interns one text column's field bytes within one chunk, without building a `String` per field.
///
/// A field's bytes are hashed and looked up in an open-addressing table (linear probing) whose
/// entries keep a copy of each distinct byte string; equal hashes are confirmed by comparing bytes.
/// Only a byte string seen for the first time is classified: a missing token gets code −1, bytes
/// with a NUL or invalid UTF-8 are an error, anything else becomes a new level (one `String` per
/// distinct level). Because the classification depends only on the bytes, caching it gives exactly
/// the result of checking every field, and codes are first-seen order as before.
///
/// Memory is manual (the table lives in a buffer of per-column tables, mutated in place in the
/// parse loop); call ``release()`` once.
struct CSVLevelTable {
    /// Slot → entry index + 1 (0 = empty); `mask + 1` slots, a power of two.
    private var slots: UnsafeMutablePointer<Int32>
    private var mask: Int
    private var hashes: UnsafeMutablePointer<UInt64>
    private var offsets: UnsafeMutablePointer<Int>
    private var lengths: UnsafeMutablePointer<Int>
    private var codes: UnsafeMutablePointer<Int32>
    private var entryCapacity: Int
    private(set) var count = 0
    /// The distinct bytes, back to back.
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCapacity: Int
    private var arenaUsed = 0
    /// Levels in first-seen order (code k is `levels[k]`).
    private(set) var levels: [String] = []

    init() {
        let slotCount = 64
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: 0, count: slotCount)
        mask = slotCount - 1
        entryCapacity = 16
        hashes = .allocate(capacity: entryCapacity)
        offsets = .allocate(capacity: entryCapacity)
        lengths = .allocate(capacity: entryCapacity)
        codes = .allocate(capacity: entryCapacity)
        arenaCapacity = 256
        arena = .allocate(capacity: arenaCapacity)
    }

    func release() {
        slots.deallocate()
        hashes.deallocate()
        offsets.deallocate()
        lengths.deallocate()
        codes.deallocate()
        arena.deallocate()
    }

    /// A 64-bit hash of `p[0..<n]`, eight bytes at a time (multiply–xorshift mixing; quality only
    /// affects speed, never results, since matches are confirmed byte by byte).
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h = UInt64(truncatingIfNeeded: n) &* k
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i &+ 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* k
            h ^= h >> 29
            i &+= 8
        }
        if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                w |= UInt64(p[i]) << shift
                shift &+= 8
                i &+= 1
            }
            h = (h ^ w) &* k
            h ^= h >> 29
        }
        h = (h ^ (h >> 32)) &* k
        return h ^ (h >> 29)
    }

    /// The code stored for `p[0..<n]` (whose ``hash(_:_:)`` is `h`), or nil when these bytes are new.
    @inline(__always)
    func find(_ p: UnsafePointer<UInt8>, _ n: Int, hash h: UInt64) -> Int32? {
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = Int(slots[s])
            if e == 0 { return nil }
            let k = e &- 1
            if hashes[k] == h && lengths[k] == n && memoryEqual(arena + offsets[k], p, n) { return codes[k] }
            s = (s &+ 1) & mask
        }
    }

    @inline(__always)
    private func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        while i < n {
            if a[i] != b[i] { return false }
            i &+= 1
        }
        return true
    }

    /// Adds new bytes `p[0..<n]` (hash `h`): as a new level when `level` is true (returns its code),
    /// otherwise as a missing token (code −1).
    @inline(never)
    mutating func add(_ p: UnsafePointer<UInt8>, _ n: Int, hash h: UInt64, level: Bool) -> Int32 {
        var code: Int32 = -1
        if level {
            code = Int32(levels.count)
            levels.append(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
        }
        if count == entryCapacity { growEntries() }
        if arenaUsed + n > arenaCapacity {
            let capacity = max(arenaUsed + n, 2 * arenaCapacity)
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            bigger.update(from: arena, count: arenaUsed)
            arena.deallocate()
            arena = bigger
            arenaCapacity = capacity
        }
        (arena + arenaUsed).update(from: p, count: n)
        hashes[count] = h
        offsets[count] = arenaUsed
        lengths[count] = n
        codes[count] = code
        arenaUsed += n
        count += 1
        if 2 * count > mask { rehash() } else { place(count - 1) }
        return code
    }

    private func place(_ k: Int) {
        var s = Int(truncatingIfNeeded: hashes[k]) & mask
        while slots[s] != 0 { s = (s &+ 1) & mask }
        slots[s] = Int32(k + 1)
    }

    private mutating func growEntries() {
        let capacity = 2 * entryCapacity
        func grow<T>(_ p: inout UnsafeMutablePointer<T>) {
            let bigger = UnsafeMutablePointer<T>.allocate(capacity: capacity)
            bigger.moveInitialize(from: p, count: count)
            p.deallocate()
            p = bigger
        }
        grow(&hashes)
        grow(&offsets)
        grow(&lengths)
        grow(&codes)
        entryCapacity = capacity
    }

    /// Doubles the slots (load factor ≤ ½) and re-places every entry.
    private mutating func rehash() {
        let slotCount = 2 * (mask + 1)
        slots.deallocate()
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: 0, count: slotCount)
        mask = slotCount - 1
        for k in 0..<count { place(k) }
    }
}
