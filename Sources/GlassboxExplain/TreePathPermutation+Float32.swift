import GlassboxCore
import GlassboxModels

// The path pass for an ensemble compared in float32 whose every split is `x < threshold` with a NaN direction
// (XGBoost's numeric trees): the scorer's flat node array walked inline, tree by tree over a chunk of rows (a
// tree's nodes stay in cache), and each path's intervals checked against the permuted values as soon as the
// walk has recorded them, so no interval is stored beyond its walk.

extension TreePathPermutation {
    /// Whether ``processFloat32(rows:group:repeats:scratch:margins:slots:)`` applies: float32 comparisons and no
    /// node decided by its maker's own rule (categorical splits, LightGBM's missing policies).
    static func walksFloat32(_ compiled: TreeEnsembleScorer, float32: Bool) -> Bool {
        float32 && !compiled.hasGeneralNodes
    }

    /// One chunk, as ``process(rows:group:repeats:scratch:margins:slots:)`` computes it. For every tree and
    /// every row of the chunk: one walk recording, per feature on the path, the first node testing it and the
    /// float interval [lower, upper) of values taking the same path; then each permuted value of a group feature
    /// on the path outside its interval walks that tree again from that node. A permuted margin is the margin
    /// plus Σ (new leaf − old leaf) over the trees whose leaf changed: every term is a multiple of the grid's
    /// unit and the sum's magnitude stays below twice the grid's bound (32 times less than where the grid is
    /// exact), so the result is the exact grid sum of the permuted row's leaves, the same bytes in any order.
    func processFloat32(rows: Range<Int>, group: [Int], repeats: Int, scratch: Float32Scratch,
                        margins: UnsafeMutablePointer<Double>, slots: UnsafeMutablePointer<Double>) {
        let n = matrix.rows, p = matrix.columns, trees = compiled.treeCount
        let slotCount = group.count * repeats, count = rows.count
        let rowValues = scratch.rowValues, keys = scratch.keys, deltas = scratch.deltas, sums = scratch.sums
        let slotOfFeature = scratch.slotOfFeature
        let pathFeatures = scratch.pathFeatures, firstNodes = scratch.firstNodes
        let lowers = scratch.lowers, uppers = scratch.uppers, firstDepths = scratch.firstDepths
        let pendingSlots = scratch.pendingSlots, pendingNodes = scratch.pendingNodes, pendingValues = scratch.pendingValues
        let maximumDepth = compiled.maximumDepth
        let featureMask = TreeEnsembleScorer.featureMask, missingLeft = TreeEnsembleScorer.missingLeft
        matrix.values.withUnsafeBufferPointer { all in
            for (b, i) in rows.enumerated() {
                let source = all.baseAddress! + i * p, row = rowValues + b * p
                for f in 0..<p { row[f] = Float(source[f]) }
                sums[b] = 0
                for s in 0..<slotCount {
                    keys[b * slotCount + s] = Float(slots[s * n + i])
                    deltas[b * slotCount + s] = 0
                }
            }
        }
        compiled.flatNodes.withUnsafeBufferPointer { nodeBuffer in
            values.withUnsafeBufferPointer { leafBuffer in
                compiled.treeRoots.withUnsafeBufferPointer { roots in
                    let nodes = nodeBuffer.baseAddress!, leaves = leafBuffer.baseAddress!
                    for t in 0..<trees {
                        let root = roots[t]
                        for b in 0..<count {
                            let row = UnsafePointer(rowValues + b * p)
                            // The walk: the leaf, and per distinct feature on the path its first node and interval.
                            var i = root, pathCount = 0, depth = 0
                            while true {
                                let node = nodes[i]
                                if Int(node.left) == i { break }
                                let feature = node.word & featureMask
                                var k = 0
                                while k < pathCount && pathFeatures[k] != feature { k += 1 }
                                if k == pathCount {
                                    pathFeatures[k] = feature
                                    firstNodes[k] = Int32(i)
                                    firstDepths[k] = depth
                                    lowers[k] = -.infinity
                                    uppers[k] = .infinity
                                    pathCount += 1
                                }
                                let x = row[Int(feature)]
                                if x < node.threshold || (x.isNaN && node.word & missingLeft != 0) {
                                    uppers[k] = min(uppers[k], node.threshold)
                                    i = Int(node.left)
                                } else {
                                    lowers[k] = max(lowers[k], node.threshold)
                                    i = Int(node.right)
                                }
                                depth += 1
                            }
                            let leaf = i, old = leaves[leaf]
                            sums[b] += old
                            let rowKeys = keys + b * slotCount, rowDeltas = deltas + b * slotCount
                            for k in 0..<pathCount {
                                let g = slotOfFeature[Int(pathFeatures[k])]
                                if g < 0 { continue }
                                let lower = lowers[k], upper = uppers[k], feature = pathFeatures[k], start = Int(firstNodes[k])
                                var pending = 0
                                for s in (g * repeats)..<(g * repeats + repeats) {
                                    let v = rowKeys[s]
                                    // Inside the interval: same path, same leaf (NaN is never inside: walk again).
                                    if lower <= v && v < upper { continue }
                                    pendingSlots[pending] = s
                                    pendingNodes[pending] = start
                                    pendingValues[pending] = v
                                    pending += 1
                                }
                                if pending == 0 { continue }
                                // The values outside walk again together, without a branch on the data (a leaf is its own
                                // child), so their memory loads overlap.
                                for _ in firstDepths[k]..<maximumDepth {
                                    for l in 0..<pending {
                                        pendingNodes[l] = Self.step(nodes, pendingNodes[l], row: row, feature: feature, value: pendingValues[l])
                                    }
                                }
                                for l in 0..<pending where pendingNodes[l] != leaf {
                                    rowDeltas[pendingSlots[l]] += leaves[pendingNodes[l]] - old
                                }
                            }
                        }
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

    /// One step down from node `i` for a row of float values with feature `feature` read as `value`: `x < threshold`,
    /// or the NaN direction; a leaf stays where it is. No branch on the value.
    @inline(__always)
    static func step(_ nodes: UnsafePointer<TreeEnsembleScorer.Node>, _ i: Int, row: UnsafePointer<Float>,
                     feature: Int32, value: Float) -> Int {
        let node = nodes[i]
        let f = node.word & TreeEnsembleScorer.featureMask
        let x = f == feature ? value : row[Int(f)]
        let less: Int32 = x < node.threshold ? 1 : 0
        let missing: Int32 = x.isNaN ? 1 : 0
        let left = less | (missing & (node.word >> 24) & 1)  // bit 24: TreeEnsembleScorer.missingLeft
        return Int(node.right &+ (node.left &- node.right) &* left)
    }

    /// A chunk's working memory for ``processFloat32(rows:group:repeats:scratch:margins:slots:)``, reused across
    /// chunks: rows × features float values, rows × slots float keys and double deltas, one path's intervals.
    final class Float32Scratch: @unchecked Sendable {
        let rowValues: UnsafeMutablePointer<Float>
        let keys: UnsafeMutablePointer<Float>
        let deltas: UnsafeMutablePointer<Double>
        let sums: UnsafeMutablePointer<Double>
        /// The group position of each ensemble feature, −1 for features not in the group.
        let slotOfFeature: UnsafeMutablePointer<Int>
        let pathFeatures: UnsafeMutablePointer<Int32>
        let firstNodes: UnsafeMutablePointer<Int32>
        let lowers: UnsafeMutablePointer<Float>
        let uppers: UnsafeMutablePointer<Float>
        /// Per path feature, the depth of its first node.
        let firstDepths: UnsafeMutablePointer<Int>
        /// One (feature, row)'s permuted values outside their interval: slot, node reached, value.
        let pendingSlots: UnsafeMutablePointer<Int>
        let pendingNodes: UnsafeMutablePointer<Int>
        let pendingValues: UnsafeMutablePointer<Float>

        init(rows: Int, features: Int, group: [Int], repeats: Int, depth: Int) {
            let slots = max(1, group.count * repeats), rows = max(1, rows), depth = max(1, depth)
            rowValues = .allocate(capacity: rows * max(1, features))
            keys = .allocate(capacity: rows * slots)
            deltas = .allocate(capacity: rows * slots)
            sums = .allocate(capacity: rows)
            slotOfFeature = .allocate(capacity: max(1, features))
            slotOfFeature.initialize(repeating: -1, count: max(1, features))
            for (g, j) in group.enumerated() { slotOfFeature[j] = g }
            pathFeatures = .allocate(capacity: depth)
            firstNodes = .allocate(capacity: depth)
            lowers = .allocate(capacity: depth)
            uppers = .allocate(capacity: depth)
            firstDepths = .allocate(capacity: depth)
            pendingSlots = .allocate(capacity: max(1, repeats))
            pendingNodes = .allocate(capacity: max(1, repeats))
            pendingValues = .allocate(capacity: max(1, repeats))
        }

        deinit {
            rowValues.deallocate(); keys.deallocate(); deltas.deallocate(); sums.deallocate(); slotOfFeature.deallocate()
            pathFeatures.deallocate(); firstNodes.deallocate(); lowers.deallocate(); uppers.deallocate(); firstDepths.deallocate()
            pendingSlots.deallocate(); pendingNodes.deallocate(); pendingValues.deallocate()
        }
    }
}
