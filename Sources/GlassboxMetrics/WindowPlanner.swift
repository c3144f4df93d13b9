/// The state of ``WindowPlan``'s radix refinement between passes, for callers that drive the passes
/// themselves (a streamed cache, Spark rounds): ask for ``emptyHistograms()``, fill them with every key
/// (one ``WindowPlanner/PassHistograms`` per lane, added with `+=`, or one for all), ``refine(with:)``,
/// until ``isComplete``; then ``plan``.
///
/// The state is an ascending list of segments: windows (closed) and open buckets (keys sharing a prefix,
/// > M of them, more than one distinct key). A pass splits every open bucket by its next 8-bit digit;
/// a sub-bucket holding ≤ M rows or a single key closes into a window of its smallest and largest key;
/// then adjacent windows are merged left to right while together they hold ≤ M rows. After every
/// pass two adjacent windows hold > M rows together, so the windows number ≤ 2·⌊n/(M + 1)⌋ + 1 and the
/// open buckets ≤ ⌊n/(M + 1)⌋: memory O(n/M) segments + 256 counters per open bucket.
package struct WindowPlanner: Sendable {
    /// A bucket still holding > M rows of more than one distinct key.
    fileprivate struct OpenBucket: Sendable {
        let prefix: UInt64
        let prefixBits: Int
        let rows: Int
    }

    fileprivate enum Segment: Sendable {
        case window(WindowPlan.Window)
        case open(OpenBucket)
    }

    /// The histograms of one pass: one ``KeyHistogram`` of the next digit per open bucket, in key order.
    /// Lanes fill their own and add them (`+=`) in any order.
    package struct PassHistograms: Sendable, Equatable {
        package private(set) var histograms: [KeyHistogram]
        /// Smallest and largest key of each bucket's range, for the binary search of `add(_ key:)`.
        private let lowerBounds: [UInt64]
        private let upperBounds: [UInt64]

        fileprivate init(_ buckets: [OpenBucket]) {
            histograms = buckets.map { KeyHistogram(prefix: $0.prefix, prefixBits: $0.prefixBits, digitBits: WindowPlan.digitBits) }
            lowerBounds = buckets.map { $0.prefixBits == 0 ? 0 : $0.prefix << UInt64(64 - $0.prefixBits) }
            upperBounds = zip(buckets, lowerBounds).map { $1 | (UInt64.max >> UInt64($0.prefixBits)) }
        }

        /// Counts `key` in the histogram of the open bucket holding it (binary search over the buckets);
        /// keys of closed windows are ignored.
        @inline(__always)
        package mutating func add(_ key: UInt64) {
            var low = 0
            var high = lowerBounds.count
            while low < high {
                let middle = (low + high) / 2
                if lowerBounds[middle] <= key { low = middle + 1 } else { high = middle }
            }
            guard low > 0, key <= upperBounds[low - 1] else { return }
            histograms[low - 1].add(key)
        }

        /// Counts every key of `lane`.
        package mutating func add(_ lane: UnsafeBufferPointer<UInt64>) {
            for key in lane { add(key) }
        }

        /// Adds the counts of `rhs`, the histograms of another lane for the same pass.
        package static func += (lhs: inout PassHistograms, rhs: PassHistograms) {
            precondition(lhs.histograms.count == rhs.histograms.count, "histograms of different passes")
            for i in lhs.histograms.indices { lhs.histograms[i] += rhs.histograms[i] }
        }
    }

    /// The row budget M.
    package let rowBudget: Int
    /// The number of keys n.
    package let count: Int
    /// Passes made so far.
    package private(set) var passes = 0
    private var segments: [Segment]

    /// The planner of `count` keys whose smallest is `minimumKey` and largest `maximumKey`, for windows of
    /// at most `rowBudget` rows. With no keys, n ≤ M or a single distinct key it is complete at once
    /// (one window [minimum, maximum], or none).
    package init(rowBudget: Int, count: Int, minimumKey: UInt64, maximumKey: UInt64) {
        precondition(rowBudget >= 1, "the row budget must be at least 1")
        precondition(count >= 0, "negative key count")
        self.rowBudget = rowBudget
        self.count = count
        if count == 0 {
            segments = []
            return
        }
        precondition(minimumKey <= maximumKey, "smallest key above the largest")
        if count <= rowBudget || minimumKey == maximumKey {
            segments = [.window(WindowPlan.Window(lowerKey: minimumKey, upperKey: maximumKey, rows: count))]
        } else {
            let common = (minimumKey ^ maximumKey).leadingZeroBitCount
            let prefix = common == 0 ? 0 : minimumKey >> UInt64(64 - common)
            segments = [.open(OpenBucket(prefix: prefix, prefixBits: common, rows: count))]
        }
    }

    /// Whether no bucket is left to refine.
    package var isComplete: Bool {
        !segments.contains { if case .open = $0 { true } else { false } }
    }

    /// Empty histograms for the next pass (one per open bucket, 256 counters each).
    package func emptyHistograms() -> PassHistograms {
        PassHistograms(segments.compactMap { if case .open(let bucket) = $0 { bucket } else { nil } })
    }

    /// Splits every open bucket by the digit histogrammed in `pass` (the histograms of every key, added),
    /// closes the sub-buckets of ≤ M rows or one key into windows and packs adjacent windows.
    package mutating func refine(with pass: PassHistograms) {
        precondition(!isComplete, "nothing left to refine")
        var next: [Segment] = []
        next.reserveCapacity(segments.count + 2 * pass.histograms.count)
        var histogramIndex = 0
        for segment in segments {
            guard case .open(let bucket) = segment else {
                next.append(segment)
                continue
            }
            precondition(histogramIndex < pass.histograms.count, "histograms of another pass")
            let histogram = pass.histograms[histogramIndex]
            histogramIndex += 1
            precondition(histogram.prefix == bucket.prefix && histogram.prefixBits == bucket.prefixBits,
                         "histogram of another bucket")
            precondition(histogram.counts.reduce(0, +) == bucket.rows, "the keys changed between passes")
            for digit in histogram.counts.indices where histogram.counts[digit] > 0 {
                let rows = histogram.counts[digit]
                let lower = histogram.minimumKeys[digit]
                let upper = histogram.maximumKeys[digit]
                if rows <= rowBudget || lower == upper {
                    next.append(.window(WindowPlan.Window(lowerKey: lower, upperKey: upper, rows: rows)))
                } else {
                    next.append(.open(OpenBucket(prefix: histogram.prefix << UInt64(histogram.digitBits) | UInt64(digit),
                                                 prefixBits: histogram.prefixBits + histogram.digitBits, rows: rows)))
                }
            }
        }
        precondition(histogramIndex == pass.histograms.count, "histograms of another pass")
        segments = Self.packed(next, rowBudget: rowBudget)
        passes += 1
    }

    /// Merges adjacent windows left to right while together they hold ≤ M rows; open buckets stay.
    private static func packed(_ segments: [Segment], rowBudget: Int) -> [Segment] {
        var result: [Segment] = []
        result.reserveCapacity(segments.count)
        for segment in segments {
            if case .window(let window) = segment, case .window(let last)? = result.last, last.rows + window.rows <= rowBudget {
                result[result.count - 1] = .window(WindowPlan.Window(lowerKey: last.lowerKey, upperKey: window.upperKey,
                                                                     rows: last.rows + window.rows))
            } else {
                result.append(segment)
            }
        }
        return result
    }

    /// The plan, once ``isComplete``.
    package var plan: WindowPlan {
        precondition(isComplete, "buckets left to refine")
        let windows = segments.map { if case .window(let window) = $0 { window } else { preconditionFailure() } }
        return WindowPlan(rowBudget: rowBudget, count: count, windows: windows, passes: passes)
    }
}
