/// The histogram of one radix digit of the keys that share a prefix: for each value of the next
/// `digitBits` bits, how many keys have it and their smallest and largest key. Lanes (row ranges,
/// threads, Spark partitions) fill their own histograms, which add exactly (`+=`) in any order.
package struct KeyHistogram: Sendable, Equatable {
    /// The bucket it refines: keys whose top `prefixBits` bits are `prefix`.
    package let prefix: UInt64
    package let prefixBits: Int
    /// Bits of the digit histogrammed (1…16; fewer than asked when the prefix leaves fewer).
    package let digitBits: Int
    /// Per digit value: count, smallest and largest key (`UInt64.max` / 0 when the count is 0).
    package private(set) var counts: [Int]
    package private(set) var minimumKeys: [UInt64]
    package private(set) var maximumKeys: [UInt64]

    /// An empty histogram of the `digitBits` bits below the top `prefixBits` bits `prefix`.
    package init(prefix: UInt64, prefixBits: Int, digitBits: Int) {
        precondition((0..<64).contains(prefixBits) && (1...16).contains(digitBits), "prefix or digit out of range")
        self.prefix = prefix
        self.prefixBits = prefixBits
        self.digitBits = min(digitBits, 64 - prefixBits)
        let size = 1 << self.digitBits
        counts = [Int](repeating: 0, count: size)
        minimumKeys = [UInt64](repeating: .max, count: size)
        maximumKeys = [UInt64](repeating: 0, count: size)
    }

    /// Whether `key` lies in the bucket this histogram refines.
    @inline(__always)
    package func contains(_ key: UInt64) -> Bool {
        prefixBits == 0 || key >> UInt64(64 - prefixBits) == prefix
    }

    /// Counts `key` if it lies in the bucket (keys outside it are ignored).
    @inline(__always)
    package mutating func add(_ key: UInt64) {
        guard contains(key) else { return }
        let digit = Int(truncatingIfNeeded: (key << UInt64(prefixBits)) >> UInt64(64 - digitBits))
        counts[digit] &+= 1
        if key < minimumKeys[digit] { minimumKeys[digit] = key }
        if key > maximumKeys[digit] { maximumKeys[digit] = key }
    }

    /// Adds the counts of `rhs`, a histogram of the same bucket and digit.
    package static func += (lhs: inout KeyHistogram, rhs: KeyHistogram) {
        precondition(lhs.prefix == rhs.prefix && lhs.prefixBits == rhs.prefixBits && lhs.digitBits == rhs.digitBits,
                     "histograms of different buckets")
        for d in 0..<lhs.counts.count where rhs.counts[d] > 0 {
            lhs.counts[d] += rhs.counts[d]
            lhs.minimumKeys[d] = min(lhs.minimumKeys[d], rhs.minimumKeys[d])
            lhs.maximumKeys[d] = max(lhs.maximumKeys[d], rhs.maximumKeys[d])
        }
    }
}
