extension BinaryMetrics {
    /// The same AUC as ``auc(scores:outcomes:weights:)`` (Mann–Whitney, ties one half, case weights),
    /// computed by sorting each class's scores with an LSD radix sort on order-preserving 64-bit
    /// keys and merging: O(n) passes instead of a comparison sort of row indices, which is what
    /// makes many permutation-importance repeats cheap.
    ///
    /// AUC = Σ_{distinct s} W₊(s)·(W₋(< s) + ½·W₋(s)) / (W₊ W₋); nil when a class has zero weight.
    /// Scores must not be NaN.
    public static func aucRadix(scores: [Double], outcomes: [Double], weights: [Double]? = nil) -> Double? {
        let n = scores.count
        precondition(outcomes.count == n && (weights?.count ?? n) == n, "lengths differ")
        var positives = [Int](), negatives = [Int]()
        for i in 0..<n { if outcomes[i] == 1 { positives.append(i) } else { negatives.append(i) } }
        return aucRadix(scores: scores, positives: positives, negatives: negatives, weights: weights)
    }

    /// ``aucRadix(scores:outcomes:weights:)`` with the classes given as row lists (`positives`: rows
    /// with outcome 1, `negatives`: the rest), so repeated calls on the same outcome skip the split.
    public static func aucRadix(scores: [Double], positives: [Int], negatives: [Int], weights: [Double]? = nil) -> Double? {
        let weighted = weights != nil
        var positiveKeys = positives.map { orderedKey(scores[$0]) }
        var negativeKeys = negatives.map { orderedKey(scores[$0]) }
        var positiveWeights = weights.map { w in positives.map { w[$0] } } ?? []
        var negativeWeights = weights.map { w in negatives.map { w[$0] } } ?? []
        radixSort(&positiveKeys, payload: &positiveWeights)
        radixSort(&negativeKeys, payload: &negativeWeights)
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

    /// A key whose unsigned order is the numeric order of `x` (−0 and +0 share a key).
    @inline(__always) static func orderedKey(_ x: Double) -> UInt64 {
        let bits = (x == 0 ? 0.0 : x).bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    /// Stable LSD radix sort with 11-bit digits (6 passes), carrying `payload` along (an empty
    /// payload carries nothing); passes whose digit is the same for every key are skipped.
    static func radixSort(_ keys: inout [UInt64], payload: inout [Double]) {
        let n = keys.count
        guard n > 1 else { return }
        let carry = payload.count == n
        let bits = 11, buckets = 1 << bits, passes = 6
        let mask = UInt64(buckets - 1)
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: buckets * passes)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0, count: buckets * passes)
        keys.withUnsafeBufferPointer { k in
            for i in 0..<n {
                let key = k[i]
                counts[Int(key & mask)] += 1
                counts[buckets + Int((key >> 11) & mask)] += 1
                counts[2 * buckets + Int((key >> 22) & mask)] += 1
                counts[3 * buckets + Int((key >> 33) & mask)] += 1
                counts[4 * buckets + Int((key >> 44) & mask)] += 1
                counts[5 * buckets + Int((key >> 55) & mask)] += 1
            }
        }
        var scratchKeys = [UInt64](repeating: 0, count: n)
        var scratchPayload = [Double](repeating: 0, count: carry ? n : 0)
        for p in 0..<passes {
            let offsets = counts + p * buckets
            var trivial = false
            for b in 0..<buckets where offsets[b] == n { trivial = true }
            if trivial { continue }
            var offset = 0
            for b in 0..<buckets {
                let c = offsets[b]
                offsets[b] = offset
                offset += c
            }
            let shift = UInt64(p * bits)
            keys.withUnsafeBufferPointer { src in
                scratchKeys.withUnsafeMutableBufferPointer { dst in
                    if carry {
                        payload.withUnsafeBufferPointer { ps in
                            scratchPayload.withUnsafeMutableBufferPointer { pd in
                                for i in 0..<n {
                                    let d = Int((src[i] >> shift) & mask)
                                    let at = offsets[d]
                                    dst[at] = src[i]
                                    pd[at] = ps[i]
                                    offsets[d] = at + 1
                                }
                            }
                        }
                    } else {
                        for i in 0..<n {
                            let d = Int((src[i] >> shift) & mask)
                            let at = offsets[d]
                            dst[at] = src[i]
                            offsets[d] = at + 1
                        }
                    }
                }
            }
            swap(&keys, &scratchKeys)
            if carry { swap(&payload, &scratchPayload) }
        }
    }
}
