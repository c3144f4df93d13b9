import GlassboxCore

/// The batch scorer of a ``TreeEnsemble``: the nodes of every tree compiled once into one flat array
/// (children as absolute indices, thresholds in both precisions, flags for the common split), rows scored
/// in blocks (every tree walked for a block of rows, so a tree's nodes stay in cache) and blocks spread over
/// the cores (``Parallel``). Each row's margin is summed in tree order as ``TreeEnsemble/margin(_:)`` sums it,
/// except that a ``TreeEnsemble/ComparisonPrecision/float32`` (XGBoost) ensemble sums in float32 as XGBoost's
/// `predict` does; the output does not depend on the number of cores.
package struct TreeEnsembleScorer: Sendable {
    /// A compiled node: a leaf when `feature < 0` (its value in ``leafValues``).
    struct Node {
        var threshold: Double
        var thresholdFloat: Float
        var feature: Int32
        var left: Int32
        var right: Int32
        var flags: UInt32
    }
    static let missingLeft: UInt32 = 1
    static let lessOrEqual: UInt32 = 2
    /// Categorical rules and missing policies other than NaN: decided by ``TreeNode``'s own rule.
    static let general: UInt32 = 4

    let ensemble: TreeEnsemble
    let nodes: [Node]
    let leafValues: [Double]
    let roots: [Int]
    /// Original node of each compiled node (for ``general`` splits).
    let origin: [(tree: Int32, node: Int32)]

    /// Compiles a validated ensemble.
    package init(_ ensemble: TreeEnsemble) {
        self.ensemble = ensemble
        var nodes = [Node](), values = [Double](), roots = [Int](), origin = [(tree: Int32, node: Int32)]()
        for (t, tree) in ensemble.trees.enumerated() {
            let offset = Int32(nodes.count)
            roots.append(nodes.count)
            for (i, node) in tree.nodes.enumerated() {
                var flags: UInt32 = node.missingGoesLeft ? Self.missingLeft : 0
                if node.rule == .lessOrEqual { flags |= Self.lessOrEqual }
                if node.rule == .categoryIn || node.missing != .nan { flags |= Self.general }
                nodes.append(Node(threshold: node.threshold, thresholdFloat: Float(node.threshold), feature: node.feature,
                                  left: node.isLeaf ? -1 : node.left + offset, right: node.isLeaf ? -1 : node.right + offset, flags: flags))
                values.append(node.value)
                origin.append((Int32(t), Int32(i)))
            }
        }
        self.nodes = nodes
        leafValues = values
        self.roots = roots
        self.origin = origin
    }

    /// Rows per block: small enough that a block's feature rows stay in cache while every tree is walked.
    static let blockRows = 256

    /// The score (after the link) of every row of `matrix`.
    package func scores(_ matrix: TreeFeatureMatrix) -> [Double] {
        margins(matrix).map(ensemble.score(margin:))
    }

    /// The margin of every row of `matrix` (columns in the ensemble's feature order); NaN for a row the
    /// maker gives no prediction (``TreeNode/MissingPolicy/nanHasNoPrediction``).
    package func margins(_ matrix: TreeFeatureMatrix) -> [Double] {
        precondition(matrix.columns == ensemble.features.count, "feature matrix does not match the ensemble")
        let n = matrix.rows
        let ranges = Parallel.chunks(count: n, minimumChunk: 4096, maximumChunks: 64)
        let checksPrediction = ensemble.hasNoPredictionRule
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
                return margins
            }
        }
        return Array(parts.joined())
    }

    private func margins(_ values: UnsafeBufferPointer<Double>, columns p: Int, rows: Range<Int>) -> [Double] {
        var out = [Double]()
        out.reserveCapacity(rows.count)
        let float32 = ensemble.comparison == .float32
        let weights = ensemble.treeWeights
        let unitWeights = weights.allSatisfy { $0 == 1 }
        let weightSum = weights.reduce(0, +)
        var sums = [Double](repeating: 0, count: Self.blockRows)
        var floatSums = [Float](repeating: 0, count: Self.blockRows)
        nodes.withUnsafeBufferPointer { nodes in
            leafValues.withUnsafeBufferPointer { leaves in
                var start = rows.lowerBound
                while start < rows.upperBound {
                    let end = min(rows.upperBound, start + Self.blockRows)
                    for k in 0..<(end - start) { sums[k] = 0; floatSums[k] = Float(ensemble.baseMargin) }
                    for (t, root) in roots.enumerated() {
                        let w = weights[t]
                        for r in start..<end {
                            let row = UnsafeBufferPointer(rebasing: values[(r * p)..<(r * p + p)])
                            let leaf = leafIndex(nodes, root: root, row: row, float32: float32)
                            if float32 && unitWeights {
                                floatSums[r - start] += Float(leaves[leaf])
                            } else {
                                sums[r - start] += w * leaves[leaf]
                            }
                        }
                    }
                    for k in 0..<(end - start) {
                        if float32 && unitWeights {
                            out.append(Double(floatSums[k]))
                        } else {
                            var total = sums[k]
                            if ensemble.combination == .average, weightSum > 0 { total /= weightSum }
                            out.append(ensemble.baseMargin + total)
                        }
                    }
                    start = end
                }
            }
        }
        return out
    }

    @inline(__always)
    private func leafIndex(_ nodes: UnsafeBufferPointer<Node>, root: Int, row: UnsafeBufferPointer<Double>, float32: Bool) -> Int {
        var i = root
        while true {
            let node = nodes[i]
            if node.feature < 0 { return i }
            let x = row[Int(node.feature)]
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

/// A read-only buffer handed to concurrent chunk workers (each reads, none writes).
struct UnsafeSendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<T>
    init(_ buffer: UnsafeBufferPointer<T>) { self.buffer = buffer }
}
