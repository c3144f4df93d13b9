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
        var positiveKeys = [UInt64](), negativeKeys = [UInt64]()
        var positiveWeights = [Double](), negativeWeights = [Double]()
        positiveKeys.reserveCapacity(n)
        negativeKeys.reserveCapacity(n)
        for i in 0..<n {
            let key = orderedKey(scores[i])
            if outcomes[i] == 1 {
                positiveKeys.append(key)
                if let w = weights { positiveWeights.append(w[i]) }
            } else {
                negativeKeys.append(key)
                if let w = weights { negativeWeights.append(w[i]) }
            }
        }
        radixSort(&positiveKeys, payload: &positiveWeights)
        radixSort(&negativeKeys, payload: &negativeWeights)
        let weighted = weights != nil
        var numerator = 0.0, negativeBelow = 0.0, totalPositive = 0.0, totalNegative = 0.0
        var i = 0, j = 0
        while i < positiveKeys.count {
            let key = positiveKeys[i]
            while j < negativeKeys.count && negativeKeys[j] < key {
                negativeBelow += weighted ? negativeWeights[j] : 1
                j += 1
            }
            var equalNegative = 0.0
            var k = j
            while k < negativeKeys.count && negativeKeys[k] == key {
                equalNegative += weighted ? negativeWeights[k] : 1
                k += 1
            }
            var positive = 0.0
            while i < positiveKeys.count && positiveKeys[i] == key {
                positive += weighted ? positiveWeights[i] : 1
                i += 1
            }
            numerator += positive * (negativeBelow + 0.5 * equalNegative)
            totalPositive += positive
        }
        if weighted { for w in negativeWeights { totalNegative += w } } else { totalNegative = Double(negativeKeys.count) }
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
        let carry = payload.count == n
        guard n > 1 else { return }
        let bits = 11, buckets = 1 << bits, passes = 6
        var counts = [Int](repeating: 0, count: buckets * passes)
        for key in keys {
            for p in 0..<passes { counts[p * buckets + Int((key >> UInt64(p * bits)) & UInt64(buckets - 1))] += 1 }
        }
        var scratchKeys = [UInt64](repeating: 0, count: n)
        var scratchPayload = [Double](repeating: 0, count: carry ? n : 0)
        for p in 0..<passes {
            let base = p * buckets
            if counts[base..<(base + buckets)].contains(n) { continue }
            var offset = 0
            for b in 0..<buckets {
                let c = counts[base + b]
                counts[base + b] = offset
                offset += c
            }
            let shift = UInt64(p * bits), mask = UInt64(buckets - 1)
            keys.withUnsafeBufferPointer { src in
                scratchKeys.withUnsafeMutableBufferPointer { dst in
                    counts.withUnsafeMutableBufferPointer { offsets in
                        if carry {
                            payload.withUnsafeBufferPointer { ps in
                                scratchPayload.withUnsafeMutableBufferPointer { pd in
                                    for i in 0..<n {
                                        let d = base + Int((src[i] >> shift) & mask)
                                        let at = offsets[d]
                                        dst[at] = src[i]
                                        pd[at] = ps[i]
                                        offsets[d] = at + 1
                                    }
                                }
                            }
                        } else {
                            for i in 0..<n {
                                let d = base + Int((src[i] >> shift) & mask)
                                let at = offsets[d]
                                dst[at] = src[i]
                                offsets[d] = at + 1
                            }
                        }
                    }
                }
            }
            swap(&keys, &scratchKeys)
            if carry { swap(&payload, &scratchPayload) }
        }
    }
}
