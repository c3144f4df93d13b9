import GlassboxModels

/// Per-thread scratch of ``SurrogatePathDependentTree``'s per-row pass.
struct SurrogatePathScratch {
    /// Per node: x's first chain position with a present value (the chain's length when none), and x's side.
    var position: [Int32] = []
    var goesLeft: [Bool] = []
    /// One leaf's groups of path nodes with the same set A: the set, Π z and Π p.
    var groupMasks: [UInt32] = []
    var groupFractions: [Double] = []
    var groupIndicators: [Double] = []
    /// The expansion's coefficients c_U (dense over the leaf's 2ᵈ sets, double-buffered), the sets holding one,
    /// and per set the step that last wrote it.
    var coefficients: [Double] = []
    var nextCoefficients: [Double] = []
    var active: [UInt32] = []
    var nextActive: [UInt32] = []
    var stamps: [Int] = []
    var epoch = 0
}

extension SurrogatePathDependentTree {
    /// Adds the tree's contributions for `row` to `phi` (indexed by feature): one pass over the nodes finds x's
    /// deciding chain position and side at each split, then each leaf groups its path by the consulted sets and
    /// expands the product of its factors into unanimity games (see the type's documentation).
    func accumulate(_ tree: DecisionTree, row: UnsafeBufferPointer<Double>, precision: TreeEnsemble.ComparisonPrecision,
                    codes: TreeEnsemble.CategoryCodes, phi: UnsafeMutableBufferPointer<Double>, scratch s: inout SurrogatePathScratch) {
        let nodes = tree.nodes
        if s.position.count < nodes.count {
            s.position = [Int32](repeating: 0, count: nodes.count)
            s.goesLeft = [Bool](repeating: false, count: nodes.count)
        }
        let slots = 1 << widestPath
        if s.coefficients.count < slots {
            s.coefficients = [Double](repeating: 0, count: slots)
            s.nextCoefficients = s.coefficients
            s.stamps = [Int](repeating: 0, count: slots)
            s.epoch = 0
        }
        for (i, node) in nodes.enumerated() where !node.isLeaf {
            guard node.hasSurrogates else {
                s.position[i] = 0
                s.goesLeft[i] = node.goesLeft(row[Int(node.feature)], precision: precision, codes: codes)
                continue
            }
            var position = 0
            var left: Bool?
            while let feature = node.chainFeature(position) {
                left = node.chainGoesLeft(position, row[Int(feature)], codes: codes)
                if left != nil { break }
                position += 1
            }
            s.position[i] = Int32(position)
            s.goesLeft[i] = left ?? node.missingGoesLeft
        }
        for leaf in leaves {
            s.groupMasks.removeAll(keepingCapacity: true)
            s.groupFractions.removeAll(keepingCapacity: true)
            s.groupIndicators.removeAll(keepingCapacity: true)
            for step in steps[leaf.steps] {
                let node = Int(step.node)
                let mask = prefixMasks[Int(step.masks) + min(Int(s.position[node]), Int(step.chainLength) - 1)]
                let indicator: Double = s.goesLeft[node] == step.goesLeft ? 1 : 0
                if let g = s.groupMasks.firstIndex(of: mask) {
                    s.groupFractions[g] *= step.fraction
                    s.groupIndicators[g] *= indicator
                } else {
                    s.groupMasks.append(mask)
                    s.groupFractions.append(step.fraction)
                    s.groupIndicators.append(indicator)
                }
            }
            // Π_g (a_g + (b_g − a_g)[A_g ⊆ S]) = Σ_U c_U [U ⊆ S], expanded one group at a time.
            s.active.removeAll(keepingCapacity: true)
            s.active.append(0)
            s.coefficients[0] = 1
            for g in s.groupMasks.indices {
                s.epoch += 1
                s.nextActive.removeAll(keepingCapacity: true)
                let a = s.groupFractions[g], difference = s.groupIndicators[g] - a
                for set in s.active {
                    let c = s.coefficients[Int(set)]
                    if a != 0 { add(c * a, to: set, &s) }
                    if difference != 0 { add(c * difference, to: set | s.groupMasks[g], &s) }
                }
                swap(&s.coefficients, &s.nextCoefficients)
                swap(&s.active, &s.nextActive)
            }
            for set in s.active where set != 0 {
                let share = leaf.value * s.coefficients[Int(set)] / Double(set.nonzeroBitCount)
                var bits = set
                while bits != 0 {
                    let k = bits.trailingZeroBitCount
                    phi[Int(features[Int(leaf.featureStart) + k])] += share
                    bits &= bits - 1
                }
            }
        }
    }

    /// Adds `value` to the next coefficient of `set`, starting it at 0 the first time this step writes it.
    @inline(__always)
    private func add(_ value: Double, to set: UInt32, _ s: inout SurrogatePathScratch) {
        let k = Int(set)
        if s.stamps[k] != s.epoch {
            s.stamps[k] = s.epoch
            s.nextCoefficients[k] = 0
            s.nextActive.append(set)
        }
        s.nextCoefficients[k] += value
    }
}
