import Dispatch
import GlassboxCore

extension BinaryMetrics {
    /// The same AUC as ``auc(scores:outcomes:weights:)`` (Mann–Whitney, ties one half, case weights),
    /// computed by sorting each class's scores with an LSD radix sort on order-preserving 64-bit
    /// keys and merging: O(n) passes instead of a comparison sort of row indices, which is what
    /// makes many permutation-importance repeats cheap.
    ///
    /// AUC = Σ_{distinct s} W₊(s)·(W₋(< s) + ½·W₋(s)) / (W₊ W₋); nil when a class has zero weight.
    /// Scores must not be NaN.
    package static func aucRadix(scores: [Double], outcomes: [Double], weights: [Double]? = nil) -> Double? {
        let n = scores.count
        precondition(outcomes.count == n && (weights?.count ?? n) == n, "lengths differ")
        var positives = [Int](), negatives = [Int]()
        for i in 0..<n { if outcomes[i] == 1 { positives.append(i) } else { negatives.append(i) } }
        return aucRadix(scores: scores, positives: positives, negatives: negatives, weights: weights)
    }

    /// ``aucRadix(scores:outcomes:weights:)`` with the classes given as row lists (`positives`: rows
    /// with outcome 1, `negatives`: the rest), so repeated calls on the same outcome skip the split.
    package static func aucRadix(scores: [Double], positives: [Int], negatives: [Int], weights: [Double]? = nil) -> Double? {
        let weighted = weights != nil
        // Keys are gathered and their high-digit histograms counted in one pass (see radixSort).
        let positiveCounts = UnsafeMutablePointer<Int>.allocate(capacity: 3 << 11)
        let negativeCounts = UnsafeMutablePointer<Int>.allocate(capacity: 3 << 11)
        defer {
            positiveCounts.deallocate()
            negativeCounts.deallocate()
        }
        var positiveKeys = gatherKeys(scores, rows: positives, counts: positiveCounts)
        var negativeKeys = gatherKeys(scores, rows: negatives, counts: negativeCounts)
        var positiveWeights = weights.map { w in positives.map { w[$0] } } ?? []
        var negativeWeights = weights.map { w in negatives.map { w[$0] } } ?? []
        radixSort(&positiveKeys, payload: &positiveWeights, counts: positiveCounts)
        radixSort(&negativeKeys, payload: &negativeWeights, counts: negativeCounts)
        var numerator = 0.0, totalPositive = 0.0, totalNegative = 0.0
        positiveKeys.withUnsafeBufferPointer { pk in
            negativeKeys.withUnsafeBufferPointer { nk in
                positiveWeights.withUnsafeBufferPointer { pw in
                    negativeWeights.withUnsafeBufferPointer { nw in
                        var negativeBelow = 0.0
                        var i = 0, j = 0
                        let np = pk.count, nn = nk.count
                        while i < np {
                            let key = pk[i]
                            while j < nn && nk[j] < key {
                                negativeBelow += weighted ? nw[j] : 1
                                j += 1
                            }
                            var equalNegative = 0.0
                            var k = j
                            while k < nn && nk[k] == key {
                                equalNegative += weighted ? nw[k] : 1
                                k += 1
                            }
                            var positive = 0.0
                            while i < np && pk[i] == key {
                                positive += weighted ? pw[i] : 1
                                i += 1
                            }
                            numerator += positive * (negativeBelow + 0.5 * equalNegative)
                            totalPositive += positive
                        }
                        if weighted { for v in nw { totalNegative += v } } else { totalNegative = Double(nn) }
                    }
                }
            }
        }
        guard totalPositive > 0, totalNegative > 0 else { return nil }
        return numerator / (totalPositive * totalNegative)
    }

