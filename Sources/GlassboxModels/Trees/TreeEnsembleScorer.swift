import GlassboxCore

/// The batch scorer of a ``TreeEnsemble``: the nodes of every tree compiled once into one flat array of
/// 16-byte nodes (children as absolute indices, the feature index and split flags in one word, a leaf its own
/// child), rows scored in blocks (every tree walked for a block of rows, so a tree's nodes stay in cache) and
/// blocks spread over the cores (``Parallel``).
///
/// A ``TreeEnsemble/ComparisonPrecision/float32`` (XGBoost) ensemble is scored as XGBoost's `predict` scores it:
/// a block's features rounded to float32 once, compared in float32, and the leaf values summed in float32 from
/// the base margin in tree order. Its walks run four rows at a time for exactly the tree's depth, without a
/// branch on the data (a row that reached its leaf stays there), so the rows' memory loads overlap. Other
/// ensembles sum in double as ``TreeEnsemble/margin(_:)`` does. The output does not depend on the number of cores.
package struct TreeEnsembleScorer: Sendable {
    /// A compiled node. `word` is the feature index (bits 0–23) and the flags; a leaf is its own left and right
    /// child (its value in ``leafValues``). `threshold` is the float32 threshold of `x < threshold` (a `≤` rule's
    /// threshold moved up one float: `x ≤ t ⇔ x < t.nextUp` for finite `t`).
    package struct Node: Sendable {
        package var threshold: Float
        package var word: Int32
        package var left: Int32
        package var right: Int32
    }
    package static let featureMask: Int32 = 0x00FF_FFFF
    package static let missingLeft: Int32 = 1 << 24
    static let lessOrEqual: Int32 = 1 << 25
    /// Categorical rules, missing policies other than NaN, `≤ +∞`: decided by ``TreeNode``'s own rule.
    package static let general: Int32 = 1 << 26
    /// A node with surrogate splits (also ``general``): decided on the whole row (``TreeNode/surrogateGoesLeft(_:codes:swapped:value:)``).
    static let surrogateSplit: Int32 = 1 << 27

    let ensemble: TreeEnsemble
    let nodes: [Node]
    /// Double thresholds (float64 comparisons), parallel to ``nodes``.
    let thresholds: [Double]
    let leafValues: [Double]
    let roots: [Int]
    /// Each tree's depth (edges from the root to its deepest leaf).
    let depths: [Int]

    /// Compiles a validated ensemble (at most 2²⁴ features).
    package init(_ ensemble: TreeEnsemble) {
        self.ensemble = ensemble
        var nodes = [Node](), thresholds = [Double](), values = [Double](), roots = [Int](), depths = [Int]()
        for tree in ensemble.trees {
            let offset = Int32(nodes.count)
            roots.append(nodes.count)
            var depth = [Int](repeating: 0, count: tree.nodes.count)
            for (i, node) in tree.nodes.enumerated() {
                values.append(node.value)
                thresholds.append(node.threshold)
                guard !node.isLeaf else {
                    nodes.append(Node(threshold: 0, word: 0, left: offset + Int32(i), right: offset + Int32(i)))
                    continue
                }
                depth[Int(node.left)] = depth[i] + 1
                depth[Int(node.right)] = depth[i] + 1
                var word = node.feature & Self.featureMask
                if node.missingGoesLeft { word |= Self.missingLeft }
                var threshold = Float(node.threshold)
                if node.rule == .lessOrEqual {
                    word |= Self.lessOrEqual
                    if threshold.isFinite { threshold = threshold.nextUp } else { word |= Self.general }
                }
                if node.rule == .categoryIn || node.missing != .nan { word |= Self.general }
                if node.hasSurrogates { word |= Self.general | Self.surrogateSplit }
                nodes.append(Node(threshold: threshold, word: word, left: node.left + offset, right: node.right + offset))
            }
            depths.append(depth.max() ?? 0)
        }
        self.nodes = nodes
        self.thresholds = thresholds
        leafValues = values
        self.roots = roots
        self.depths = depths
    }

    /// Rows per block: small enough that a block's feature rows stay in cache while every tree is walked.
    static let blockRows = 128
    /// Rows walked together down one tree.
    static let lanes = 4

    /// The score (after the link) of every row of `matrix`.
    package func scores(_ matrix: TreeFeatureMatrix) -> [Double] {
        margins(matrix).map(ensemble.score(margin:))
    }

    /// The margin of every row of `matrix` (columns in the ensemble's feature order); NaN for a row the
    /// maker gives no prediction (``TreeNode/MissingPolicy/nanHasNoPrediction``).
    package func margins(_ matrix: TreeFeatureMatrix) -> [Double] {
        precondition(matrix.columns == ensemble.features.count, "feature matrix does not match the ensemble")
        let n = matrix.rows
        let ranges = Parallel.chunks(count: n, minimumChunk: 2048, maximumChunks: 64)
        let checksPrediction = ensemble.hasNoPredictionRule
        let linear = ensemble.linearTerms
        let parts = matrix.values.withUnsafeBufferPointer { buffer in
            let base = UnsafeSendableBuffer(buffer)
            return Parallel.map(ranges) { range in
                var margins = self.margins(base.buffer, columns: matrix.columns, rows: range)
                // Only PMML documents have such nodes; the walk is a second pass, so the common path is unchanged.
                if checksPrediction {
                    let p = matrix.columns
                    for r in range where !ensemble.hasPrediction(UnsafeBufferPointer(rebasing: base.buffer[(r * p)..<(r * p + p)])) {
                        margins[r - range.lowerBound] = .nan
                    }
                }
                // A linear part (a PMML regression) is added after the trees, as TreeEnsemble.margin adds it.
                if let linear {
                    let p = matrix.columns
                    for r in range {
                        margins[r - range.lowerBound] += linear.margin(UnsafeBufferPointer(rebasing: base.buffer[(r * p)..<(r * p + p)]))
                    }
                }
                return margins
            }
        }
        return Array(parts.joined())
    }

    /// Whether XGBoost's arithmetic applies: float32 comparisons, a plain sum of unit-weight trees.
    private var xgboostArithmetic: Bool {
        ensemble.comparison == .float32 && ensemble.combination == .sum && ensemble.treeWeights.allSatisfy { $0 == 1 }
    }

    private func margins(_ values: UnsafeBufferPointer<Double>, columns p: Int, rows: Range<Int>) -> [Double] {
        var out = [Double](repeating: 0, count: rows.count)
        let float32 = xgboostArithmetic
        let leafFloats = leafValues.map { Float($0) }
        let blockValues = UnsafeMutablePointer<Float>.allocate(capacity: Self.blockRows * max(p, 1))
        let floatSums = UnsafeMutablePointer<Float>.allocate(capacity: Self.blockRows)
        let sums = UnsafeMutablePointer<Double>.allocate(capacity: Self.blockRows)
        defer { blockValues.deallocate(); floatSums.deallocate(); sums.deallocate() }
        let base = values.baseAddress!
        out.withUnsafeMutableBufferPointer { out in
            nodes.withUnsafeBufferPointer { nodes in
                leafValues.withUnsafeBufferPointer { leaves in
                    leafFloats.withUnsafeBufferPointer { leafFloats in
                        thresholds.withUnsafeBufferPointer { thresholds in
                            var start = rows.lowerBound
                            while start < rows.upperBound {
                                let m = min(rows.upperBound, start + Self.blockRows) - start
                                let block = base + start * p
                                if float32 {
                                    for k in 0..<(m * p) { blockValues[k] = Float(block[k]) }
                                    let baseMargin = Float(ensemble.baseMargin)
                                    for k in 0..<m { floatSums[k] = baseMargin }
                                    for (t, root) in roots.enumerated() {
                                        var k = 0
                                        while k + Self.lanes <= m {
                                            walkLanes(nodes, root: root, depth: depths[t], rows: blockValues + k * p, stride: p,
                                                      leafFloats: leafFloats, sums: floatSums + k)
                                            k += Self.lanes
                                        }
                                        while k < m {
                                            floatSums[k] += leafFloats[leafFloat(nodes, root: root, depth: depths[t], row: blockValues + k * p)]
                                            k += 1
                                        }
                                    }
                                    for k in 0..<m { out[start - rows.lowerBound + k] = Double(floatSums[k]) }
                                } else {
                                    for k in 0..<m { sums[k] = 0 }
                                    for (t, root) in roots.enumerated() {
                                        let w = ensemble.treeWeights[t]
                                        for k in 0..<m {
                                            sums[k] += w * leaves[leafDouble(nodes, thresholds, root: root, row: block + k * p)]
                                        }
                                    }
                                    let weightSum = ensemble.treeWeights.reduce(0, +)
                                    for k in 0..<m {
                                        var total = sums[k]
                                        if ensemble.combination == .average, weightSum > 0 { total /= weightSum }
                                        out[start - rows.lowerBound + k] = ensemble.baseMargin + total
                                    }
                                }
                                start += m
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// One step down from `node` for the float32 value `x`: `x < threshold`, or the default direction for NaN
    /// (a leaf stays where it is), computed without a branch on the value.
    @inline(__always)
    private func step(_ nodes: UnsafeBufferPointer<Node>, _ i: Int, _ x: Float) -> Int {
        let node = nodes[i]
        if node.word & Self.general != 0 {
            return Int(generalGoesLeft(i, Double(x)) ? node.left : node.right)
        }
        let less: Int32 = x < node.threshold ? 1 : 0
        let missing: Int32 = x.isNaN ? 1 : 0
        let left = less | (missing & (node.word >> 24) & 1)
        return Int(node.right &+ (node.left &- node.right) &* left)
    }

    /// Walks ``lanes`` rows (at `rows`, `stride` values apart) down the tree at `root` together, `depth` rounds,
    /// and adds each row's leaf value to its sum.
    @inline(__always)
    private func walkLanes(_ nodes: UnsafeBufferPointer<Node>, root: Int, depth: Int, rows: UnsafePointer<Float>, stride: Int,
                           leafFloats: UnsafeBufferPointer<Float>, sums: UnsafeMutablePointer<Float>) {
        var i0 = root, i1 = root, i2 = root, i3 = root
        for _ in 0..<depth {
            i0 = step(nodes, i0, rows[Int(nodes[i0].word & Self.featureMask)])
            i1 = step(nodes, i1, rows[stride + Int(nodes[i1].word & Self.featureMask)])
            i2 = step(nodes, i2, rows[2 * stride + Int(nodes[i2].word & Self.featureMask)])
            i3 = step(nodes, i3, rows[3 * stride + Int(nodes[i3].word & Self.featureMask)])
        }
        sums[0] += leafFloats[i0]; sums[1] += leafFloats[i1]; sums[2] += leafFloats[i2]; sums[3] += leafFloats[i3]
    }

    /// The leaf a row of float32 values reaches from `root` in `depth` steps.
    @inline(__always)
    private func leafFloat(_ nodes: UnsafeBufferPointer<Node>, root: Int, depth: Int, row: UnsafePointer<Float>) -> Int {
        var i = root
        for _ in 0..<depth { i = step(nodes, i, row[Int(nodes[i].word & Self.featureMask)]) }
        return i
    }

    /// The leaf a row of double values reaches from `root`, compared in the ensemble's precision; feature
    /// `swapped` (−1: none) is read as `value` instead of the row's own (permutation importance).
    @inline(__always)
    func leafDouble(_ nodes: UnsafeBufferPointer<Node>, _ thresholds: UnsafeBufferPointer<Double>, root: Int,
                    row: UnsafePointer<Double>, swapped: Int32 = -1, value: Double = 0) -> Int {
        let float32 = ensemble.comparison == .float32
        var i = root
        while true {
            let node = nodes[i]
            if Int(node.left) == i { return i }
            if node.word & Self.surrogateSplit != 0 {
                // Every feature missing under "no prediction": any side; the caller's prediction pass makes it NaN.
                let source = sourceNode(i)
                let left = source.surrogateGoesLeft(row, codes: ensemble.categoryCodeRule, swapped: swapped, value: value)
                i = Int((left ?? source.missingGoesLeft) ? node.left : node.right)
                continue
            }
            let feature = node.word & Self.featureMask
            let x = feature == swapped ? value : row[Int(feature)]
            i = Int(goesLeft(node, i, x, thresholds, float32: float32) ? node.left : node.right)
        }
    }

    /// Whether compiled node `i` (`node`) sends the double value `x` left, compared in the ensemble's precision
    /// (`float32`), the maker's own rule for ``general`` nodes.
    @inline(__always)
    func goesLeft(_ node: Node, _ i: Int, _ x: Double, _ thresholds: UnsafeBufferPointer<Double>, float32: Bool) -> Bool {
        if node.word & Self.general != 0 { return generalGoesLeft(i, x) }
        if x.isNaN { return node.word & Self.missingLeft != 0 }
        if float32 { return Float(x) < node.threshold }
        return node.word & Self.lessOrEqual != 0 ? x <= thresholds[i] : x < thresholds[i]
    }

    /// The maker's own rule at compiled node `i` (categorical splits, LightGBM's missing policies).
    private func generalGoesLeft(_ i: Int, _ x: Double) -> Bool {
        sourceNode(i).goesLeft(x, precision: ensemble.comparison, codes: ensemble.categoryCodeRule)
    }

    /// The ``TreeNode`` compiled into node `i`.
    private func sourceNode(_ i: Int) -> TreeNode {
        let t = roots.lastIndex(where: { $0 <= i })!
        return ensemble.trees[t].nodes[i - roots[t]]
    }
}

/// A read-only buffer handed to concurrent chunk workers (each reads, none writes).
struct UnsafeSendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<T>
    init(_ buffer: UnsafeBufferPointer<T>) { self.buffer = buffer }
}
