import GlassboxCore

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

extension KeySelection {
    /// One selection pass over `lanes` (each a list of keys): per distinct bucket among the unresolved
    /// targets, each lane's histogram, added in lane order; every target then descends. Returns the
    /// number of unresolved targets left. The in-memory driver of the selection; a streamed or Spark
    /// caller does the same with its own lanes.
    package static func pass(_ targets: inout [KeySelectionTarget], lanes: [[UInt64]], digitBits: Int) -> Int {
        var histograms: [BucketID: KeyHistogram] = [:]
        for target in targets {
            guard let empty = target.nextHistogram(digitBits: digitBits) else { continue }
            let id = BucketID(prefix: target.prefix, prefixBits: target.prefixBits)
            if histograms[id] != nil { continue }
            var total = empty
            for lane in lanes {
                var histogram = empty
                for key in lane { histogram.add(key) }
                total += histogram
            }
            histograms[id] = total
        }
        for i in targets.indices {
            if let histogram = histograms[BucketID(prefix: targets[i].prefix, prefixBits: targets[i].prefixBits)] {
                targets[i].descend(histogram)
            }
        }
        return targets.count(where: { $0.key == nil })
    }

    /// The keys at `ranks` among all keys of `lanes`, by repeated ``pass(_:lanes:digitBits:)``, and the
    /// number of passes (the first, which finds the smallest and largest key, not counted).
    package static func select(ranks: [Int], lanes: [[UInt64]], digitBits: Int) -> (targets: [KeySelectionTarget], passes: Int) {
        let count = lanes.reduce(0) { $0 + $1.count }
        let all = lanes.joined()
        guard let minimum = all.min(), let maximum = all.max() else { return ([], 0) }
        var targets = ranks.map { KeySelectionTarget(rank: $0, count: count, minimumKey: minimum, maximumKey: maximum) }
        var passes = 0
        while targets.contains(where: { $0.key == nil }) {
            _ = pass(&targets, lanes: lanes, digitBits: digitBits)
            passes += 1
        }
        return (targets, passes)
    }
}

/// Radix selection of keys by rank (``KeySelectionTarget``, ``KeyHistogram``).
package enum KeySelection {
    /// A bucket: the keys whose top `prefixBits` bits are `prefix`.
    package struct BucketID: Hashable, Sendable {
        package let prefix: UInt64
        package let prefixBits: Int
    }
}
