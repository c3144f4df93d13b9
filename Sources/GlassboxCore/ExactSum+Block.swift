extension ExactSum {
    /// Banks of exponent buckets: consecutive values go to different banks, so a run of values of one
    /// exponent does not wait on the previous value's bucket update.
    static let bankCount = 4
    /// Addends per block: each bank takes 1,024 of them, and 1,024 significands below 2⁵³ sum below
    /// 2⁶³ in an `Int64`.
    static let blockLength = 4096

    /// Adds every value of `values` exactly; the same result as adding them one by one with ``add(_:)``.
    ///
    /// Per block of 4,096 values each significand is added, signed, into an `Int64` bucket for its
    /// exponent (four banks by position): the "long accumulator" of Collange, Defour, Graillat &
    /// Iakymchuk (2015, "Numerical reproducibility for the parallel reduction on multi- and many-core
    /// architectures", Parallel Computing 49). The nonzero buckets are then folded into the digits, a
    /// handful per block for data of similar magnitude.
    package mutating func add(contentsOf values: UnsafeBufferPointer<Double>) {
        guard values.count >= 64, let base = values.baseAddress else {
            for x in values { add(x) }
            return
        }
        let bucketCount = Self.bankCount * 2048
        let buckets = UnsafeMutablePointer<Int64>.allocate(capacity: bucketCount)
        defer { buckets.deallocate() }
        // Only the buckets of the exponents present are written, and a fold reads (and zeroes) the touched range
        // rounded to pairs of exponents, or the first pair for a block without quads: zero just those, so a call of
        // a few hundred values (a calibration slope's Newton sums per group) does not clear all 64 KB.
        var low = 0x7FF, high = 0
        let bits = UnsafeRawPointer(base).assumingMemoryBound(to: UInt64.self)
        for i in 0..<values.count {
            let e = Int(truncatingIfNeeded: bits[i] >> 52) & 0x7FF
            low = min(low, e)
            high = max(high, e)
        }
        let zeroStart = (low << 2) & ~7, zeroEnd = min((high << 2) + 8, bucketCount) & ~7
        buckets.initialize(repeating: 0, count: 8)
        if zeroEnd > zeroStart { (buckets + zeroStart).initialize(repeating: 0, count: zeroEnd - zeroStart) }
        var start = 0
        while start < values.count {
            let end = min(start + Self.blockLength, values.count)
            let quads = (end &- start) >> 2
            var (lowest, highest) = Self.accumulateQuads(base + start, quads: quads, into: buckets)
            for i in (start &+ 4 &* quads)..<end { add(base[i]) }
            if lowest > highest { lowest = 0; highest = 0 }
            if highest == 0x7FF {
                for k in start..<end where !base[k].isFinite { addSpecial(base[k]) }
                (buckets + (0x7FF << 2)).update(repeating: 0, count: Self.bankCount)
            }
            // Only exponents lowest…highest were touched: scan those, two exponents (8 buckets) at a time.
            let first = (lowest << 2) & ~7, last = min((highest << 2) + 8, bucketCount) & ~7
            foldBuckets(buckets + first, count: last - first, firstIndex: first)
            start = end
        }
    }

    /// Adds the signed significands of `quads` groups of four values at `values` into their exponent's
    /// bucket (`buckets[exponent·4 + bank]`, bank = position mod 4); returns the smallest and largest
    /// exponent field seen (the largest is 0x7FF exactly when a NaN or ±∞ was among them).
    @inline(__always)
    static func accumulateQuads(_ values: UnsafePointer<Double>, quads: Int, into buckets: UnsafeMutablePointer<Int64>) -> (Int, Int) {
        var lowest = 0x7FF, highest = 0
        let raw = UnsafeRawPointer(values).assumingMemoryBound(to: UInt64.self)
        @inline(__always) func place(_ bits: UInt64, bank: Int) -> Int {
            let e = Int(truncatingIfNeeded: bits >> 52) & 0x7FF
            let m = Int64(bitPattern: bits & 0x000F_FFFF_FFFF_FFFF | (e == 0 ? 0 : 1 << 52))
            let s = Int64(bitPattern: bits) >> 63
            buckets[e &<< 2 | bank] &+= (m ^ s) &- s
            return e
        }
        var k = 0
        while k < quads {
            let e0 = place(raw[k &* 4], bank: 0), e1 = place(raw[k &* 4 &+ 1], bank: 1)
            let e2 = place(raw[k &* 4 &+ 2], bank: 2), e3 = place(raw[k &* 4 &+ 3], bank: 3)
            lowest = min(lowest, min(min(e0, e1), min(e2, e3)))
            highest = max(highest, max(max(e0, e1), max(e2, e3)))
            k &+= 1
        }
        return (lowest, highest)
    }

    /// ``add(contentsOf:)`` for an array.
    package mutating func add(contentsOf values: [Double]) {
        values.withUnsafeBufferPointer { add(contentsOf: $0) }
    }

    /// Adds each nonzero bucket of `buckets[0..<count]` (bucket index `firstIndex` + offset =
    /// exponent·4 + bank) into the digits and clears it, the banks of one exponent summed first while
    /// their sum fits an `Int64`. The digits are opened once per block, and carried first if the
    /// block's deposits could overflow them.
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
                    for exponentStart in [group, group &+ 4] {
                        let shift = max((firstIndex &+ exponentStart) >> 2, 1) &- 1
                        var sum: Int64 = 0
                        for bank in 0..<4 {
                            let v = buckets[exponentStart &+ bank]
                            buckets[exponentStart &+ bank] = 0
                            let (next, overflow) = sum.addingReportingOverflow(v)
                            if overflow {
                                Self.deposit(sum.magnitude, shift: shift, negative: sum < 0, into: d)
                                deposits &+= 1
                                sum = v
                            } else {
                                sum = next
                            }
                        }
                        if sum != 0 {
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
