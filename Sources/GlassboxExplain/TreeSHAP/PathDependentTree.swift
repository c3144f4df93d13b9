import GlassboxModels

/// One tree prepared for path-dependent TreeSHAP: per leaf, its value, the distinct features on its path
/// with their cover fractions, and (for short paths) the table of its contributions for every pattern of
/// satisfied features.
///
/// For a leaf ℓ with value v and distinct path features P (|P| = d), feature k's cover fraction zₖ is the
/// product, over the path's splits on k, of child cover / node cover, and pₖ(x) ∈ {0, 1} says whether x
/// takes the path's side at every split on k (missing values by the node's default). The path-dependent
/// value function (Lundberg et al. 2020, Algorithm 1) restricted to ℓ is g(S) = v Πₖ∈S pₖ Πₖ∈P∖S zₖ, so
///
///     φⱼ = v (pⱼ − zⱼ) Σ_{S ⊆ P∖{j}} w(|S|, d) Πₖ∈S pₖ Πₖ∈P∖{j}∖S zₖ,
///
/// which depends on x only through the satisfied set M = {k : pₖ = 1}. As in FastTreeSHAP v2 (Yang 2021),
/// a table holds the d values for each of the 2ᵈ sets M; a row then costs one pass over the tree's nodes
/// (each node passes its children the set of path features the row fails so far) and d additions per leaf.
/// Leaves with more than ``maximumTableDepth`` distinct features evaluate the same formula directly
/// (O(d³)), through the same function, so a table entry and a direct evaluation are bit-identical.
struct PathDependentTree: Sendable {
    /// Distinct features on one path, at most (one bit each in a `UInt64` set).
    static let maximumPathFeatures = 64
    /// Leaves with at most this many distinct path features get a table (2ᵈ · d doubles, ≤ 16 KiB).
    static let maximumTableDepth = 8

    struct Leaf: Sendable {
        var node: Int32
        var value: Double
        /// Offset of the leaf's features in ``features`` / ``fractions``.
        var start: Int32
        var depth: Int32
        /// Offset of the leaf's table in ``tables``, or −1 when evaluated directly.
        var table: Int
    }

    /// The split nodes in index order (parents before children), with their feature's bit among the
    /// distinct features of the path to them.
    var splits: [Split]
    var leaves: [Leaf]
    var features: [Int32]
    var fractions: [Double]
    var tables: [Double]
    /// Σ_ℓ v_ℓ Π zₖ: the tree's cover-weighted mean leaf value, its part of φ₀.
    var expectedValue: Double

    /// Prepares `tree`, whose leaf values are multiplied by `scale` (the tree's weight in the ensemble).
    /// `tableBudget` is the number of table entries still allowed; it decreases by what this tree uses.
    init(_ tree: DecisionTree, index t: Int, scale: Double, precision: TreeEnsemble.ComparisonPrecision, weights: ShapleyWeights,
         tableBudget: inout Int) throws {
        let nodes = tree.nodes
        splits = []
        leaves = []
        features = []
        fractions = []
        tables = []
        expectedValue = 0
        // Depth-first walk keeping the distinct features of the current path with their fractions.
        var pathFeatures: [Int32] = []
        var pathFractions: [Double] = []
        var position: [Int32: Int] = [:]
        // Frames: enter a node with the fraction of the edge into it (on feature `via`), or undo that edge.
        enum Frame { case enter(node: Int, via: Int32, fraction: Double), leave(via: Int32, previous: Double, added: Bool) }
        var stack: [Frame] = [.enter(node: 0, via: -1, fraction: 1)]
        defer { splits.sort { $0.node < $1.node } }
        while let frame = stack.popLast() {
            switch frame {
            case let .leave(via, previous, added):
                if added {
                    pathFeatures.removeLast()
                    pathFractions.removeLast()
                    position[via] = nil
                } else {
                    pathFractions[position[via]!] = previous
                }
            case let .enter(i, via, fraction):
                if via >= 0 {
                    if let k = position[via] {
                        stack.append(.leave(via: via, previous: pathFractions[k], added: false))
                        pathFractions[k] *= fraction
                    } else {
                        guard pathFeatures.count < PathDependentTree.maximumPathFeatures else {
                            throw ExplainError.invalidData("tree \(t) has a path through more than \(PathDependentTree.maximumPathFeatures) distinct features; path-dependent TreeSHAP supports at most \(PathDependentTree.maximumPathFeatures)")
                        }
                        position[via] = pathFeatures.count
                        pathFeatures.append(via)
                        pathFractions.append(fraction)
                        stack.append(.leave(via: via, previous: 1, added: true))
                    }
                }
                let node = nodes[i]
                if node.isLeaf {
                    let d = pathFeatures.count
                    var leaf = Leaf(node: Int32(i), value: scale * node.value, start: Int32(features.count), depth: Int32(d), table: -1)
                    features += pathFeatures
                    fractions += pathFractions
                    expectedValue += pathFractions.reduce(leaf.value, *)
                    if d <= PathDependentTree.maximumTableDepth, tableBudget >= (d << d) {
                        tableBudget -= d << d
                        leaf.table = tables.count
                        tables += PathDependentTree.table(value: leaf.value, fractions: pathFractions, weights: weights)
                    }
                    leaves.append(leaf)
                    continue
                }
                guard node.cover > 0 else {
                    throw PathDependentTree.missingCover(tree: t, node: i)
                }
                splits.append(Split(node, index: i, bit: 1 << UInt64(position[node.feature] ?? pathFeatures.count), precision: precision))
                let left = Int(node.left), right = Int(node.right)
                stack.append(.enter(node: right, via: node.feature, fraction: nodes[right].cover / node.cover))
                stack.append(.enter(node: left, via: node.feature, fraction: nodes[left].cover / node.cover))
            }
        }
    }

