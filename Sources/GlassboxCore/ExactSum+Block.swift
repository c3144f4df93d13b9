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
            var specials = 0
            var i = start
            while i + 1 < end {
                let b0 = base[i].bitPattern, b1 = base[i + 1].bitPattern
                let e0 = Int(truncatingIfNeeded: b0 >> 52) & 0x7FF, e1 = Int(truncatingIfNeeded: b1 >> 52) & 0x7FF
                let m0 = Int64(bitPattern: b0 & 0x000F_FFFF_FFFF_FFFF | (e0 == 0 ? 0 : 1 << 52))
                let m1 = Int64(bitPattern: b1 & 0x000F_FFFF_FFFF_FFFF | (e1 == 0 ? 0 : 1 << 52))
                let s0 = Int64(bitPattern: b0) >> 63, s1 = Int64(bitPattern: b1) >> 63
                buckets[e0 << 1] &+= (m0 ^ s0) &- s0
                buckets[e1 << 1 | 1] &+= (m1 ^ s1) &- s1
                specials &+= (e0 &+ 1) >> 11 &+ (e1 &+ 1) >> 11
                i &+= 2
            }
            if i < end { add(base[i]) }
            if specials > 0 {
                for k in start..<end where !base[k].isFinite { addSpecial(base[k]) }
                buckets[0x7FF << 1] = 0
                buckets[0x7FF << 1 | 1] = 0
            }
            foldBuckets(buckets, count: bucketCount)
            start = end
        }
    }

    /// ``add(contentsOf:)`` for an array.
    package mutating func add(contentsOf values: [Double]) {
        values.withUnsafeBufferPointer { add(contentsOf: $0) }
    }

    /// Adds each nonzero bucket (index = exponent·2 + bank) into the digits and clears it. Buckets
    /// are scanned eight at a time, so the scan stays cheap next to the 2,048 additions of a block.
    private mutating func foldBuckets(_ buckets: UnsafeMutablePointer<Int64>, count: Int) {
        var group = 0
        while group < count {
            var any: Int64 = 0
            for j in 0..<8 { any |= buckets[group + j] }
            if any != 0 {
                for j in 0..<8 where buckets[group + j] != 0 {
                    let sum = buckets[group + j]
                    buckets[group + j] = 0
                    let exponent = (group + j) >> 1
                    deposit(magnitude: sum.magnitude, shift: max(exponent, 1) - 1, negative: sum < 0)
                }
            }
            group += 8
        }
    }
}
