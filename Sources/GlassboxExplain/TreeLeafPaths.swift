import GlassboxModels

/// What the path pass needs to know about every leaf of an ensemble walked in float32 with `x < threshold`
/// splits (XGBoost's numeric trees), tabled once from the trees: a row's path intervals depend only on the
/// leaf it reaches, so the pass walks to the leaf without recording anything and reads them here.
///
/// Per leaf, one entry per distinct feature its path tests: the float interval [lower, upper) of values
/// keeping the path, and the path's nodes testing that feature (in path order), each with its threshold, the
/// way the path went, its NaN direction, and the other child with its height. A value outside the interval
/// leaves the path at the first of those nodes sending it the other way; its walk starts at that node's other
/// child, not at the feature's first node (the nodes in between keep it on the path by construction).
struct TreeLeafPaths: Sendable {
    /// Entries of compiled leaf L: `entryStart[L]..<entryEnd[L]` (empty for internal nodes).
    let entryStart: [Int32]
    let entryEnd: [Int32]
    /// Per entry: the feature, its interval, and its split nodes `splitStart[e]..<splitStart[e + 1]`.
    let features: [Int32]
    let lowers: [Float]
    let uppers: [Float]
    let splitStart: [Int32]
    /// Per split node on a path: the entry's interval after this split and the ones before it on the feature
    /// (nested, the last one the entry's), flags (``wentLeft``, ``missingLeft``), the other child (compiled
    /// index) and that child's height (the most steps from it to a leaf).
    let prefixLowers: [Float]
    let prefixUppers: [Float]
    let flags: [Int32]
    let others: [Int32]
    let otherHeights: [Int32]
    /// Each tree's depth.
    let depths: [Int]

    static let wentLeft: Int32 = 1
    static let missingLeft: Int32 = 2
    /// The other child's subtree tests no node on the entry's feature: every value leaving the path there
    /// reaches the same leaf (the one the row's other features lead to), walked once per row and entry.
    static let otherIgnoresFeature: Int32 = 4

    /// Tables every leaf of `compiled` (every node a plain `x < threshold` split with a NaN direction); nil
    /// when the table would hold more than `budget` split records (very deep trees: the caller keeps the
    /// recording walk).
    init?(_ compiled: TreeEnsembleScorer, budget: Int = 1 << 24) {
        let nodes = compiled.flatNodes, roots = compiled.treeRoots
        func isLeaf(_ i: Int) -> Bool { Int(nodes[i].left) == i }
        // Heights, children before parents (an explicit stack: trees may be deep).
        var heights = [Int32](repeating: -1, count: nodes.count)
        var depths = [Int]()
        for root in roots {
            var stack = [root]
            while let i = stack.last {
                if isLeaf(i) { heights[i] = 0; stack.removeLast(); continue }
                let l = Int(nodes[i].left), r = Int(nodes[i].right)
                if heights[l] < 0 { stack.append(l); continue }
                if heights[r] < 0 { stack.append(r); continue }
                heights[i] = max(heights[l], heights[r]) + 1
                stack.removeLast()
            }
            depths.append(Int(heights[root]))
        }
        var entryStart = [Int32](repeating: 0, count: nodes.count), entryEnd = entryStart
        var features = [Int32](), lowers = [Float](), uppers = [Float](), splitStart = [Int32]()
        var prefixLowers = [Float](), prefixUppers = [Float](), flags = [Int32](), others = [Int32](), otherHeights = [Int32]()
        // Whether the subtree at `top` tests `feature`; past a bound on the nodes visited, assumed so (always safe).
        var visits = 0
        var below = [Int]()
        func tests(_ feature: Int32, below top: Int) -> Bool {
            below.removeAll(keepingCapacity: true)
            below.append(top)
            while let i = below.popLast() {
                if isLeaf(i) { continue }
                visits += 1
                if visits > budget || nodes[i].word & TreeEnsembleScorer.featureMask == feature { return true }
                below.append(Int(nodes[i].left))
                below.append(Int(nodes[i].right))
            }
            return false
        }
        var path = [(node: Int, left: Bool)]()
        var pathFeatures = [Int32]()
        for root in roots {
            // Depth-first; `path` holds the current node's ancestors and the way taken at each.
            var stack = [(node: root, length: 0, cameLeft: false)]
            while let (i, length, cameLeft) = stack.popLast() {
                path.removeSubrange(length..<path.count)
                if length > 0 { path[length - 1].left = cameLeft }
                if !isLeaf(i) {
                    path.append((i, false))
                    stack.append((Int(nodes[i].right), length + 1, false))
                    stack.append((Int(nodes[i].left), length + 1, true))
                    continue
                }
                guard flags.count + path.count <= budget else { return nil }
                entryStart[i] = Int32(features.count)
                pathFeatures.removeAll(keepingCapacity: true)
                for step in path {
                    let feature = nodes[step.node].word & TreeEnsembleScorer.featureMask
                    if !pathFeatures.contains(feature) { pathFeatures.append(feature) }
                }
                for feature in pathFeatures {
                    var lower = -Float.infinity, upper = Float.infinity
                    splitStart.append(Int32(flags.count))
                    for step in path where nodes[step.node].word & TreeEnsembleScorer.featureMask == feature {
                        let node = nodes[step.node]
                        if step.left { upper = min(upper, node.threshold) } else { lower = max(lower, node.threshold) }
                        let other = Int(step.left ? node.right : node.left)
                        prefixLowers.append(lower)
                        prefixUppers.append(upper)
                        var flag = (step.left ? Self.wentLeft : 0) | (node.word & TreeEnsembleScorer.missingLeft != 0 ? Self.missingLeft : 0)
                        if !tests(feature, below: other) { flag |= Self.otherIgnoresFeature }
                        flags.append(flag)
                        others.append(Int32(other))
                        otherHeights.append(heights[other])
                    }
                    features.append(feature)
                    lowers.append(lower)
                    uppers.append(upper)
                }
                entryEnd[i] = Int32(features.count)
            }
        }
        splitStart.append(Int32(flags.count))
        self.entryStart = entryStart
        self.entryEnd = entryEnd
        self.features = features
        self.lowers = lowers
        self.uppers = uppers
        self.splitStart = splitStart
        self.prefixLowers = prefixLowers
        self.prefixUppers = prefixUppers
        self.flags = flags
        self.others = others
        self.otherHeights = otherHeights
        self.depths = depths
    }
}
