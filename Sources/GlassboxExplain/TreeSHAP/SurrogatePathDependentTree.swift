import GlassboxModels

/// Path-dependent TreeSHAP of one tree with surrogate splits (``TreeNode/surrogates``, R's rpart through PMML).
///
/// Rule (Glassbox's extension of Lundberg et al. 2020, Algorithm 1, to decision chains): the value of a feature
/// set S at a split node reads the node's decision chain in order — its own feature, then each surrogate's —
/// as scoring does, restricted to S: a consulted feature in S with a present value decides the side; one in S
/// with a missing value passes to the next; the first consulted feature outside S sends the row down both
/// children weighted by the node's cover fractions (child cover / node cover, PMML `recordCount`); every
/// feature in S and missing: the node's missing side. An ordinary split is the chain of one feature, so on
/// trees without surrogates this is Algorithm 1 itself. PMML stores no cover fractions among the training rows
/// whose primary value is missing, so a surrogate outside S is integrated with the node's own fractions: the
/// rule assumes the side a row takes is independent of whether its primary value is missing.
///
/// For row x, let m be the first chain position where x's value is present (the chain's length when none is)
/// and A = the chain's features up to m. Node n's factor on the path's edge to child c is then
/// `zₙ + (pₙ − zₙ)·[A ⊆ S]`, pₙ = 1 when x's decision at m (or the missing side) is c, else 0. Grouping the
/// path's nodes by A (factor `a + (b − a)·[A ⊆ S]`, a = Π z, b = Π p) and expanding the product gives the leaf's
/// value as Σ_U c_U·[U ⊆ S] over unions U of groups' sets: a sum of unanimity games, whose Shapley values are
/// φᵢ = Σ_{U ∋ i} c_U / |U| (Shapley 1953). The expansion runs over at most 2ᵈ sets U for the d distinct
/// features the path reads (splits and surrogates), d ≤ ``maximumPathFeatures``. Σ φ = g(all) − g(∅): the
/// margin minus the cover-weighted mean leaf value, so additivity holds as for ordinary trees.
struct SurrogatePathDependentTree: Sendable {
    /// Distinct features one path's splits and surrogates read, at most (bounds the 2ᵈ expansion).
    static let maximumPathFeatures = 16
    /// Path steps all leaves store together, at most: a leaf keeps every step of its path, so a deep chain-like
    /// tree of N nodes would store O(N²) steps; a row's pass reads them all.
    static let maximumStoredSteps = 1 << 20
    /// A row's expansion work (Σ over leaves of 2ᵈ for d distinct path features), at most.
    static let maximumRowWork = 1 << 22

    /// A split on a leaf's path: the node, the side the path takes, that child's cover fraction, and the
    /// offset of the node's chain-prefix masks (over the leaf's features) in ``prefixMasks``.
    struct Step: Sendable {
        var node: Int32
        var goesLeft: Bool
        var fraction: Double
        var masks: Int32
        var chainLength: Int32
    }

    struct Leaf: Sendable {
        var value: Double
        var steps: Range<Int>
        /// The leaf's distinct path features (bit k of a mask is `features[featureStart + k]`).
        var featureStart: Int32
        var featureCount: Int32
    }

    var leaves: [Leaf] = []
    var steps: [Step] = []
    /// Per step, for each chain position m, the bits of the chain's features at positions 0…m.
    var prefixMasks: [UInt32] = []
    var features: [Int32] = []
    /// Σ_ℓ v_ℓ Π z: the tree's part of φ₀ (the value of the empty set).
    var expectedValue = 0.0
    /// The most distinct features a path reads.
    var widestPath = 0

