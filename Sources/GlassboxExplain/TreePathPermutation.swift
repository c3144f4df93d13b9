import GlassboxCore
import GlassboxMetrics
import GlassboxModels

/// Permutation importance's pass over all rows of a tree ensemble: changing feature j of a row changes its
/// leaf in tree t only if the row's path in t tests j, and then only if the new value leaves the interval that
/// path allows (``TreeBranchInterval``). So each (row, tree) is walked once, recording per feature on the path
/// that interval and the first node testing the feature; a permuted value inside every interval leaves the
/// margin as it is, and one outside walks again only that tree, from that node. The work is one walk per
/// (row, tree) plus a few comparisons per (row, feature, repeat, tree whose path tests the feature), instead of
/// features × repeats whole predictions. XGBoost's numeric trees of at most 64 leaves take the leaf-set pass
/// instead (``TreeLeafSets``): a few table loads, ANDs and a trailing-zero count per (row, tree) and per permuted
/// value of a feature on the row's path, no walk.
///
/// Margins are sums of grid-rounded leaf values (``TreeFeaturePermutation``'s ``ScoreGrid``), where
/// `margin − old leaf + new leaf` is exact: every permuted margin equals, bit for bit, the sum of the
/// permuted row's leaves over all trees (as ``TreeFeaturePermutation`` and a full re-score on the grid give it).
/// Rows go in fixed chunks (independent of the thread count), each with its own bounded scratch memory.
struct TreePathPermutation: Sendable {
    let compiled: TreeEnsembleScorer
    let matrix: TreeFeatureMatrix
    /// Grid-rounded scaled leaf values (indexed by compiled node) and base margin.
    let values: [Double]
    let base: Double
    /// Whether values are compared as `Float`s (XGBoost).
    let float32: Bool
    /// Rows per chunk: bounds each chunk's interval lists (about rows × trees × depth entries) and the float32
    /// pass's working memory (rows × (features + 3 · slots) words, kept in cache while every tree is walked).
    let chunkRows: Int
    /// The chunk pass: ``process(rows:group:repeats:scratch:margins:slots:)`` (general),
    /// ``processFloat32(rows:group:repeats:scratch:margins:slots:)`` (XGBoost's numeric trees) or, when their
    /// trees have at most 64 leaves, ``processLeafSets(_:rows:group:repeats:scratch:margins:slots:)``.
    enum Walk: Sendable { case general, float32Paths, leafSets }
    let walk: Walk
    /// The tables of the leaf-set pass (``Walk/leafSets``).
    let leafSets: TreeLeafSets?
    /// Whether chunks compare in float32 inline (the path or leaf-set pass) rather than through the general pass.
    var walksFloat32: Bool { walk != .general }

    /// Bytes of permuted margins one pass may hold (features are processed in groups that fit).
    static let memoryBudget = 128 << 20

    /// `generalWalk` forces the general pass, `walk` asks for a pass (the next one down when it does not apply;
    /// nil: the fastest that does), `leafSetBudget` bounds the leaf-set tables' bytes (tests compare the passes).
    init?(_ scorer: TreeModelScorer, matrix: TreeFeatureMatrix, chunkRows: Int = 64, generalWalk: Bool = false,
          walk requested: Walk? = nil, leafSetBudget: Int = TreeLeafSets.defaultBudget) {
        // Its path intervals hold one feature per node; surrogate splits read several (the per-tree plans handle them).
        guard !scorer.model.ensemble.hasSurrogateSplits, let grid = TreeFeaturePermutation.gridValues(scorer) else { return nil }
        compiled = scorer.compiled
        self.matrix = matrix
        values = grid.values
        base = grid.base
        float32 = scorer.model.ensemble.comparison == .float32
        self.chunkRows = max(1, chunkRows)
        let wanted = generalWalk ? .general : requested ?? .leafSets
        let inline = wanted != .general && Self.walksFloat32(scorer.compiled, float32: float32)
        leafSets = inline && wanted == .leafSets
            ? TreeLeafSets.build(compiled, features: matrix.columns, values: values, budget: leafSetBudget) : nil
        walk = leafSets != nil ? .leafSets : inline ? .float32Paths : .general
    }