    /// Row indices of `scores` in ascending score order with ties in row order — the order of a
    /// stable sort by (score, row) — from the same radix sort as the AUC (every pass is stable, and
    /// the rows ride along as the payload). −0 and +0 tie. Scores must not be NaN. O(n).
    ///
    /// Large inputs are sorted on all cores (``parallelRadixOrder(_:lanes:)``); the order is the same
    /// whatever the number of cores, since (score, row) is a total order.
    package static func radixOrder(_ scores: [Double]) -> [Int32] {
        let n = scores.count
        precondition(n < Int(Int32.max), "too many rows")
        let lanes = min(Parallel.workerCount, 16)
        if lanes > 1 && n >= 1 << 16 { return parallelRadixOrder(scores, lanes: lanes) }
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: 3 << 11)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0, count: 3 << 11)
        let mask = UInt64((1 << 11) - 1)
        var keys = [UInt64](unsafeUninitializedCapacity: n) { keys, count in
            scores.withUnsafeBufferPointer { s in
                for i in 0..<n {
                    let key = orderedKey(s[i])
                    keys[i] = key
                    counts[Int((key >> 31) & mask)] &+= 1
                    counts[(1 << 11) &+ Int((key >> 42) & mask)] &+= 1
                    counts[(2 << 11) &+ Int(key >> 53)] &+= 1
                }
            }
            count = n
        }
        // Row numbers are exact in a Double payload (n < 2^31).
        var rows = [Double](unsafeUninitializedCapacity: n) { p, count in
            for i in 0..<n { p[i] = Double(i) }
            count = n
        }
        radixSort(&keys, payload: &rows, counts: counts)
        return rows.map { Int32($0) }
    }

    /// The ordered keys of `scores[rows]`, filling `counts` (3 × 2048) with the histograms of the
    /// three high digits that ``radixSort(_:payload:counts:)`` sorts on.
    static func gatherKeys(_ scores: [Double], rows: [Int], counts: UnsafeMutablePointer<Int>) -> [UInt64] {
        counts.initialize(repeating: 0, count: 3 << 11)
        let mask = UInt64((1 << 11) - 1)
        return [UInt64](unsafeUninitializedCapacity: rows.count) { keys, count in
            scores.withUnsafeBufferPointer { s in
                rows.withUnsafeBufferPointer { r in
                    for k in 0..<r.count {
                        let key = orderedKey(s[r[k]])
                        keys[k] = key
                        counts[Int((key >> 31) & mask)] &+= 1
                        counts[(1 << 11) &+ Int((key >> 42) & mask)] &+= 1
                        counts[(2 << 11) &+ Int(key >> 53)] &+= 1
                    }
                }
            }
            count = rows.count
        }
    }

    /// A key whose unsigned order is the numeric order of `x` (−0 and +0 share a key): ``OrderedKey/key(_:)``.
    @inline(__always) static func orderedKey(_ x: Double) -> UInt64 {
        OrderedKey.key(x)
    }

    /// Sorts `keys` ascending, carrying `payload` along (an empty payload carries nothing).
    ///
    /// A stable LSD radix sort with 11-bit digits on the high 33 bits only (3 passes instead of 6;
    /// a pass whose digit is the same for every key is skipped), after which keys are ordered by
    /// `key >> 31`; runs sharing those bits are then finished exactly on the full key (insertion
    /// sort for short runs, the low-bit radix passes for long ones). The result is the same as a full
    /// sort: equal keys are indistinguishable, and payloads only matter summed per key.
    /// `counts`, when given, holds those digits' histograms already (``gatherKeys(_:rows:counts:)``).
    static func radixSort(_ keys: inout [UInt64], payload: inout [Double], counts: UnsafeMutablePointer<Int>? = nil) {
        let n = keys.count
        guard n > 1 else { return }
        let carry = payload.count == n
        var scratchKeys = [UInt64](repeating: 0, count: n)
        var scratchPayload = [Double](repeating: 0, count: carry ? n : 0)
        keys.withUnsafeMutableBufferPointer { k in
            scratchKeys.withUnsafeMutableBufferPointer { sk in
                payload.withUnsafeMutableBufferPointer { p in
                    scratchPayload.withUnsafeMutableBufferPointer { sp in
                        let kp = k.baseAddress!, skp = sk.baseAddress!
                        let pp = carry ? p.baseAddress : nil, spp = carry ? sp.baseAddress : nil
                        let inScratch = lsdPasses(kp, skp, pp, spp, count: n, lowestBit: 31, counted: counts)
                        if inScratch {
                            kp.update(from: skp, count: n)
                            if let pp, let spp { pp.update(from: spp, count: n) }
                        }
                        finishRuns(kp, skp, pp, spp, count: n)
                    }
                }
            }
        }
    }

    /// Three stable LSD passes with 11-bit digits at bits `lowestBit`, +11, +22 over `keys[0..<n]`, ping-ponging
    /// with `scratch`; returns whether the sorted data ended in the scratch buffers. `counted` holds
    /// the three digit histograms when the caller built them (they are consumed).
    private static func lsdPasses<Payload>(_ keys: UnsafeMutablePointer<UInt64>, _ scratch: UnsafeMutablePointer<UInt64>,
                                  _ payload: UnsafeMutablePointer<Payload>?, _ scratchPayload: UnsafeMutablePointer<Payload>?,
                                  count n: Int, lowestBit: UInt64, counted: UnsafeMutablePointer<Int>?) -> Bool {
        let buckets = 1 << 11
        let mask = UInt64(buckets - 1)
        let passes = 3
        let s0 = lowestBit, s1 = lowestBit + 11, s2 = lowestBit + 22
        let owned = counted == nil ? UnsafeMutablePointer<Int>.allocate(capacity: buckets * passes) : nil
        defer { owned?.deallocate() }
        let counts = counted ?? owned!
        if let owned {
            owned.initialize(repeating: 0, count: buckets * passes)
            for i in 0..<n {
                let key = keys[i]
                owned[Int((key >> s0) & mask)] &+= 1
                owned[buckets &+ Int((key >> s1) & mask)] &+= 1
                owned[2 &* buckets &+ Int((key >> s2) & mask)] &+= 1
            }
        }
        var src = keys, dst = scratch
        var srcPayload = payload, dstPayload = scratchPayload
        var swapped = false
        for p in 0..<passes {
            let offsets = counts + p * buckets
            var trivial = false
            for b in 0..<buckets where offsets[b] == n { trivial = true }
            if trivial { continue }
            var offset = 0
            for b in 0..<buckets {
                let c = offsets[b]
                offsets[b] = offset
                offset &+= c
            }
            let shift = lowestBit + 11 * UInt64(p)
            if let sp = srcPayload, let dp = dstPayload {
                for i in 0..<n {
                    let d = Int((src[i] >> shift) & mask)
                    let at = offsets[d]
                    dst[at] = src[i]
                    dp[at] = sp[i]
                    offsets[d] = at &+ 1
                }
            } else {
                for i in 0..<n {
                    let d = Int((src[i] >> shift) & mask)
                    let at = offsets[d]
                    dst[at] = src[i]
                    offsets[d] = at &+ 1
                }
            }
            swap(&src, &dst)
            swap(&srcPayload, &dstPayload)
            swapped.toggle()
        }
        return swapped
    }

    /// Sorts each run of keys with equal `key >> 31` on the full key.
    private static func finishRuns<Payload>(_ keys: UnsafeMutablePointer<UInt64>, _ scratch: UnsafeMutablePointer<UInt64>,
                                   _ payload: UnsafeMutablePointer<Payload>?, _ scratchPayload: UnsafeMutablePointer<Payload>?,
                                   count n: Int) {
        var start = 0
        while start < n {
            let prefix = keys[start] >> 31
            var end = start &+ 1
            var sorted = true
            while end < n && keys[end] >> 31 == prefix {
                if keys[end] < keys[end &- 1] { sorted = false }
                end &+= 1
            }
            let length = end &- start
            if !sorted {
                if length <= 48 {
                    // Insertion sort (stable) of keys[start..<end], payload alongside.
                    for i in (start &+ 1)..<end {
                        let key = keys[i]
                        let carried = payload?[i]
                        var j = i
                        while j > start && keys[j &- 1] > key {
                            keys[j] = keys[j &- 1]
                            payload?[j] = payload![j &- 1]
                            j &-= 1
                        }
                        keys[j] = key
                        if let carried { payload![j] = carried }
                    }
                } else {
                    let inScratch = lsdPasses(keys + start, scratch, payload.map { $0 + start }, scratchPayload,
                                              count: length, lowestBit: 0, counted: nil)
                    if inScratch {
                        (keys + start).update(from: scratch, count: length)
                        if let payload, let scratchPayload { (payload + start).update(from: scratchPayload, count: length) }
                    }
                }
            }
            start = end
        }
    }

    /// ``radixOrder(_:)`` with the work split over `lanes` contiguous row segments on as many threads:
    /// the same three stable LSD passes on the high 33 bits, each a parallel count of every segment's
    /// digits and a parallel scatter in which segment t writes after the keys of the same digit from
    /// segments before it (so each pass stays stable), then the runs sharing those bits finished on
    /// the full key, runs shared out between the segments. The rows ride along as 32-bit payload.
    /// The result is the unique stable order by (score, row), for any `lanes`.
    static func parallelRadixOrder(_ scores: [Double], lanes: Int) -> [Int32] {
        let n = scores.count
        let buckets = 1 << 11
        let mask = UInt64(buckets - 1)
        let memory = RadixOrderMemory(count: n, lanes: lanes, buckets: buckets)
        defer { memory.release() }
        let segments = (0..<lanes).map { t in (n * t / lanes)..<(n * (t + 1) / lanes) }
        scores.withUnsafeBufferPointer { s in
            let s = SendableScores(base: s.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: lanes) { t in
                for i in segments[t] {
                    memory.keys[i] = orderedKey(s.base[i])
                    memory.rows[i] = Int32(truncatingIfNeeded: i)
                }
            }
        }
        var inScratch = false
        for pass in 0..<3 {
            let shift = 31 + 11 * UInt64(pass)
            let flipped = inScratch
            let counts = memory.counts
            counts.initialize(repeating: 0, count: lanes * buckets)
            DispatchQueue.concurrentPerform(iterations: lanes) { t in
                let (src, _, _, _) = memory.buffers(flipped: flipped)
                let c = memory.counts + t * buckets
                for i in segments[t] { c[Int((src[i] >> shift) & mask)] &+= 1 }
            }
            // Offsets: digit-major, then segment order; a digit shared by every key needs no pass.
            var running = 0
            var trivial = false
            for b in 0..<buckets {
                var total = 0
                for t in 0..<lanes {
                    let c = counts[t * buckets + b]
                    counts[t * buckets + b] = running
                    running &+= c
                    total &+= c
                }
                if total == n { trivial = true }
            }
            if trivial { continue }
            DispatchQueue.concurrentPerform(iterations: lanes) { t in
                let (src, dst, srcRows, dstRows) = memory.buffers(flipped: flipped)
                let offsets = memory.counts + t * buckets
                for i in segments[t] {
                    let d = Int((src[i] >> shift) & mask)
                    let at = offsets[d]
                    dst[at] = src[i]
                    dstRows[at] = srcRows[i]
                    offsets[d] = at &+ 1
                }
            }
            inScratch.toggle()
        }
        let flipped = inScratch
        let (keys, _, rows, _) = memory.buffers(flipped: flipped)
        // Segment cuts moved forward to the start of a run of equal high bits, so no run is split.
        var cuts = [0]
        for t in 1..<lanes {
            var i = max(cuts.last!, n * t / lanes)
            while i > 0 && i < n && keys[i] >> 31 == keys[i - 1] >> 31 { i += 1 }
            cuts.append(i)
        }
        cuts.append(n)
        let runCuts = cuts
        DispatchQueue.concurrentPerform(iterations: lanes) { t in
            let (keys, scratch, rows, scratchRows) = memory.buffers(flipped: flipped)
            let a = runCuts[t], b = runCuts[t + 1]
            if b > a { finishRuns(keys + a, scratch + a, rows + a, scratchRows + a, count: b - a) }
        }
        return Array(UnsafeBufferPointer(start: rows, count: n))
    }
}

