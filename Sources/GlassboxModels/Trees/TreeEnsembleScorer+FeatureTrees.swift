import GlassboxCore

// Partial re-evaluation for explainers that change one feature at a time (permutation importance): only the
// trees that split on the feature can change a row's leaf, so only they are walked again.

extension TreeEnsembleScorer {
    /// The indices of the trees with at least one split on feature `feature` (ascending).
    package func trees(splittingOn feature: Int) -> [Int] {
        ensemble.trees.indices.filter { t in ensemble.trees[t].nodes.contains { !$0.isLeaf && Int($0.feature) == feature } }
    }

    /// Every compiled node's leaf value times its tree's factor on the margin (wₜ, or wₜ / Σ w for an
    /// averaging ensemble), so that a row's margin is `baseMargin + Σ_trees value[leaf]` in any order.
    /// Internal nodes hold 0. Indexed as ``leafSums(_:trees:values:rows:feature:replacement:)`` reads them.
    package func scaledLeafValues() -> [Double] {
        let weights = ensemble.treeWeights
        let total = weights.reduce(0, +)
        var out = [Double](repeating: 0, count: nodes.count)
        for (t, root) in roots.enumerated() {
            let scale = ensemble.combination == .average && total > 0 ? weights[t] / total : weights[t]
            let end = t + 1 < roots.count ? roots[t + 1] : nodes.count
            for i in root..<end where nodes[i].feature < 0 { out[i] = scale * leafValues[i] }
        }
        return out
    }

    /// For each of `rows` (row indices of `matrix`; all rows when nil), Σ over `trees` of `values[leaf]` for
    /// the leaf the row reaches — with feature `feature` read as `replacement[k]` for the k-th row when
    /// `replacement` is given (the other features stay the row's own). `values` comes from
    /// ``scaledLeafValues()`` (possibly rounded by the caller); sums run in `trees` order. Rows go in blocks,
    /// every tree walked for a block so its nodes stay in cache, as ``margins(_:)`` does. O(rows × trees × depth).
    package func leafSums(_ matrix: TreeFeatureMatrix, trees: [Int], values: [Double], rows: [Int]? = nil,
                          feature: Int = 0, replacement: [Double]? = nil) -> [Double] {
        precondition(matrix.columns == ensemble.features.count, "feature matrix does not match the ensemble")
        let p = matrix.columns
        let count = rows?.count ?? matrix.rows
        var out = [Double](repeating: 0, count: count)
        let float32 = ensemble.comparison == .float32
        let swapped = Int32(replacement == nil ? -1 : feature)
        matrix.values.withUnsafeBufferPointer { all in
            nodes.withUnsafeBufferPointer { nodes in
                values.withUnsafeBufferPointer { leaves in
                    out.withUnsafeMutableBufferPointer { sums in
                        var start = 0
                        while start < count {
                            let end = min(count, start + Self.blockRows)
                            for t in trees {
                                let root = roots[t]
                                for k in start..<end {
                                    let base = (rows?[k] ?? k) * p
                                    let row = UnsafeBufferPointer(rebasing: all[base..<(base + p)])
                                    let leaf = leafIndex(nodes, root: root, row: row, float32: float32, swapped: swapped,
                                                         value: replacement?[k] ?? 0)
                                    sums[k] += leaves[leaf]
                                }
                            }
                            start = end
                        }
                    }
                }
            }
        }
        return out
    }

    /// ``leafIndex(_:root:row:float32:)`` with feature `swapped` (−1: none) read as `value`.
    @inline(__always)
    private func leafIndex(_ nodes: UnsafeBufferPointer<Node>, root: Int, row: UnsafeBufferPointer<Double>, float32: Bool,
                           swapped: Int32, value: Double) -> Int {
        var i = root
        while true {
            let node = nodes[i]
            if node.feature < 0 { return i }
            let x = node.feature == swapped ? value : row[Int(node.feature)]
            let left: Bool
            if node.flags & Self.general != 0 {
                let o = origin[i]
                left = ensemble.trees[Int(o.tree)].nodes[Int(o.node)].goesLeft(x, precision: ensemble.comparison, codes: ensemble.categoryCodeRule)
            } else if x.isNaN {
                left = node.flags & Self.missingLeft != 0
            } else if float32 {
                left = node.flags & Self.lessOrEqual != 0 ? Float(x) <= node.thresholdFloat : Float(x) < node.thresholdFloat
            } else {
                left = node.flags & Self.lessOrEqual != 0 ? x <= node.threshold : x < node.threshold
            }
            i = Int(left ? node.left : node.right)
        }
    }
}