    /// Groups of the ensemble's features whose permuted margins for `repeats` repeats fit ``memoryBudget``.
    func featureGroups(repeats: Int) -> [[Int]] {
        let perFeature = max(1, repeats * matrix.rows * MemoryLayout<Double>.size)
        let size = max(1, Self.memoryBudget / perFeature)
        let features = Array(0..<matrix.columns)
        return stride(from: 0, to: features.count, by: size).map { Array(features[$0..<min(features.count, $0 + size)]) }
    }

    /// The margin of every row, and for each feature of `group` and each repeat r the margins with the feature
    /// permuted by `shuffle(feature, r, column)` (row k takes the value the shuffle moves to position k):
    /// `permuted.slot(g · repeats + r)`.
    func run(group: [Int], repeats: Int, shuffle: @Sendable (_ feature: Int, _ repeat: Int, _ column: UnsafeMutableBufferPointer<Double>) -> Void)
        -> (margins: [Double], permuted: PermutedMargins) {
        let n = matrix.rows, p = matrix.columns
        let slotCount = group.count * repeats
        // Slots 0..<slotCount: each starts as the permuted column (the value row i receives) and ends as the
        // permuted margins; slot slotCount: the margins.
        let slots = PermutedMargins(rows: n, slots: slotCount + 1)
        _ = Parallel.map((0..<slotCount).map { $0..<($0 + 1) }) { task -> Bool in
            let g = task.lowerBound / repeats, r = task.lowerBound % repeats
            let column = UnsafeMutableBufferPointer(start: slots.base + task.lowerBound * n, count: n)
            let j = group[g]
            for i in 0..<n { column[i] = matrix.values[i * p + j] }
            shuffle(j, r, column)
            return true
        }
        let chunks = stride(from: 0, to: n, by: chunkRows).map { $0..<min(n, $0 + chunkRows) }
        if let leafSets {
            runLeafSets(leafSets, chunks: chunks, group: group, repeats: repeats, slots: slots)
            return (slots.slot(slotCount), slots)
        }
        if walksFloat32 {
            let pool = LockedValue<[Float32Scratch]>([])
            _ = Parallel.map(chunks) { rows -> Bool in
                let scratch = pool.withLock { $0.popLast() }
                    ?? Float32Scratch(rows: chunkRows, features: p, group: group, repeats: repeats, depth: compiled.maximumDepth)
                defer { pool.withLock { $0.append(scratch) } }
                processFloat32(rows: rows, group: group, repeats: repeats, scratch: scratch, margins: slots.base + slotCount * n,
                               slots: slots.base)
                return true
            }
            return (slots.slot(slotCount), slots)
        }
        let pool = LockedValue<[ChunkScratch]>([])
        _ = Parallel.map(chunks) { rows -> Bool in
            let scratch = pool.withLock { $0.popLast() } ?? ChunkScratch(features: p, group: group, depth: compiled.maximumDepth)
            defer { pool.withLock { $0.append(scratch) } }
            process(rows: rows, group: group, repeats: repeats, scratch: scratch, margins: slots.base + slotCount * n, slots: slots.base)
            return true
        }
        return (slots.slot(slotCount), slots)
    }

