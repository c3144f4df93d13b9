import GlassboxCore

// Partial re-evaluation for explainers that change one feature at a time (permutation importance): only the
// trees that split on the feature can change a row's leaf, so only they are walked again.

extension TreeEnsembleScorer {
    /// The indices of the trees with at least one split on feature `feature` (ascending), surrogate splits included.
    package func trees(splittingOn feature: Int) -> [Int] {
        ensemble.trees.indices.filter { t in
            ensemble.trees[t].nodes.contains { node in
                !node.isLeaf && (Int(node.feature) == feature || node.surrogates?.contains { Int($0.feature) == feature } == true)
            }
        }
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
            for i in root..<end where Int(nodes[i].left) == i { out[i] = scale * leafValues[i] }
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
        let swapped = Int32(replacement == nil ? -1 : feature)
        matrix.values.withUnsafeBufferPointer { all in
            nodes.withUnsafeBufferPointer { nodes in
                thresholds.withUnsafeBufferPointer { thresholds in
                    values.withUnsafeBufferPointer { leaves in
                        var start = 0
                        while start < count {
                            let end = min(count, start + Self.blockRows)
                            for t in trees {
                                let root = roots[t]
                                for k in start..<end {
                                    let row = all.baseAddress! + (rows?[k] ?? k) * p
                                    let leaf = leafDouble(nodes, thresholds, root: root, row: row,
                                                          swapped: swapped, value: replacement?[k] ?? 0)
                                    out[k] += leaves[leaf]
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
}
