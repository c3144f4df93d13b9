extension LightGBMTextModel {
    /// One `Tree=` block as a ``DecisionTree`` in breadth-first order (children after parents). LightGBM
    /// numbers internal nodes `0..<num_leaves−1` and refers to leaf `j` as `~j` (a negative child).
    static func tree(_ block: [String: Substring], index t: Int, featureCount: Int,
                     totalNodesSoFar: Int) throws -> DecisionTree {
        guard let leavesText = block["num_leaves"], let leafCount = Int(leavesText),
              leafCount >= 1, leafCount <= TreeEnsemble.maximumNodesPerTree / 2 else {
            throw fail("tree \(t) has no 'num_leaves' in 1...\(TreeEnsemble.maximumNodesPerTree / 2)")
        }
        guard totalNodesSoFar + 2 * leafCount - 1 <= TreeEnsemble.maximumTotalNodes else {
            throw fail("the trees have more than \(TreeEnsemble.maximumTotalNodes) nodes")
        }
        let leafValues = try array(block, "leaf_value", tree: t, count: leafCount) { Double($0) }
        let leafCounts = block["leaf_count"] == nil ? nil : try array(block, "leaf_count", tree: t, count: leafCount) { Double($0) }
        guard leafCount > 1 else { return DecisionTree(nodes: [.leaf(value: leafValues[0], cover: leafCounts?[0] ?? 0)]) }
        let n = leafCount - 1
        let splitFeature = try array(block, "split_feature", tree: t, count: n) { Int32($0) }
        let threshold = try array(block, "threshold", tree: t, count: n) { Double($0) }
        let decisionType = try array(block, "decision_type", tree: t, count: n) { UInt8($0) }
        let left = try array(block, "left_child", tree: t, count: n) { Int32($0) }
        let right = try array(block, "right_child", tree: t, count: n) { Int32($0) }
        let gain = block["split_gain"] == nil ? nil : try array(block, "split_gain", tree: t, count: n) { Double($0) }
        let internalValue = block["internal_value"] == nil ? nil : try array(block, "internal_value", tree: t, count: n) { Double($0) }
        let internalCount = block["internal_count"] == nil ? nil : try array(block, "internal_count", tree: t, count: n) { Double($0) }
        let categories = try categorySets(block, tree: t, internalCount: n)

        // Breadth-first renumbering; each LightGBM node may be reached once (no cycles, no shared children).
        var order: [Int32] = [0]  // LightGBM references: k ≥ 0 internal, ~j leaf
        order.reserveCapacity(2 * leafCount - 1)
        var seenInternal = [Bool](repeating: false, count: n), seenLeaf = [Bool](repeating: false, count: leafCount)
        seenInternal[0] = true
        var nodes: [TreeNode] = []
        nodes.reserveCapacity(2 * leafCount - 1)
        var position = 0
        while position < order.count {
            let reference = order[position]
            position += 1
            if reference < 0 {
                let j = Int(~reference)
                nodes.append(.leaf(value: leafValues[j], cover: leafCounts?[j] ?? 0))
                continue
            }
            let k = Int(reference)
            let at = "tree \(t) node \(k)"
            var children: [Int32] = []
            for child in [left[k], right[k]] {
                if child >= 0 {
                    guard Int(child) < n, !seenInternal[Int(child)] else {
                        throw fail("\(at) has child \(child), outside the tree or reached twice (a cycle)")
                    }
                    seenInternal[Int(child)] = true
                } else {
                    guard Int(~child) < leafCount, !seenLeaf[Int(~child)] else {
                        throw fail("\(at) has leaf child \(~child), outside the tree or reached twice")
                    }
                    seenLeaf[Int(~child)] = true
                }
                children.append(Int32(order.count))
                order.append(child)
            }
            let feature = splitFeature[k]
            guard feature >= 0, Int(feature) < featureCount else {
                throw fail("\(at) splits on feature \(feature), but the model has \(featureCount) features")
            }
            let type = decisionType[k]
            let missingType = (type >> 2) & 3
            var node = TreeNode(feature: feature, rule: .lessOrEqual, threshold: threshold[k], left: children[0], right: children[1],
                                missingGoesLeft: type & defaultLeftMask != 0, value: internalValue?[k] ?? 0,
                                cover: internalCount?[k] ?? 0, gain: gain?[k] ?? 0)
            if type & categoricalMask != 0 {
                let set = threshold[k]
                guard set >= 0, set == set.rounded(), Int(set) < categories.count else {
                    throw fail("\(at) refers to category set \(set), but the tree has \(categories.count)")
                }
                node.rule = .categoryIn
                node.categories = categories[Int(set)]
                node.threshold = 0
                node.missing = .nan
                node.missingGoesLeft = false
            } else {
                guard !threshold[k].isNaN else { throw fail("\(at) has a threshold that is not a number") }
                switch missingType {
                case 0: node.missing = .nanAsZero
                case 1: node.missing = .zeroOrNaN
                case 2: node.missing = .nan
                default: throw fail("\(at) has decision_type \(type) with missing type 3 (unknown)")
                }
            }
            nodes.append(node)
        }
        guard nodes.count == 2 * leafCount - 1 else {
            throw fail("tree \(t): \(nodes.count) of \(2 * leafCount - 1) nodes are reachable from the root")
        }
        return DecisionTree(nodes: nodes)
    }

    /// The category codes of each categorical split's bitset: set `i` is the 32-bit words
    /// `cat_threshold[cat_boundaries[i]..<cat_boundaries[i+1]]`, bit `b` of word `w` meaning code `32w + b`.
    static func categorySets(_ block: [String: Substring], tree t: Int, internalCount n: Int) throws -> [[Int32]] {
        let count = block["num_cat"].flatMap { Int($0) } ?? 0
        guard count >= 0, count <= n else { throw fail("tree \(t) has num_cat outside 0...\(n)") }
        guard count > 0 else { return [] }
        let boundaries = try array(block, "cat_boundaries", tree: t, count: count + 1) { Int($0) }
        let maximumWords = 1 << 16  // 2 million category codes
        guard boundaries[0] == 0, zip(boundaries, boundaries.dropFirst()).allSatisfy({ $0 <= $1 }),
              let last = boundaries.last, last <= maximumWords else {
            throw fail("tree \(t) has cat_boundaries that do not rise from 0 to at most \(maximumWords)")
        }
        let words = try array(block, "cat_threshold", tree: t, count: last) { UInt32($0) }
        return (0..<count).map { i in
            var codes: [Int32] = []
            for w in boundaries[i]..<boundaries[i + 1] {
                var word = words[w]
                while word != 0 {
                    codes.append(Int32(32 * (w - boundaries[i]) + word.trailingZeroBitCount))
                    word &= word - 1
                }
            }
            return codes
        }
    }
}