    /// Prepares `tree` with leaf values multiplied by `scale`.
    /// - Throws: ``ExplainError/invalidData(_:)`` when a split node has no cover or a path reads more than
    ///   ``maximumPathFeatures`` distinct features, or when its leaves' paths hold more than ``maximumStoredSteps``
    ///   steps in all or a row's pass would cost more than ``maximumRowWork`` (checked before storing them).
    init(_ tree: DecisionTree, index t: Int, scale: Double) throws {
        let nodes = tree.nodes
        guard Self.storedSteps(nodes) <= Self.maximumStoredSteps else {
            throw ExplainError.invalidData("tree \(t) has surrogate splits and paths of more than \(Self.maximumStoredSteps) steps in all (a leaf's path is stored whole); path-dependent TreeSHAP of surrogate splits supports at most that many, use interventional TreeSHAP with background data")
        }
        // Depth-first over the paths; `path` holds the edges (parent, went left) from the root to the node entered.
        var path: [(node: Int, left: Bool)] = []
        var stack: [(node: Int, depth: Int, parent: Int, left: Bool)] = [(0, 0, -1, true)]
        while let (i, depth, parent, left) = stack.popLast() {
            path.removeLast(path.count - max(0, depth - 1))
            if depth > 0 { path.append((parent, left)) }
            let node = nodes[i]
            if node.isLeaf {
                try addLeaf(value: scale * node.value, path: path, nodes: nodes, tree: t)
                continue
            }
            guard node.cover > 0 else {
                throw PathDependentTree.missingCover(tree: t, node: i)
            }
            stack.append((Int(node.right), depth + 1, i, false))
            stack.append((Int(node.left), depth + 1, i, true))
        }
        let rowWork = leaves.reduce(0) { $0 + (1 << Int($1.featureCount)) }
        guard rowWork <= Self.maximumRowWork else {
            throw ExplainError.invalidData("tree \(t) has surrogate splits and \(leaves.count) leaves whose paths' feature sets would cost \(rowWork) expansion terms per row; path-dependent TreeSHAP of surrogate splits supports at most \(Self.maximumRowWork), use interventional TreeSHAP with background data")
        }
    }

    /// Σ over leaves of the leaf's depth (the steps ``init(_:index:scale:)`` would store), stopping early past the budget.
    private static func storedSteps(_ nodes: [TreeNode]) -> Int {
        var total = 0
        var stack: [(node: Int, depth: Int)] = [(0, 0)]
        while let (i, depth) = stack.popLast(), total <= maximumStoredSteps {
            let node = nodes[i]
            if node.isLeaf {
                total += depth
            } else {
                stack.append((Int(node.right), depth + 1))
                stack.append((Int(node.left), depth + 1))
            }
        }
        return total
    }

    private mutating func addLeaf(value: Double, path: [(node: Int, left: Bool)], nodes: [TreeNode], tree t: Int) throws {
        var local: [Int32] = []
        func bit(_ feature: Int32) -> UInt32 {
            if let k = local.firstIndex(of: feature) { return 1 << UInt32(k) }
            local.append(feature)
            return local.count <= Self.maximumPathFeatures ? 1 << UInt32(local.count - 1) : 0
        }
        let first = steps.count
        var weight = value
        for (i, left) in path {
            let node = nodes[i]
            let fraction = nodes[Int(left ? node.left : node.right)].cover / node.cover
            weight *= fraction
            var mask: UInt32 = 0
            let start = prefixMasks.count
            for position in 0..<node.featuresRead.count {
                mask |= bit(node.chainFeature(position)!)
                prefixMasks.append(mask)
            }
            steps.append(Step(node: Int32(i), goesLeft: left, fraction: fraction, masks: Int32(start), chainLength: Int32(prefixMasks.count - start)))
        }
        guard local.count <= Self.maximumPathFeatures else {
            throw ExplainError.invalidData("tree \(t) has a path whose splits and surrogate splits read \(local.count) distinct features; path-dependent TreeSHAP of surrogate splits supports at most \(Self.maximumPathFeatures), use interventional TreeSHAP with background data")
        }
        expectedValue += weight
        widestPath = max(widestPath, local.count)
        leaves.append(Leaf(value: value, steps: first..<steps.count, featureStart: Int32(features.count), featureCount: Int32(local.count)))
        features += local
    }
}
