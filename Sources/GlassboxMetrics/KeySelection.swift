/// Radix selection of keys by rank (``KeySelectionTarget``, ``KeyHistogram``).
package enum KeySelection {
    /// A bucket: the keys whose top `prefixBits` bits are `prefix`.
    package struct BucketID: Hashable, Sendable {
        package let prefix: UInt64
        package let prefixBits: Int
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
