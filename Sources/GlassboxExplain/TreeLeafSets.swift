import GlassboxModels

/// Leaf-set tables of an ensemble compared in float32 whose trees have at most 64 leaves (QuickScorer: Lucchese,
/// Nardini, Orlando, Perego, Tonellotto, Venturini, "QuickScorer: a fast algorithm to rank documents with additive
/// ensembles of regression trees", SIGIR 2015).
///
/// A tree's leaves are numbered left to right; a split node n whose left subtree holds leaves [a, b) has the mask
/// Mₙ = all leaves but [a, b). The leaf a row reaches is the lowest set bit of the AND of Mₙ over the nodes that
/// send the row right (any leaf left of the exit leaf is cleared by its common ancestor with it, which sends the
/// row right; the exit leaf is in no such left subtree). The AND splits by feature: with V_f(x) the AND over the
/// tree's f-nodes sending x right, the leaf of the row with feature j replaced by v is
/// `ctz(W_j & V_j(v))`, W_j = AND over f ≠ j of V_f(x_f). A node on f decides by the rank of `Float(x)` among the
/// ensemble's distinct float thresholds on f (`x < t ⇔ rank(x) ≤ position(t)`; NaN has its own rank and takes
/// each node's NaN direction), so V_f is a table per (tree, feature) indexed by a small local rank.
/// Immutable after ``build(_:features:values:budget:)``; the tables live in raw memory so the pass reads them
/// without bounds checks or reference counting.
final class TreeLeafSets: @unchecked Sendable {
    /// The most leaves a tree may have (one bit each in a word).
    static let maximumLeaves = 64
    /// Bytes the tables may take; larger ensembles (many distinct thresholds) keep the path pass.
    static let defaultBudget = 32 << 20

    /// Per feature f, its distinct float thresholds (ascending) at `thresholds[thresholdStart[f]..<thresholdStart[f + 1]]`.
    let thresholds: UnsafeMutablePointer<Float>
    let thresholdStart: UnsafeMutablePointer<Int32>
    /// Per tree t, its split features (ascending; position q in the tree) at `treeFeatures[treeFeatureStart[t]..<treeFeatureStart[t + 1]]`.
    let treeFeatures: UnsafeMutablePointer<Int32>
    let treeFeatureStart: UnsafeMutablePointer<Int32>
    /// Per (tree, position) entry e: `rankMaps[rankMapStart[e] + rank]` is the local rank (the number of the tree's
    /// distinct thresholds on the feature below the global rank; NaN's entry is one past the largest).
    let rankMaps: UnsafeMutablePointer<UInt8>
    let rankMapStart: UnsafeMutablePointer<Int32>
    /// Per entry e: `masks[maskStart[e] + localRank]` is V_f for that local rank.
    let masks: UnsafeMutablePointer<UInt64>
    let maskStart: UnsafeMutablePointer<Int32>
    /// Per tree, ``maximumLeaves`` slots: each leaf's grid value, and the positions tested on its path (bits).
    let leafValues: UnsafeMutablePointer<Double>
    let pathPositions: UnsafeMutablePointer<UInt64>
    /// Features some tree splits on.
    let usedFeatures: [Int]
    let treeCount: Int
    /// Number of (tree, position) entries.
    let entryCount: Int

