/// Finding the key of a given rank by radix selection: each pass histograms the next digit of the
/// keys in the target's current bucket (``KeyHistogram``), and the target descends into the
/// sub-bucket holding its rank, until that sub-bucket holds one distinct key (its smallest equals its
/// largest). No sort and no copy of the keys; memory is one histogram per distinct bucket.
///
/// The result (the key at the rank, how many keys lie below it and how many equal it) is the one a full
/// sort gives, whatever the lanes and the order their histograms are added in. Keys sharing a long
/// prefix (probabilities share the sign and most exponent bits) start below it; tied keys resolve as
/// soon as their bucket holds nothing else. At most ⌈(64 − common prefix) / digit bits⌉ passes.
package struct KeySelectionTarget: Sendable, Equatable {
    /// The 0-based rank in ascending key order.
    package let rank: Int
    /// The current bucket: keys whose top `prefixBits` bits are `prefix`.
    package private(set) var prefix: UInt64
    package private(set) var prefixBits: Int
    /// Keys of the scope below the current bucket (when resolved: below the key).
    package private(set) var countBelow: Int
    /// The key at the rank, once resolved.
    package private(set) var key: UInt64?
    /// Keys equal to ``key`` (0 until resolved).
    package private(set) var tied: Int

    /// The target of rank `rank` among `count` keys whose smallest is `minimumKey` and largest `maximumKey`
    /// (a first pass finds both); it starts in the bucket of their common prefix.
    package init(rank: Int, count: Int, minimumKey: UInt64, maximumKey: UInt64) {
        precondition(rank >= 0 && rank < count && minimumKey <= maximumKey, "rank outside the keys")
        self.rank = rank
        countBelow = 0
        tied = 0
        let common = (minimumKey ^ maximumKey).leadingZeroBitCount
        if common == 64 {
            prefix = minimumKey
            prefixBits = 64
            key = minimumKey
            tied = count
        } else {
            prefixBits = common
            prefix = common == 0 ? 0 : minimumKey >> UInt64(64 - common)
            key = nil
        }
    }

    /// An empty histogram of the next digit of this target's bucket; nil once resolved.
    package func nextHistogram(digitBits: Int) -> KeyHistogram? {
        key == nil ? KeyHistogram(prefix: prefix, prefixBits: prefixBits, digitBits: digitBits) : nil
    }

    /// Descends into the sub-bucket of `histogram` (the lanes' histograms of this target's bucket,
    /// added) that holds the rank; resolves the key when that sub-bucket holds a single distinct key.
    package mutating func descend(_ histogram: KeyHistogram) {
        guard key == nil else { return }
        precondition(histogram.prefix == prefix && histogram.prefixBits == prefixBits, "histogram of another bucket")
        var below = countBelow
        for digit in 0..<histogram.counts.count {
            let count = histogram.counts[digit]
            if rank < below + count {
                countBelow = below
                prefixBits += histogram.digitBits
                prefix = prefix << UInt64(histogram.digitBits) | UInt64(digit)
                if histogram.minimumKeys[digit] == histogram.maximumKeys[digit] {
                    key = histogram.minimumKeys[digit]
                    tied = count
                }
                return
            }
            below += count
        }
        preconditionFailure("the histogram does not hold the rank (keys changed between passes)")
    }
}
