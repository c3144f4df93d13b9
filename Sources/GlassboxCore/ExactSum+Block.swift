extension ExactSum {
    /// Addends per block: each of the two banks of exponent buckets takes 1,024 of them, and 1,024
    /// significands below 2⁵³ sum below 2⁶³ in an `Int64`.
    static let blockLength = 2048

    /// Adds every value of `values` exactly; the same result as adding them one by one with ``add(_:)``.
    ///
    /// Per block of 2,048 values each significand is added, signed, into an `Int64` bucket for its
    /// exponent (two banks, even and odd positions, so consecutive values of one exponent do not wait
    /// on each other): the "long accumulator" of Collange, Defour, Graillat & Iakymchuk (2015,
    /// "Numerical reproducibility for the parallel reduction on multi- and many-core architectures",
    /// Parallel Computing 49). The nonzero buckets are then folded into the digits, a handful per block
    /// for data of similar magnitude.
    package mutating func add(contentsOf values: UnsafeBufferPointer<Double>) {
        guard values.count >= 64, let base = values.baseAddress else {
            for x in values { add(x) }
            return
        }
        let bucketCount = 2 * 2048
        let buckets = UnsafeMutablePointer<Int64>.allocate(capacity: bucketCount)
        defer { buckets.deallocate() }
        buckets.initialize(repeating: 0, count: bucketCount)
        var start = 0
        while start < values.count {
            let end = min(start + Self.blockLength, values.count)
            let pairs = (end &- start) >> 1
            var (lowest, highest) = Self.accumulatePairs(base + start, pairs: pairs, into: buckets)
            let i = start &+ 2 &* pairs
            if i < end { add(base[i]) }
            if lowest > highest { lowest = 0; highest = 0 }
            if highest == 0x7FF {
                for k in start..<end where !base[k].isFinite { addSpecial(base[k]) }
                buckets[0x7FF << 1] = 0
                buckets[0x7FF << 1 | 1] = 0
            }
            // Only exponents lowest…highest were touched; the scan covers whole groups of 8 buckets.
            let first = (lowest << 1) & ~7, last = min(((highest << 1) | 1) + 8, bucketCount) & ~7
            foldBuckets(buckets + first, count: last - first, firstIndex: first)
            start = end
        }
    }

    /// Adds the signed significands of `pairs` pairs of values at `values` into their exponent's bucket
    /// (`buckets[exponent·2 + bank]`, bank = position parity); returns the smallest and largest
    /// exponent field seen (the largest is 0x7FF exactly when a NaN or ±∞ was among them).
    @inline(__always)
    static func accumulatePairs(_ values: UnsafePointer<Double>, pairs: Int, into buckets: UnsafeMutablePointer<Int64>) -> (Int, Int) {
        var lowest = 0x7FF, highest = 0
        let raw = UnsafeRawPointer(values).assumingMemoryBound(to: UInt64.self)
        var k = 0
        while k < pairs {
            let b0 = raw[k &* 2], b1 = raw[k &* 2 &+ 1]
            let e0 = Int(truncatingIfNeeded: b0 >> 52) & 0x7FF, e1 = Int(truncatingIfNeeded: b1 >> 52) & 0x7FF
            let m0 = Int64(bitPattern: b0 & 0x000F_FFFF_FFFF_FFFF | (e0 == 0 ? 0 : 1 << 52))
            let m1 = Int64(bitPattern: b1 & 0x000F_FFFF_FFFF_FFFF | (e1 == 0 ? 0 : 1 << 52))
            let s0 = Int64(bitPattern: b0) >> 63, s1 = Int64(bitPattern: b1) >> 63
            buckets[e0 &<< 1] &+= (m0 ^ s0) &- s0
            buckets[e1 &<< 1 | 1] &+= (m1 ^ s1) &- s1
            lowest = min(lowest, min(e0, e1))
            highest = max(highest, max(e0, e1))
            k &+= 1
        }
        return (lowest, highest)
    }

    /// ``add(contentsOf:)`` for an array.
    package mutating func add(contentsOf values: [Double]) {
        values.withUnsafeBufferPointer { add(contentsOf: $0) }
    }

    /// Adds each nonzero bucket of `buckets[0..<count]` (bucket index `firstIndex` + offset = exponent·2 + bank)
    /// into the digits and clears it. Buckets
    /// are scanned eight at a time, so the scan stays cheap next to the 2,048 additions of a block;
    /// the digits are opened once per block and carried first if the block's deposits could overflow them.
    private mutating func foldBuckets(_ buckets: UnsafeMutablePointer<Int64>, count: Int, firstIndex: Int) {
        if digits.isEmpty { digits = [Int64](repeating: 0, count: Self.digitCount) }
        if pending > Self.pendingLimit - count { carry() }
        guard !digits.isEmpty else {
            buckets.update(repeating: 0, count: count)
            return
        }
        var deposits = 0
        digits.withUnsafeMutableBufferPointer { d in
            var group = 0
            while group < count {
                var any: Int64 = 0
                for j in 0..<8 { any |= buckets[group &+ j] }
                if any != 0 {
                    // The two banks of one exponent: one deposit of their sum unless it overflows an Int64.
                    for j in stride(from: 0, to: 8, by: 2) where buckets[group &+ j] | buckets[group &+ j &+ 1] != 0 {
                        let even = buckets[group &+ j], odd = buckets[group &+ j &+ 1]
                        buckets[group &+ j] = 0
                        buckets[group &+ j &+ 1] = 0
                        let shift = max((firstIndex &+ group &+ j) >> 1, 1) &- 1
                        let (sum, overflow) = even.addingReportingOverflow(odd)
                        if overflow {
                            Self.deposit(even.magnitude, shift: shift, negative: even < 0, into: d)
                            Self.deposit(odd.magnitude, shift: shift, negative: odd < 0, into: d)
                            deposits &+= 2
                        } else {
                            Self.deposit(sum.magnitude, shift: shift, negative: sum < 0, into: d)
                            deposits &+= 1
                        }
                    }
                }
                group &+= 8
            }
        }
        pending &+= deposits
    }

    /// Adds ±`magnitude`·2^(`shift` − 1074) into three of the digits `d` (each gains less than 2³²).
    @inline(__always)
    static func deposit(_ magnitude: UInt64, shift: Int, negative: Bool, into d: UnsafeMutableBufferPointer<Int64>) {
        let index = shift >> 5, offset = UInt64(shift & 31)
        let shifted = magnitude << offset
        let low = Int64(shifted & 0xFFFF_FFFF)
        let middle = Int64(shifted >> 32)
        let high = offset == 0 ? 0 : Int64(magnitude >> (64 - offset))
        if negative {
            d[index] &-= low
            d[index &+ 1] &-= middle
            d[index &+ 2] &-= high
        } else {
            d[index] &+= low
            d[index &+ 1] &+= middle
            d[index &+ 2] &+= high
        }
    }
}
