import GlassboxModels

extension PathDependentTree {
    /// Adds the tree's contributions for `row` to `phi` (indexed by feature): one forward pass marks, per
    /// node, the path features the row has failed so far (children come after their parent), then each
    /// leaf adds its table entry (or its direct evaluation) for the features it satisfies.
    @inline(__always)
    func accumulate(_ tree: DecisionTree, row: UnsafeBufferPointer<Double>, precision: TreeEnsemble.ComparisonPrecision,
                    codes: TreeEnsemble.CategoryCodes,
                    weights: ShapleyWeights, phi: UnsafeMutableBufferPointer<Double>, scratch: inout TreeSHAPScratch) {
        let count = tree.nodes.count
        if scratch.failed.count < count { scratch.failed = [UInt64](repeating: 0, count: count) }
        scratch.failed.withUnsafeMutableBufferPointer { failed in
            failed[0] = 0
            tree.nodes.withUnsafeBufferPointer { nodes in
                splits.withUnsafeBufferPointer { splits in
                    for split in splits {
                        let left = split.goesLeft(row[Int(split.feature)], nodes: nodes, precision: precision, codes: codes)
                        let here = failed[Int(split.node)]
                        failed[Int(split.left)] = left ? here : here | split.bit
                        failed[Int(split.right)] = left ? here | split.bit : here
                    }
                }
            }
            tables.withUnsafeBufferPointer { tables in
                features.withUnsafeBufferPointer { features in
                    for leaf in leaves {
                        let d = Int(leaf.depth)
                        guard d > 0 else { continue }
                        let all: UInt64 = d == 64 ? .max : (1 << UInt64(d)) - 1
                        let satisfied = all & ~failed[Int(leaf.node)]
                        let start = Int(leaf.start)
                        if leaf.table >= 0 {
                            let base = leaf.table + Int(satisfied) * d
                            for j in 0..<d { phi[Int(features[start + j])] += tables[base + j] }
                        } else {
                            fractions.withUnsafeBufferPointer { fractions in
                                scratch.polynomial.withUnsafeMutableBufferPointer { polynomial in
                                    scratch.leafContributions.withUnsafeMutableBufferPointer { out in
                                        PathDependentTree.contributions(
                                            value: leaf.value, fractions: UnsafeBufferPointer(rebasing: fractions[start..<start + d]),
                                            satisfied: satisfied, weights: weights, polynomial: polynomial,
                                            into: UnsafeMutableBufferPointer(rebasing: out[0..<d]))
                                        for j in 0..<d { phi[Int(features[start + j])] += out[j] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
