import GlassboxCore
import GlassboxMetrics

extension GroupRankStatistics {
    /// The window-ordered copy's name in messages.
    static let windowCachePurpose = "the streamed audit's window-ordered projection cache"

    /// ``compute(_:attributes:overall:include:bins:probability:windowRows:exactSumsOnly:)`` of the rows of a
    /// ``ProjectionCache`` without loading them: step W of `docs/design/bounded-audit.md` §3, with resident
    /// memory for one window of at most `rowBudget` rows (M) plus the sweep states, not for the rows.
    ///
    /// 1. **Bounds** (one scan of the cache, group by group): the smallest and largest score key
    ///    (``OrderedKey``), the fixed-point scales of the weights and score terms (``FixedPointScale/Bounds``),
    ///    and each attribute's group sizes n_g.
    /// 2. **Plan** (``WindowPlan``, one scan of the keys per pass, the cache's row groups as lanes): disjoint key
    ///    ranges of ≤ M rows, or a single key.
    /// 3. **Scatter** (one scan): a counting sort into a second, nameless cache (``TemporaryCacheFile``) whose
    ///    columns (scores, global row index, weights, codes, outcomes) hold the rows window after window;
    ///    window j's rows start at the sum of the earlier windows' planned sizes. Each row group's rows are
    ///    ordered by window (stably), so each window's share of the group is one `pwrite` per column, and the
    ///    rows of a window lie in ascending row order.
    /// 4. **Sweep**, windows in key order: a window of several keys (≤ M rows) is read and sorted by score
    ///    with ``BinaryMetrics/radixOrder(_:)``, stable, so ties stay in row order: (key, row) order; a window
    ///    of one key is already in row order and is fed in stretches of ≤ M rows as it is read. Each
    ///    attribute's ``RankSweep`` (and the overall one) is fed every window.
    ///
    /// The sums are exact and read out once (``RankSweep``), so the result is the in-memory computation's,
    /// bit for bit, for every M. `levels[a]` is the number of attribute a's labels (its codes index them):
    /// first the cache's attributes, then one per `extraCodes` column, codes held in memory by global row
    /// (an intersection attribute built from the level codes), read through each window's row indices;
    /// `include` and `overall` are as in the in-memory form.
    /// - Throws: ``GlassboxCoreError`` when the window-ordered cache cannot be created or written (a full
    ///   `temporaryDirectory`: ``GlassboxCoreError/temporarySpace(directory:purpose:needed:available:)``).
    package static func compute(_ cache: ProjectionCache, levels: [Int], extraCodes: [[Int32]] = [], overall: Bool = false, include: [[Bool]], bins: Int,
                                probability: Bool, rowBudget: Int, temporaryDirectory: TemporaryDirectory = .current,
                                exactSumsOnly: Bool = false) throws -> [[GroupRankStatistics]] {
        precondition(rowBudget >= 1, "the row budget must be at least 1")
        precondition(levels.count == cache.attributes + extraCodes.count && include.count == levels.count + (overall ? 1 : 0),
                     "attributes unlike the cache")
        precondition(extraCodes.allSatisfy { $0.count == cache.rows }, "extra codes of other rows")
        let n = cache.rows, weighted = cache.weighted

        // 1. Bounds: key range, scales, group sizes.
        var minimumKey = UInt64.max, maximumKey = UInt64.min
        var weightBounds = FixedPointScale.Bounds(), scoreBounds = FixedPointScale.Bounds()
        var binaryOutcomes = true
        var sizes = levels.map { [Int](repeating: 0, count: $0) }
        for g in 0..<cache.groups {
            cache.withSegment(.scores, group: g, as: Double.self) { scores in
                for s in scores {
                    let key = OrderedKey.key(s)
                    minimumKey = min(minimumKey, key)
                    maximumKey = max(maximumKey, key)
                }
                if weighted {
                    cache.withSegment(.weights, group: g, as: Double.self) { weights in
                        for (w, s) in zip(weights, scores) {
                            weightBounds.add(w)
                            if probability { scoreBounds.add(w * s) }
                        }
                    }
                } else if probability {
                    for s in scores { scoreBounds.add(s) }
                }
            }
            cache.withSegment(.outcomes, group: g, as: UInt8.self) { outcomes in
                if outcomes.contains(where: { $0 > 1 }) { binaryOutcomes = false }
            }
            for a in 0..<cache.attributes {
                cache.withSegment(.codes(a), group: g, as: Int32.self) { codes in
                    for c in codes {
                        precondition(c >= 0 && Int(c) < levels[a], "group code \(c) outside attribute \(a)'s \(levels[a]) labels")
                        sizes[a][Int(c)] += 1
                    }
                }
            }
        }
        for (e, codes) in extraCodes.enumerated() {
            let a = cache.attributes + e
            for c in codes {
                precondition(c >= 0 && Int(c) < levels[a], "group code \(c) outside attribute \(a)'s \(levels[a]) labels")
                sizes[a][Int(c)] += 1
            }
        }
        let weightScale = exactSumsOnly || !binaryOutcomes ? nil : weightBounds.scale(count: n)
        let scoreScale = exactSumsOnly || !probability ? nil : scoreBounds.scale(count: n)

        // 2. Plan.
        let keys = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(cache.groupRows, 1))
        defer { keys.deallocate() }
        func keysOfGroup(_ g: Int) -> UnsafeBufferPointer<UInt64> {
            cache.withSegment(.scores, group: g, as: Double.self) { scores in
                for i in scores.indices { keys[i] = OrderedKey.key(scores[i]) }
                return UnsafeBufferPointer(rebasing: keys[0..<scores.count])
            }
        }
        let plan = WindowPlan.plan(rowBudget: rowBudget, count: n, minimumKey: minimumKey, maximumKey: maximumKey) { visit in
            for g in 0..<cache.groups { visit(keysOfGroup(g)) }
        }

