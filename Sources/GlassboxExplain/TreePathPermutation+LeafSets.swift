import GlassboxCore
import GlassboxModels

// The leaf-set pass (``TreeLeafSets``): per (row, tree), the row's leaf set per feature from table loads and
// prefix/suffix ANDs; per (row, tree, group feature on the row's path, repeat), the permuted value's leaf as the
// lowest bit of (leaves reachable with that feature free) AND (the feature's mask at the value's rank). No walk,
// no re-walk, no branch on the values.

extension TreePathPermutation {
    /// ``run(group:repeats:shuffle:)``'s chunks (the permuted values in `slots`, the margins after them) through ``processLeafSets(_:rows:group:repeats:scratch:margins:slots:)``.
    func runLeafSets(_ tables: TreeLeafSets, chunks: [Range<Int>], group: [Int], repeats: Int, slots: PermutedMargins) {
        let pool = LockedValue<[LeafSetScratch]>([])
        let slotCount = group.count * repeats
        _ = Parallel.map(chunks) { rows -> Bool in
            let scratch = pool.withLock { $0.popLast() }
                ?? LeafSetScratch(tables, rows: chunkRows, features: matrix.columns, group: group, repeats: repeats)
            defer { pool.withLock { $0.append(scratch) } }
            processLeafSets(tables, rows: rows, group: group, repeats: repeats, scratch: scratch,
                            margins: slots.base + slotCount * slots.rows, slots: slots.base)
            return true
        }
    }

    /// One chunk, as ``processFloat32(rows:group:repeats:scratch:margins:slots:)`` computes it: the same leaves
    /// (the lowest bit of a leaf set is the leaf the walk reaches) and the same exact grid sums, a permuted
    /// margin being the margin plus Σ (new leaf − old leaf) over the trees (+0 where the leaf stays).
    func processLeafSets(_ tables: TreeLeafSets, rows: Range<Int>, group: [Int], repeats: Int, scratch: LeafSetScratch,
                         margins: UnsafeMutablePointer<Double>, slots: UnsafeMutablePointer<Double>) {
        let n = matrix.rows, p = matrix.columns, trees = tables.treeCount, width = TreeLeafSets.maximumLeaves
        let slotCount = group.count * repeats, count = rows.count
        let own = scratch.own, permuted = scratch.permuted, deltas = scratch.deltas, sums = scratch.sums
        let prefix = scratch.prefix, suffix = scratch.suffix, treeMasks = scratch.treeMasks
        let slotBase = scratch.slotBase, groupPositions = scratch.groupPositions
        let thresholds = tables.thresholds, start = tables.thresholdStart
        matrix.values.withUnsafeBufferPointer { all in
            for (b, i) in rows.enumerated() {
                let source = all.baseAddress! + i * p, row = own + b * p
                for f in tables.usedFeatures {
                    let s = Int(start[f])
                    row[f] = TreeLeafSets.rank(of: Float(source[f]), in: thresholds + s, count: Int(start[f + 1]) - s)
                }
                sums[b] = 0
                for s in 0..<slotCount {
                    let j = group[s / repeats], first = Int(start[j])
                    permuted[b * slotCount + s] = TreeLeafSets.rank(of: Float(slots[s * n + i]), in: thresholds + first,
                                                                    count: Int(start[j + 1]) - first)
                    deltas[b * slotCount + s] = 0
                }
            }
        }
        let features = tables.treeFeatures, treeStart = tables.treeFeatureStart
        let rankMaps = tables.rankMaps, rankMapStart = tables.rankMapStart, masks = tables.masks, maskStart = tables.maskStart
        let leafValues = tables.leafValues, pathPositions = tables.pathPositions
        for t in 0..<trees {
            let first = Int(treeStart[t]), k = Int(treeStart[t + 1]) - first
            let leafBase = t * width, groupBits = groupPositions[t]
            for b in 0..<count {
                let row = own + b * p
                // Prefix ANDs (prefix[q]: positions before q) and the row's leaf.
                var all = ~UInt64(0)
                for q in 0..<k {
                    let e = first + q
                    let mask = masks[Int(maskStart[e]) + Int(rankMaps[Int(rankMapStart[e]) + Int(row[Int(features[e])])])]
                    treeMasks[q] = mask
                    prefix[q] = all
                    all &= mask
                }
                let leaf = all.trailingZeroBitCount, old = leafValues[leafBase + leaf]
                sums[b] += old
                var bits = pathPositions[leafBase + leaf] & groupBits
                if bits == 0 { continue }
                // Suffix ANDs (suffix[q]: positions after q).
                var rest = ~UInt64(0)
                var q = k - 1
                while q >= 0 {
                    suffix[q] = rest
                    rest &= treeMasks[q]
                    q -= 1
                }
                let rowPermuted = permuted + b * slotCount, rowDeltas = deltas + b * slotCount
                while bits != 0 {
                    let q = bits.trailingZeroBitCount
                    bits &= bits &- 1
                    let e = first + q
                    // The leaves the row can reach with this feature free.
                    let free = prefix[q] & suffix[q]
                    let entryMasks = masks + Int(maskStart[e]), entryRanks = rankMaps + Int(rankMapStart[e])
                    let s0 = Int(slotBase[e])
                    for s in s0..<(s0 + repeats) {
                        let moved = (free & entryMasks[Int(entryRanks[Int(rowPermuted[s])])]).trailingZeroBitCount
                        rowDeltas[s] += leafValues[leafBase + moved] - old
                    }
                }
            }
        }
        for (b, i) in rows.enumerated() {
            let margin = base + sums[b]
            margins[i] = margin
            for s in 0..<slotCount { slots[s * n + i] = margin + deltas[b * slotCount + s] }
        }
    }