/// The buffers of ``BinaryMetrics/parallelRadixOrder(_:lanes:)``, shared by its lanes (each lane
/// writes disjoint positions in each step).
private struct RadixOrderMemory: @unchecked Sendable {
    let keys: UnsafeMutablePointer<UInt64>
    let scratchKeys: UnsafeMutablePointer<UInt64>
    let rows: UnsafeMutablePointer<Int32>
    let scratchRows: UnsafeMutablePointer<Int32>
    /// Per lane, one histogram (then offsets) of the current digit.
    let counts: UnsafeMutablePointer<Int>

    init(count n: Int, lanes: Int, buckets: Int) {
        keys = .allocate(capacity: n)
        scratchKeys = .allocate(capacity: n)
        rows = .allocate(capacity: n)
        scratchRows = .allocate(capacity: n)
        counts = .allocate(capacity: lanes * buckets)
    }

    /// The buffers holding the keys and rows now (first, third) and the scratch ones (second, fourth):
    /// swapped after every pass that moved the data (`flipped`: an odd number of such passes).
    func buffers(flipped: Bool) -> (UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<UInt64>,
                                    UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>) {
        flipped ? (scratchKeys, keys, scratchRows, rows) : (keys, scratchKeys, rows, scratchRows)
    }

    func release() {
        keys.deallocate()
        scratchKeys.deallocate()
        rows.deallocate()
        scratchRows.deallocate()
        counts.deallocate()
    }
}

/// The scores read by the lanes of ``BinaryMetrics/parallelRadixOrder(_:lanes:)``.
private struct SendableScores: @unchecked Sendable {
    let base: UnsafePointer<Double>
}
