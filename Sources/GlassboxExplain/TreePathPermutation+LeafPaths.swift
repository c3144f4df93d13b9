import GlassboxCore
import GlassboxModels

// The path pass for XGBoost's numeric trees with every leaf's path tabled (``TreeLeafPaths``): the walk to the
// row's leaf records nothing (four rows at a time, no branch on the data), the leaf's entries give the
// intervals, and a permuted value outside one starts its walk where it leaves the row's path.

extension TreePathPermutation {
    /// One chunk, as ``processFloat32(rows:group:repeats:scratch:margins:slots:)`` computes it (same bytes: every
    /// permuted margin is the margin plus Σ (new leaf − old leaf) on the grid, exact in any order), with the
    /// intervals read from `table` instead of recorded by the walk.
    func processLeafPaths(rows: Range<Int>, group: [Int], repeats: Int, scratch: Float32Scratch, table: TreeLeafPaths,
                          margins: UnsafeMutablePointer<Double>, slots: UnsafeMutablePointer<Double>) {
        let p = matrix.columns, trees = compiled.treeCount
        let slotCount = group.count * repeats, count = rows.count
        loadFloat32Chunk(rows: rows, slotCount: slotCount, scratch: scratch, slots: slots)
        let rowValues = scratch.rowValues, keys = scratch.keys, deltas = scratch.deltas, sums = scratch.sums
        let slotOfFeature = scratch.slotOfFeature, rowLeaves = scratch.rowLeaves
        let pendingSlots = scratch.pendingSlots, pendingNodes = scratch.pendingNodes, pendingValues = scratch.pendingValues
        // Per split position of the current entry: the leaf reached from its other child when that subtree ignores the
        // feature, and the visit (row, tree and entry of this chunk) it was walked for.
        let memoLeaves = scratch.memoLeaves, memoEntries = scratch.memoEntries
        for m in 0..<scratch.depth { memoLeaves[m] = -1; memoEntries[m] = -1 }
        var visit = 0
        // Per row and group feature, the least and greatest of its permuted values (NaN when one is missing): one
        // test tells that every value stays inside an interval.
        let groups = group.count, keyLows = scratch.keyLows, keyHighs = scratch.keyHighs
        for b in 0..<count {
            for g in 0..<groups {
                let permuted = keys + (b &* slotCount &+ g &* repeats)
                var low = permuted[0], high = permuted[0], missing = permuted[0].isNaN
                for r in 1..<max(1, repeats) {
                    low = Swift.min(low, permuted[r]); high = Swift.max(high, permuted[r]); missing = missing || permuted[r].isNaN
                }
                keyLows[b &* groups &+ g] = missing ? .nan : low
                keyHighs[b &* groups &+ g] = missing ? .nan : high
            }
        }
        compiled.flatNodes.withUnsafeBufferPointer { nodeBuffer in
        values.withUnsafeBufferPointer { leafBuffer in
        compiled.treeRoots.withUnsafeBufferPointer { roots in
        table.entryStart.withUnsafeBufferPointer { entryStart in
        table.entryEnd.withUnsafeBufferPointer { entryEnd in
        table.features.withUnsafeBufferPointer { features in
        table.lowers.withUnsafeBufferPointer { lowers in
        table.uppers.withUnsafeBufferPointer { uppers in
        table.splitStart.withUnsafeBufferPointer { splitStart in
        table.prefixLowers.withUnsafeBufferPointer { prefixLowers in
        table.prefixUppers.withUnsafeBufferPointer { prefixUppers in
        table.flags.withUnsafeBufferPointer { flags in
        table.others.withUnsafeBufferPointer { others in
        table.otherHeights.withUnsafeBufferPointer { otherHeights in
            let nodes = nodeBuffer.baseAddress!, leaves = leafBuffer.baseAddress!
            for t in 0..<trees {
                let root = roots[t], depth = table.depths[t]
                Self.walkToLeaves(nodes, root: root, depth: depth, rows: rowValues, stride: p, count: count, into: rowLeaves)
                for b in 0..<count {
                    let leaf = rowLeaves[b], old = leaves[leaf]
                    sums[b] += old
                    let end = Int(entryEnd[leaf])
                    var e = Int(entryStart[leaf])
                    if e == end { continue }
                    let row = UnsafePointer(rowValues + b * p)
                    let rowKeys = keys + b * slotCount, rowDeltas = deltas + b * slotCount
                    while e < end {
                        defer { e += 1 }
                        let g = slotOfFeature[Int(features[e])]
                        if g < 0 { continue }
                        let lower = lowers[e], upper = uppers[e]
                        if lower <= keyLows[b &* groups &+ g] && keyHighs[b &* groups &+ g] < upper { continue }
                        // The values outside the interval, gathered without a branch on the data.
                        var pending = 0
                        var s = g &* repeats
                        let slotEnd = s &+ repeats
                        while s < slotEnd {
                            let v = rowKeys[s]
                            pendingSlots[pending] = s
                            let above: Int = lower <= v ? 1 : 0, below: Int = v < upper ? 1 : 0
                            pending &+= 1 &- (above & below)
                            s &+= 1
                        }
                        if pending == 0 { continue }
                        visit &+= 1
                        // Each leaves the path at the first split on the feature sending it the other way: the number
                        // of the feature's nested path intervals holding it (NaN, in none of them, by the splits' own
                        // NaN directions; it may stay on the path, and then in the leaf). It walks on from that
                        // split's other child.
                        let first = Int(splitStart[e]), last = Int(splitStart[e + 1])
                        var steps: Int32 = 0
                        for l in 0..<pending {
                            let v = rowKeys[pendingSlots[l]]
                            pendingValues[l] = v
                            var k = first
                            if v.isNaN {
                                while k < last {
                                    let f = flags[k]
                                    if (f & TreeLeafPaths.missingLeft != 0) != (f & TreeLeafPaths.wentLeft != 0) { break }
                                    k &+= 1
                                }
                            } else {
                                for m in first..<last {
                                    let above: Int = prefixLowers[m] <= v ? 1 : 0, below: Int = v < prefixUppers[m] ? 1 : 0
                                    k &+= above & below
                                }
                            }
                            if k == last {
                                pendingNodes[l] = leaf
                            } else if flags[k] & TreeLeafPaths.otherIgnoresFeature != 0 {
                                // The same leaf for every value leaving here: walked once (the row's own values).
                                let memo = k &- first
                                if memoEntries[memo] != visit {
                                    var i = Int(others[k])
                                    for _ in 0..<otherHeights[k] { i = Self.step(nodes, i, row) }
                                    memoLeaves[memo] = i
                                    memoEntries[memo] = visit
                                }
                                pendingNodes[l] = memoLeaves[memo]
                            } else {
                                pendingNodes[l] = Int(others[k])
                                steps = max(steps, otherHeights[k])
                            }
                        }
                        let feature = features[e]
                        // Together, without a branch on the data (a leaf is its own child), so their loads overlap.
                        for _ in 0..<steps {
                            for l in 0..<pending {
                                pendingNodes[l] = Self.step(nodes, pendingNodes[l], row: row, feature: feature, value: pendingValues[l])
                            }
                        }
                        for l in 0..<pending {
                            rowDeltas[pendingSlots[l]] += leaves[pendingNodes[l]] - old
                        }
                    }
                }
            }
        }}}}}}}}}}}}}}
        storeFloat32Chunk(rows: rows, slotCount: slotCount, scratch: scratch, margins: margins, slots: slots)
    }