        // 3. Scatter.
        let ordered = try WindowOrderedCache(scattering: cache, plan: plan, keysOfGroup: keysOfGroup, directory: temporaryDirectory)

        // 4. Sweep.
        let sweeps = (0..<include.count).map { a in
            RankSweep(sizes: a < levels.count ? sizes[a] : [n], bins: bins, probability: probability, weighted: weighted,
                      weightScale: weightScale, scoreScale: scoreScale)
        }
        for (j, window) in plan.windows.enumerated() {
            let range = ordered.starts[j]..<ordered.starts[j + 1]
            if window.lowerKey == window.upperKey {
                var first = range.lowerBound
                while first < range.upperBound {
                    let stretch = first..<min(first + rowBudget, range.upperBound)
                    ordered.feed(sweeps, rows: stretch, order: nil, extraCodes: extraCodes)
                    first = stretch.upperBound
                }
            } else {
                let scores = ordered.scores(range)
                ordered.feed(sweeps, rows: range, order: BinaryMetrics.radixOrder(scores), scores: scores, extraCodes: extraCodes)
            }
        }
        return sweeps.enumerated().map { a, sweep in sweep.finish(include: include[a]) }
    }
}

/// The rows of a ``ProjectionCache`` in window order (step W's second cache): a nameless file of columns,
/// each holding the rows window after window (window j at positions `starts[j]..<starts[j + 1]`), rows of
/// a window in ascending row order: scores (8 bytes per row), global row index (8), weights (8, weighted
/// caches only), one code per attribute (4 each), outcomes (1).
private struct WindowOrderedCache {
    /// Byte offsets of the columns of `rows` rows.
    struct Layout {
        let rows: Int, attributes: Int, weighted: Bool
        var scoreColumn: Int { 0 }
        var rowColumn: Int { 8 * rows }
        var weightColumn: Int { 16 * rows }
        func codeColumn(_ a: Int) -> Int { (weighted ? 24 : 16) * rows + 4 * a * rows }
        var outcomeColumn: Int { codeColumn(attributes) }
        var bytes: Int { outcomeColumn + rows }
    }

    let starts: [Int]
    let layout: Layout
    let mapping: MappedFileRegion
    private var attributes: Int { layout.attributes }

