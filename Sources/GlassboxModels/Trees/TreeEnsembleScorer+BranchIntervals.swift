// Path intervals for explainers that change one feature of a row at a time (permutation importance): a row's
// leaf in a tree changes only if the new value leaves the interval its path allows for that feature.

/// The values of one feature that keep a row on its path through one tree: every node of the path testing the
/// feature sends a present value `x` the way the row went iff `lower ≤ key(x) < upper`
/// (``TreeEnsembleScorer/comparisonKey(_:)``: the value as the maker compares it), and a missing one iff
/// ``missingStays``. Exact for numeric splits in the maker's precision; categorical splits and LightGBM's zero
/// band make the interval empty or narrower, so a value outside it means "walk again from ``firstNode``",
/// never a wrong leaf.
package struct TreeBranchInterval: Sendable {
    /// The feature's index in the ensemble.
    package var feature: Int32
    /// The first node of the path testing the feature (compiled index): the row's path to it does not depend
    /// on the feature, so a changed value walks again from there.
    package var firstNode: Int32
    /// Inclusive lower bound of the key.
    package var lower: Double
    /// Exclusive upper bound of the key.
    package var upper: Double
    /// Whether a missing value (NaN) takes the same path.
    package var missingStays: Bool
}

extension TreeEnsembleScorer {
    /// The number of trees.
    package var treeCount: Int { roots.count }

    /// The depth of the deepest tree (an upper bound of the intervals one walk records).
    package var maximumDepth: Int { depths.max() ?? 0 }

    /// A present value as the walks compare it: rounded to `Float` for a ``TreeEnsemble/ComparisonPrecision/float32``
    /// ensemble (XGBoost), itself otherwise.
    @inline(__always)
    package func comparisonKey(_ x: Double) -> Double {
        ensemble.comparison == .float32 ? Double(Float(x)) : x
    }

    /// Walks tree `t` for `row` as permutation importance's walks do (the double walk behind
    /// ``leafSums(_:trees:values:rows:feature:replacement:)``), writing one ``TreeBranchInterval`` per distinct
    /// feature the path tests, in order of first test, into `intervals` (room for ``maximumDepth`` of them).
    /// Returns the leaf reached (a compiled node index, as ``leaf(from:row:feature:value:)`` returns) and the
    /// number of intervals written.
    package func walkRecordingIntervals(tree t: Int, row: UnsafePointer<Double>,
                                        into intervals: UnsafeMutablePointer<TreeBranchInterval>) -> (leaf: Int, count: Int) {
        let float32 = ensemble.comparison == .float32
        let root = roots[t]
        return nodes.withUnsafeBufferPointer { nodes in
            thresholds.withUnsafeBufferPointer { thresholds in
                var i = root, count = 0
                while true {
                    let node = nodes[i]
                    if Int(node.left) == i { return (i, count) }
                    let feature = node.word & Self.featureMask
                    var k = 0
                    while k < count && intervals[k].feature != feature { k += 1 }
                    if k == count {
                        intervals[k] = TreeBranchInterval(feature: feature, firstNode: Int32(i), lower: -.infinity, upper: .infinity,
                                                          missingStays: true)
                        count += 1
                    }
                    let x = row[Int(feature)]
                    let left: Bool
                    if node.word & Self.general != 0 {
                        let source = ensemble.trees[t].nodes[i - root]
                        left = source.goesLeft(x, precision: ensemble.comparison, codes: ensemble.categoryCodeRule)
                        narrow(&intervals[k], general: source, left: left, float32: float32)
                    } else {
                        left = goesLeft(node, i, x, thresholds, float32: float32)
                        // The strict bound c of `key < c`: the compiled float threshold (a `≤` rule's already moved
                        // up one float), or the double threshold (moved up one double for `≤`; finite there).
                        let c = float32 ? Double(node.threshold)
                            : node.word & Self.lessOrEqual != 0 ? thresholds[i].nextUp : thresholds[i]
                        if left { intervals[k].upper = min(intervals[k].upper, c) } else { intervals[k].lower = max(intervals[k].lower, c) }
                        if (node.word & Self.missingLeft != 0) != left { intervals[k].missingStays = false }
                    }
                    i = Int(left ? node.left : node.right)
                }
            }
        }
    }

    /// Narrows `interval` by a node decided by the maker's own rule (``TreeNode/goesLeft(_:precision:codes:)``).
    private func narrow(_ interval: inout TreeBranchInterval, general node: TreeNode, left: Bool, float32: Bool) {
        if node.goesLeft(.nan, precision: ensemble.comparison, codes: ensemble.categoryCodeRule) != left { interval.missingStays = false }
        func empty() { interval.lower = .infinity; interval.upper = -.infinity }
        guard node.rule != .categoryIn, !(float32 && node.missing == .zeroOrNaN) else { return empty() }
        // This node's own interval [lower, upper) of keys going the row's way.
        let c = float32 ? Double(Float(node.threshold)) : node.threshold
        var lower = -Double.infinity, upper = Double.infinity
        if node.rule == .lessThan {
            if left { upper = c } else { lower = c }
        } else if c == .infinity {
            if !left { return empty() }  // every present value is ≤ +∞
        } else {
            if left { upper = c.nextUp } else { lower = c.nextUp }  // x ≤ c ⇔ x < c.nextUp below +∞
        }
        // LightGBM's zero band goes the missing way: exclude it when that is not the row's way.
        if node.missing == .zeroOrNaN, node.missingGoesLeft != left,
           lower < TreeNode.zeroThreshold.nextUp, -TreeNode.zeroThreshold < upper {
            return empty()
        }
        interval.lower = max(interval.lower, lower)
        interval.upper = min(interval.upper, upper)
    }

    /// The leaf (compiled node index) a row reaches from compiled node `node` with feature `feature` read as
    /// `value`, walked as ``walkRecordingIntervals(tree:row:into:)`` walks.
    package func leaf(from node: Int, row: UnsafePointer<Double>, feature: Int, value: Double) -> Int {
        nodes.withUnsafeBufferPointer { nodes in
            thresholds.withUnsafeBufferPointer { thresholds in
                leafDouble(nodes, thresholds, root: node, row: row, swapped: Int32(feature), value: value)
            }
        }
    }
}