    /// One chunk: walks every tree once per row (margins and intervals), then turns the chunk's part of every
    /// slot from permuted value to permuted margin.
    private func process(rows: Range<Int>, group: [Int], repeats: Int, scratch: ChunkScratch,
                         margins: UnsafeMutablePointer<Double>, slots: UnsafeMutablePointer<Double>) {
        let n = matrix.rows, p = matrix.columns, trees = compiled.treeCount
        scratch.reset()
        matrix.values.withUnsafeBufferPointer { all in
            values.withUnsafeBufferPointer { leaves in
                for i in rows {
                    let row = all.baseAddress! + i * p
                    var sum = 0.0
                    for t in 0..<trees {
                        let (leaf, count) = compiled.walkRecordingIntervals(tree: t, row: row, into: scratch.intervals)
                        sum += leaves[leaf]
                        for k in 0..<count {
                            let interval = scratch.intervals[k]
                            let g = scratch.slotOfFeature[Int(interval.feature)]
                            if g >= 0 {
                                scratch.entries[g].append(Entry(lower: interval.lower, upper: interval.upper,
                                                                node: interval.firstNode, leaf: Int32(leaf), missingStays: interval.missingStays))
                            }
                        }
                    }
                    margins[i] = base + sum
                    for g in group.indices { scratch.ends[g].append(scratch.entries[g].count) }
                }
                for (g, j) in group.enumerated() {
                    scratch.entries[g].withUnsafeBufferPointer { entries in
                        var start = 0
                        for (local, i) in rows.enumerated() {
                            let end = scratch.ends[g][local]
                            defer { start = end }
                            let row = all.baseAddress! + i * p
                            let own = row[j].bitPattern
                            let margin = margins[i]
                            for r in 0..<repeats {
                                let slot = slots + (g * repeats + r) * n + i
                                let v = slot.pointee
                                // The row's own value (bit for bit) keeps every leaf.
                                if v.bitPattern == own { slot.pointee = margin; continue }
                                let missing = v.isNaN
                                let key = float32 ? Double(Float(v)) : v
                                var m = margin
                                for e in start..<end {
                                    let entry = entries[e]
                                    if missing ? entry.missingStays : (entry.lower <= key && key < entry.upper) { continue }
                                    let leaf = compiled.leaf(from: Int(entry.node), row: row, feature: j, value: v)
                                    // Old leaf out, new leaf in: each partial sum is a margin on the grid, so exact.
                                    if leaf != Int(entry.leaf) { m = (m - leaves[Int(entry.leaf)]) + leaves[leaf] }
                                }
                                slot.pointee = m
                            }
                        }
                    }
                }
            }
        }
    }

    /// One tree whose path tests the feature, for one row.
    struct Entry {
        var lower: Double
        var upper: Double
        var node: Int32
        var leaf: Int32
        var missingStays: Bool
    }

    /// A chunk's interval lists, reused across chunks.
    final class ChunkScratch: @unchecked Sendable {
        let intervals: UnsafeMutablePointer<TreeBranchInterval>
        /// The group position of each ensemble feature, −1 for features not in the group.
        let slotOfFeature: [Int]
        var entries: [[Entry]]
        /// Per group feature, the end of each chunk row's entries.
        var ends: [[Int]]

        init(features: Int, group: [Int], depth: Int) {
            intervals = .allocate(capacity: max(1, depth))
            var slots = [Int](repeating: -1, count: features)
            for (g, j) in group.enumerated() { slots[j] = g }
            slotOfFeature = slots
            entries = group.map { _ in [] }
            ends = group.map { _ in [] }
        }

        deinit { intervals.deallocate() }

        func reset() {
            for g in entries.indices {
                entries[g].removeAll(keepingCapacity: true)
                ends[g].removeAll(keepingCapacity: true)
            }
        }
    }

    /// The permuted margins of a group: raw memory written by concurrent chunks, each to its own rows.
    final class PermutedMargins: @unchecked Sendable {
        let base: UnsafeMutablePointer<Double>
        let rows: Int
        init(rows: Int, slots: Int) {
            self.rows = rows
            base = .allocate(capacity: max(1, rows * slots))
        }
        deinit { base.deallocate() }
        /// Slot `s` as an array.
        func slot(_ s: Int) -> [Double] { Array(UnsafeBufferPointer(start: base + s * rows, count: rows)) }
    }
}