    private init(thresholds: [Float], thresholdStart: [Int32], treeFeatures: [Int32], treeFeatureStart: [Int32], rankMaps: [UInt8],
                 rankMapStart: [Int32], masks: [UInt64], maskStart: [Int32], leafValues: [Double], pathPositions: [UInt64],
                 usedFeatures: [Int]) {
        func copy<T>(_ array: [T]) -> UnsafeMutablePointer<T> {
            let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(1, array.count))
            _ = UnsafeMutableBufferPointer(start: pointer, count: array.count).initialize(from: array)
            return pointer
        }
        self.thresholds = copy(thresholds)
        self.thresholdStart = copy(thresholdStart)
        self.treeFeatures = copy(treeFeatures)
        self.treeFeatureStart = copy(treeFeatureStart)
        self.rankMaps = copy(rankMaps)
        self.rankMapStart = copy(rankMapStart)
        self.masks = copy(masks)
        self.maskStart = copy(maskStart)
        self.leafValues = copy(leafValues)
        self.pathPositions = copy(pathPositions)
        self.usedFeatures = usedFeatures
        treeCount = treeFeatureStart.count - 1
        entryCount = treeFeatures.count
    }

    deinit {
        thresholds.deallocate(); thresholdStart.deallocate(); treeFeatures.deallocate(); treeFeatureStart.deallocate()
        rankMaps.deallocate(); rankMapStart.deallocate(); masks.deallocate(); maskStart.deallocate()
        leafValues.deallocate(); pathPositions.deallocate()
    }

    /// The tables of `compiled` (whose every node is `x < threshold` with a NaN direction) with leaf values
    /// `values` (indexed by compiled node); nil when a tree has more than ``maximumLeaves`` leaves or the tables
    /// would take more than `budget` bytes.
    static func build(_ compiled: TreeEnsembleScorer, features p: Int, values: [Double], budget: Int = defaultBudget) -> TreeLeafSets? {
        let nodes = compiled.flatNodes, roots = compiled.treeRoots
        let featureMask = TreeEnsembleScorer.featureMask, missingLeft = TreeEnsembleScorer.missingLeft
        let treeCount = roots.count
        // Checked before anything is built: the per-tree tables below are at least this size, and every per-tree
        // collection is bounded by the 64-leaf limit, so the whole build stays within a multiple of the budget.
        guard treeCount <= budget / (maximumLeaves * 16) else { return nil }
        // Each tree's leaves left to right, and each split node's mask (nil: too many leaves).
        struct Split { var node: Int; var mask: UInt64 }
        var treeLeaves = [[Int]](), treeSplits = [[Split]](), treeParents = [[Int: Int]]()
        var perFeature = [[Float]](repeating: [], count: p)
        for root in roots {
            var leaves = [Int](), splits = [Split](), parent = [Int: Int]()
            // Preorder, left first; a negative entry −(n + 1) marks the end of n's left subtree.
            var stack = [root], leftStart = [Int: Int]()
            while let entry = stack.popLast() {
                if entry < 0 {
                    let n = -entry - 1, a = leftStart[n]!, width = leaves.count - a
                    splits.append(Split(node: n, mask: ~(((UInt64(1) << UInt64(width)) &- 1) << UInt64(a))))
                    continue
                }
                let node = nodes[entry]
                if Int(node.left) == entry {
                    leaves.append(entry)
                    if leaves.count > maximumLeaves { return nil }
                    continue
                }
                let f = Int(node.word & featureMask)
                guard f < p else { return nil }
                perFeature[f].append(node.threshold)
                leftStart[entry] = leaves.count
                parent[Int(node.left)] = entry
                parent[Int(node.right)] = entry
                stack.append(Int(node.right))
                stack.append(-entry - 1)
                stack.append(Int(node.left))
            }
            treeLeaves.append(leaves)
            treeSplits.append(splits)
            treeParents.append(parent)
        }
        // The distinct thresholds of each feature (`==` merges −0 and +0, as `<` does).
        var thresholds = [Float](), thresholdStart: [Int32] = [0]
        for f in 0..<p {
            var sorted = perFeature[f].sorted()
            var unique = 0
            for k in sorted.indices where unique == 0 || sorted[k] != sorted[unique - 1] {
                sorted[unique] = sorted[k]
                unique += 1
            }
            thresholds += sorted[0..<unique]
            thresholdStart.append(Int32(thresholds.count))
        }
        var size = treeCount * maximumLeaves * 16
        var treeFeatures = [Int32](), treeFeatureStart: [Int32] = [0]
        var rankMaps = [UInt8](), rankMapStart = [Int32](), masks = [UInt64](), maskStart = [Int32]()
        var leafValues = [Double](repeating: 0, count: treeCount * maximumLeaves)
        var pathPositions = [UInt64](repeating: 0, count: treeCount * maximumLeaves)
        for t in 0..<treeCount {
            let splits = treeSplits[t]
            let features = Array(Set(splits.map { Int(nodes[$0.node].word & featureMask) })).sorted()
            var position = [Int: Int]()
            for (q, f) in features.enumerated() { position[f] = q }
            for f in features {
                let start = Int(thresholdStart[f]), global = Int(thresholdStart[f + 1]) - start
                let onFeature = splits.filter { Int(nodes[$0.node].word & featureMask) == f }
                // Global position of each node's threshold; the tree's distinct positions, ascending.
                let positions = onFeature.map { split in
                    Self.rank(of: nodes[split.node].threshold, in: thresholds, start: start, count: global) - 1
                }
                let local = Array(Set(positions)).sorted()
                size += global + 2 + 8 * (local.count + 2)
                if size > budget { return nil }
                rankMapStart.append(Int32(rankMaps.count))
                var k = 0
                for rank in 0...global {
                    while k < local.count && local[k] < rank { k += 1 }
                    rankMaps.append(UInt8(k))
                }
                rankMaps.append(UInt8(local.count + 1))
                maskStart.append(Int32(masks.count))
                for l in 0...local.count {
                    var mask = ~UInt64(0)
                    for (split, position) in zip(onFeature, positions) where position < (l < local.count ? local[l] : Int.max) {
                        mask &= split.mask
                    }
                    masks.append(mask)
                }
                var missing = ~UInt64(0)
                for split in onFeature where nodes[split.node].word & missingLeft == 0 { missing &= split.mask }
                masks.append(missing)
            }
            treeFeatures += features.map { Int32($0) }
            treeFeatureStart.append(Int32(treeFeatures.count))
            for (k, leaf) in treeLeaves[t].enumerated() {
                leafValues[t * maximumLeaves + k] = values[leaf]
                var bits: UInt64 = 0, n = leaf
                while let up = treeParents[t][n] {
                    bits |= UInt64(1) << UInt64(position[Int(nodes[up].word & featureMask)]!)
                    n = up
                }
                pathPositions[t * maximumLeaves + k] = bits
            }
        }
        let used = (0..<p).filter { thresholdStart[$0 + 1] > thresholdStart[$0] }
        return TreeLeafSets(thresholds: thresholds, thresholdStart: thresholdStart, treeFeatures: treeFeatures,
                            treeFeatureStart: treeFeatureStart, rankMaps: rankMaps, rankMapStart: rankMapStart, masks: masks,
                            maskStart: maskStart, leafValues: leafValues, pathPositions: pathPositions, usedFeatures: used)
    }

    /// The number of thresholds at `thresholds[start..<start + count]` (ascending) that are ≤ `value`; `count + 1` for NaN.
    @inline(__always)
    static func rank(of value: Float, in thresholds: UnsafePointer<Float>, count: Int) -> Int32 {
        if value.isNaN { return Int32(count + 1) }
        var first = 0, remaining = count
        while remaining > 0 {
            let half = remaining >> 1
            let goes = thresholds[first + half] <= value
            first = goes ? first + half + 1 : first
            remaining = goes ? remaining - half - 1 : half
        }
        return Int32(first)
    }

    static func rank(of value: Float, in thresholds: [Float], start: Int, count: Int) -> Int {
        thresholds.withUnsafeBufferPointer { Int(rank(of: value, in: $0.baseAddress! + start, count: count)) }
    }

    /// The rank of `value` among feature `feature`'s distinct thresholds (NaN: one past the largest).
    @inline(__always)
    func rank(feature: Int, value: Float) -> Int32 {
        let start = Int(thresholdStart[feature])
        return Self.rank(of: value, in: thresholds + start, count: Int(thresholdStart[feature + 1]) - start)
    }

    /// V_f of tree `t` for the feature at position `q` and a global rank.
    func mask(tree t: Int, position q: Int, rank: Int32) -> UInt64 {
        let e = Int(treeFeatureStart[t]) + q
        return masks[Int(maskStart[e]) + Int(rankMaps[Int(rankMapStart[e]) + Int(rank)])]
    }
}
