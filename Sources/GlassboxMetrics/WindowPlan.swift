/// The windows of a bounded audit (`docs/design/bounded-audit.md` §2, step W): disjoint inclusive key
/// ranges, in ascending key order, that together hold every key, each small enough to be gathered,
/// sorted by (key, row) and swept in memory.
///
/// Rules, for a row budget M ≥ 1 and n ≥ 0 keys:
/// - every window holds ≤ M rows, unless it holds a single key (a run of > M tied scores is its own
///   window: a run is never split, so no run straddles two windows);
/// - windows are packed greedily: two adjacent windows together hold > M rows, hence
///   k windows hold n ≥ ⌊k/2⌋·(M + 1) rows, and k ≤ 2·⌊n/(M + 1)⌋ + 1 ≤ 2·⌈n/M⌉ + 1;
/// - a window's bounds are keys present (its smallest and largest key), so keys between two windows
///   do not occur;
/// - n = 0 gives no window.
///
/// The plan is found by radix refinement (``WindowPlanner``): no sort and no copy of the keys. The first
/// pass histograms the top 8-bit digit of the keys below the common prefix of the smallest and largest
/// key; each later pass histograms the next digit of the buckets still holding > M rows (at most
/// ⌊n/(M + 1)⌋ of them, 256 counters each), so at most ⌈(64 − common prefix)/8⌉ ≤ 8 passes, each one
/// scan of all keys. Histogram counts are integers and the smallest/largest keys are order-free, so
/// the plan does not depend on how the keys are split into lanes or the order the lanes are read in.
package struct WindowPlan: Sendable, Equatable {
    /// One window: the keys in `lowerKey...upperKey` (both present), `rows` of them.
    package struct Window: Sendable, Equatable {
        package let lowerKey: UInt64
        package let upperKey: UInt64
        package let rows: Int

        package init(lowerKey: UInt64, upperKey: UInt64, rows: Int) {
            self.lowerKey = lowerKey
            self.upperKey = upperKey
            self.rows = rows
        }
    }

    /// Bits of the digit histogrammed per pass.
    package static let digitBits = 8

    /// The row budget M the windows were packed for.
    package let rowBudget: Int
    /// Keys planned (n), the sum of the windows' rows.
    package let count: Int
    /// The windows, ascending and disjoint.
    package let windows: [Window]
    /// Scans of the keys made (0 when n ≤ M or all keys are equal: one window, known from min/max).
    package let passes: Int

    /// The largest number of windows the packing allows: 2·⌈n/M⌉ + 1 (0 for no keys).
    package static func maximumWindowCount(rowBudget: Int, count: Int) -> Int {
        count == 0 ? 0 : 2 * ((count - 1) / rowBudget + 1) + 1
    }

    /// The largest number of passes: ⌈(64 − common prefix of the smallest and largest key)/8⌉ ≤ 8.
    package static func maximumPasses(minimumKey: UInt64, maximumKey: UInt64) -> Int {
        let spread = 64 - (minimumKey ^ maximumKey).leadingZeroBitCount
        return (spread + digitBits - 1) / digitBits
    }

    /// Plans the windows of `count` keys whose smallest is `minimumKey` and largest `maximumKey`, for
    /// windows of at most `rowBudget` rows. `scan` is called once per pass; it must hand every key to
    /// `visit`, in lanes (contiguous buffers of keys: chunks of a memory-mapped cache, arrays) of any
    /// size and in any order, the same keys on every call.
    package static func plan(rowBudget: Int, count: Int, minimumKey: UInt64, maximumKey: UInt64,
                             scan: (_ visit: (UnsafeBufferPointer<UInt64>) -> Void) throws -> Void) rethrows -> WindowPlan {
        var planner = WindowPlanner(rowBudget: rowBudget, count: count, minimumKey: minimumKey, maximumKey: maximumKey)
        while !planner.isComplete {
            var histograms = planner.emptyHistograms()
            try scan { lane in histograms.add(lane) }
            planner.refine(with: histograms)
        }
        return planner.plan
    }

    /// The plan of the keys of `lanes` (the in-memory driver; tests).
    package static func plan(rowBudget: Int, lanes: [[UInt64]]) -> WindowPlan {
        let count = lanes.reduce(0) { $0 + $1.count }
        let minimum = lanes.lazy.compactMap { $0.min() }.min() ?? 0
        let maximum = lanes.lazy.compactMap { $0.max() }.max() ?? 0
        return plan(rowBudget: rowBudget, count: count, minimumKey: minimum, maximumKey: maximum) { visit in
            for lane in lanes { lane.withUnsafeBufferPointer(visit) }
        }
    }

    /// The index of the window holding `key`, by binary search; nil when no window's range holds it
    /// (a key that was not planned).
    package func windowIndex(of key: UInt64) -> Int? {
        var low = 0
        var high = windows.count
        while low < high {
            let middle = (low + high) / 2
            if windows[middle].lowerKey <= key { low = middle + 1 } else { high = middle }
        }
        guard low > 0, key <= windows[low - 1].upperKey else { return nil }
        return low - 1
    }
}