    /// Scatters `cache` into window order by `plan` (`keysOfGroup(g)`: the keys of row group g).
    init(scattering cache: ProjectionCache, plan: WindowPlan, keysOfGroup: (Int) -> UnsafeBufferPointer<UInt64>,
         directory: TemporaryDirectory) throws {
        let layout = Layout(rows: cache.rows, attributes: cache.attributes, weighted: cache.weighted)
        self.layout = layout
        var starts = [0]
        starts.reserveCapacity(plan.windows.count + 1)
        for window in plan.windows { starts.append(starts[starts.count - 1] + window.rows) }
        precondition(starts.last == cache.rows, "a plan of other rows")
        self.starts = starts
        let file = try TemporaryCacheFile(in: directory, purpose: GroupRankStatistics.windowCachePurpose)
        var next = Array(starts.dropLast())
        var window = [Int](), order = [Int]()
        for g in 0..<cache.groups {
            let firstRow = cache.rowRange(ofGroup: g).lowerBound
            let lane = keysOfGroup(g)
            window = lane.map { key in
                guard let j = plan.windowIndex(of: key) else { preconditionFailure("a key outside the plan's windows (the cache changed)") }
                return j
            }
            // A counting sort by window over the windows the group touches: stable, so rows of one window stay in
            // row order; O(rows + windows spanned), no comparisons.
            let lowest = window.min() ?? 0, highest = window.max() ?? -1
            var slot = [Int](repeating: 0, count: max(0, highest - lowest + 2))
            for j in window { slot[j - lowest + 1] += 1 }
            for k in slot.indices.dropFirst() { slot[k] += slot[k - 1] }
            order = [Int](repeating: 0, count: window.count)
            for (i, j) in window.enumerated() {
                order[slot[j - lowest]] = i
                slot[j - lowest] += 1
            }
            // Runs of one window in `order`: (window, first index in order, length).
            var runs = [(window: Int, start: Int, count: Int)]()
            for (k, i) in order.enumerated() {
                if let last = runs.last, last.window == window[i] {
                    runs[runs.count - 1].count += 1
                } else {
                    runs.append((window[i], k, 1))
                }
            }
            func write<T>(_ values: [T], column: Int) throws {
                let size = MemoryLayout<T>.stride
                try values.withUnsafeBytes { buffer in
                    for run in runs {
                        try file.write(UnsafeRawBufferPointer(rebasing: buffer[(run.start * size)..<((run.start + run.count) * size)]),
                                       at: column + next[run.window] * size)
                    }
                }
            }
            try cache.withSegment(.scores, group: g, as: Double.self) { s in try write(order.map { s[$0] }, column: layout.scoreColumn) }
            try write(order.map { Int64(firstRow + $0) }, column: layout.rowColumn)
            if layout.weighted {
                try cache.withSegment(.weights, group: g, as: Double.self) { w in try write(order.map { w[$0] }, column: layout.weightColumn) }
            }
            for a in 0..<layout.attributes {
                try cache.withSegment(.codes(a), group: g, as: Int32.self) { c in
                    try write(order.map { c[$0] }, column: layout.codeColumn(a))
                }
            }
            try cache.withSegment(.outcomes, group: g, as: UInt8.self) { y in try write(order.map { y[$0] }, column: layout.outcomeColumn) }
            for run in runs {
                next[run.window] += run.count
                precondition(next[run.window] <= starts[run.window + 1], "more keys in a window than planned (the cache changed)")
            }
        }
        precondition(next == Array(starts.dropFirst()), "fewer keys than planned (the cache changed)")
        try file.resize(to: layout.bytes)
        mapping = try file.map(bytes: layout.bytes)
    }

    /// Copies positions `range` of the column at byte `column`, then hands their pages back.
    private func read<T>(_ column: Int, _ range: Range<Int>, as type: T.Type) -> [T] {
        let size = MemoryLayout<T>.stride, start = column + range.lowerBound * size, end = column + range.upperBound * size
        precondition(end <= mapping.count, "window outside the window-ordered cache")
        defer { mapping.release(start..<end) }
        let pointer = (mapping.base + start).bindMemory(to: T.self, capacity: range.count)
        return Array(UnsafeBufferPointer(start: pointer, count: range.count))
    }

    /// The scores at positions `range`.
    func scores(_ range: Range<Int>) -> [Double] { read(layout.scoreColumn, range, as: Double.self) }

    /// Feeds positions `range` to every sweep (attribute a's codes to sweep a, then `extraCodes[e]` read by
    /// global row to sweep attributes + e, the last one without codes when there is one more sweep), in
    /// `order` (indices into the range) or as stored. `scores`: the range's scores when already read.
    func feed(_ sweeps: [RankSweep], rows range: Range<Int>, order: [Int32]?, scores: [Double]? = nil, extraCodes: [[Int32]]) {
        let rowIndices = read(layout.rowColumn, range, as: Int64.self)
        // The scatter keeps each window's rows in ascending row order: a stable sort by score is then the
        // (score, row) order.
        precondition(zip(rowIndices, rowIndices.dropFirst()).allSatisfy { $0 < $1 }, "window rows out of row order")
        func arranged<T>(_ values: [T]) -> ArraySlice<T> {
            guard let order else { return values[...] }
            return order.map { values[Int($0)] }[...]
        }
        let s = arranged(scores ?? self.scores(range))
        let y = arranged(read(layout.outcomeColumn, range, as: UInt8.self).map(Double.init))
        let w = layout.weighted ? arranged(read(layout.weightColumn, range, as: Double.self)) : nil
        for (a, sweep) in sweeps.enumerated() {
            let codes = a < attributes ? arranged(read(layout.codeColumn(a), range, as: Int32.self))
                : a < attributes + extraCodes.count ? arranged(rowIndices.map { extraCodes[a - attributes][Int($0)] }) : nil
            sweep.feed(scores: s, outcomes: y, weights: w, codes: codes)
        }
    }
}