    /// The leaf of each of `count` rows (at `rows`, `stride` floats apart) in the tree at `root`: `depth` steps
    /// each, four rows at a time. Not inlined: compiled on its own, the four walks keep their registers.
    @inline(never)
    static func walkToLeaves(_ nodes: UnsafePointer<TreeEnsembleScorer.Node>, root: Int, depth: Int,
                             rows: UnsafePointer<Float>, stride: Int, count: Int, into out: UnsafeMutablePointer<Int>) {
        var b = 0
        while b + 4 <= count {
            let r = rows + b * stride
            var i0 = root, i1 = root, i2 = root, i3 = root
            for _ in 0..<depth {
                i0 = step(nodes, i0, r)
                i1 = step(nodes, i1, r + stride)
                i2 = step(nodes, i2, r + 2 * stride)
                i3 = step(nodes, i3, r + 3 * stride)
            }
            out[b] = i0; out[b + 1] = i1; out[b + 2] = i2; out[b + 3] = i3
            b += 4
        }
        while b < count {
            var i = root
            for _ in 0..<depth { i = step(nodes, i, rows + b * stride) }
            out[b] = i
            b += 1
        }
    }

    /// One step down from node `i` for a row of float values with nothing swapped.
    @inline(__always)
    static func step(_ nodes: UnsafePointer<TreeEnsembleScorer.Node>, _ i: Int, _ row: UnsafePointer<Float>) -> Int {
        step(nodes, i, row: row, feature: -1, value: 0)
    }
}