    /// The refusal of a split node without cover (training weight), which path-dependent TreeSHAP divides by.
    static func missingCover(tree t: Int, node i: Int) -> ExplainError {
        ExplainError.invalidData("tree \(t) node \(i) has no cover (training weight); path-dependent TreeSHAP needs the covers of every split node, use interventional TreeSHAP with background data")
    }

    /// The contributions of every satisfied set: entry `M · d + j` is φⱼ for satisfied set M.
    static func table(value: Double, fractions z: [Double], weights: ShapleyWeights) -> [Double] {
        let d = z.count
        var out = [Double](repeating: 0, count: d << d)
        var scratch = [Double](repeating: 0, count: d + 1)
        for satisfied in 0..<(UInt64(1) << UInt64(d)) {
            out.withUnsafeMutableBufferPointer { buffer in
                z.withUnsafeBufferPointer { fractions in
                    scratch.withUnsafeMutableBufferPointer { polynomial in
                        contributions(value: value, fractions: fractions, satisfied: satisfied, weights: weights,
                                      polynomial: polynomial, into: UnsafeMutableBufferPointer(rebasing: buffer[Int(satisfied) * d..<Int(satisfied + 1) * d]))
                    }
                }
            }
        }
        return out
    }

    /// φⱼ of one leaf (formula above) for satisfied set `satisfied`, written to `out[j]`, in O(d³):
    /// for each j the polynomial Πₖ≠ⱼ (zₖ + pₖ t) is expanded, and its coefficient of tˢ (the sum over
    /// coalitions of size s) weighted by w(s, d). `polynomial` is scratch of at least d + 1 doubles.
    @inline(__always)
    static func contributions(value: Double, fractions z: UnsafeBufferPointer<Double>, satisfied: UInt64, weights: ShapleyWeights,
                              polynomial c: UnsafeMutableBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        let d = z.count
        for j in 0..<d {
            let pj: Double = satisfied >> UInt64(j) & 1 == 1 ? 1 : 0
            let factor = value * (pj - z[j])
            c[0] = 1
            var degree = 0
            for k in 0..<d where k != j {
                if satisfied >> UInt64(k) & 1 == 1 {
                    degree += 1
                    c[degree] = c[degree - 1]
                    var s = degree - 1
                    while s > 0 { c[s] = z[k] * c[s] + c[s - 1]; s -= 1 }
                    c[0] *= z[k]
                } else {
                    for s in 0...degree { c[s] *= z[k] }
                }
            }
            var sum = 0.0
            for s in 0...degree { sum += weights.weight(coalition: s, players: d) * c[s] }
            out[j] = factor * sum
        }
    }
}