    /// A chunk's working memory for the leaf-set pass, reused across chunks: rows × features own ranks, rows × slots
    /// permuted ranks and deltas, one row's per-tree masks and prefix/suffix ANDs, and per (tree, position) the
    /// first slot of its feature in the group (bit set in the tree's group positions only when it is in the group).
    final class LeafSetScratch: @unchecked Sendable {
        let own: UnsafeMutablePointer<Int32>
        let permuted: UnsafeMutablePointer<Int32>
        let deltas: UnsafeMutablePointer<Double>
        let sums: UnsafeMutablePointer<Double>
        let treeMasks: UnsafeMutablePointer<UInt64>
        let prefix: UnsafeMutablePointer<UInt64>
        let suffix: UnsafeMutablePointer<UInt64>
        let slotBase: UnsafeMutablePointer<Int32>
        let groupPositions: UnsafeMutablePointer<UInt64>

        init(_ tables: TreeLeafSets, rows: Int, features: Int, group: [Int], repeats: Int) {
            let slots = max(1, group.count * repeats), rows = max(1, rows), width = TreeLeafSets.maximumLeaves
            own = .allocate(capacity: rows * max(1, features))
            own.initialize(repeating: 0, count: rows * max(1, features))
            permuted = .allocate(capacity: rows * slots)
            deltas = .allocate(capacity: rows * slots)
            sums = .allocate(capacity: rows)
            treeMasks = .allocate(capacity: width)
            prefix = .allocate(capacity: width)
            suffix = .allocate(capacity: width)
            var slotOfFeature = [Int](repeating: -1, count: max(1, features))
            for (g, j) in group.enumerated() { slotOfFeature[j] = g * repeats }
            let entries = tables.entryCount, trees = tables.treeCount
            slotBase = .allocate(capacity: max(1, entries))
            groupPositions = .allocate(capacity: max(1, trees))
            for t in 0..<trees {
                var bits: UInt64 = 0
                for e in Int(tables.treeFeatureStart[t])..<Int(tables.treeFeatureStart[t + 1]) {
                    let slot = slotOfFeature[Int(tables.treeFeatures[e])]
                    slotBase[e] = Int32(max(0, slot))
                    if slot >= 0 { bits |= UInt64(1) << UInt64(e - Int(tables.treeFeatureStart[t])) }
                }
                groupPositions[t] = bits
            }
        }

        deinit {
            own.deallocate(); permuted.deallocate(); deltas.deallocate(); sums.deallocate(); treeMasks.deallocate()
            prefix.deallocate(); suffix.deallocate(); slotBase.deallocate(); groupPositions.deallocate()
        }
    }
}
