import GlassboxModels

extension PathDependentTree {
    /// A split node in the form the per-row pass reads: the common numeric split with NaN as missing
    /// (every XGBoost split, LightGBM's with `missing_type` NaN) decided inline, any other rule by
    /// ``TreeNode/goesLeft(_:precision:codes:)`` on the tree's node, so the row takes the same side as in scoring.
    struct Split: Sendable {
        var node: Int32
        var feature: Int32
        var left: Int32
        var right: Int32
        var bit: UInt64
        /// The threshold, already rounded to `Float` when the ensemble compares in 32 bits.
        var threshold: Double
        var form: Form
        var missingGoesLeft: Bool

        enum Form: UInt8, Sendable {
            case lessThan, lessOrEqual, lessThanFloat32, lessOrEqualFloat32, general
        }

        init(_ node: TreeNode, index: Int, bit: UInt64, precision: TreeEnsemble.ComparisonPrecision) {
            self.node = Int32(index)
            feature = node.feature
            left = node.left
            right = node.right
            self.bit = bit
            missingGoesLeft = node.missingGoesLeft
            let float32 = precision == .float32
            threshold = float32 ? Double(Float(node.threshold)) : node.threshold
            switch (node.rule, node.missing) {
            case (.lessThan, .nan): form = float32 ? .lessThanFloat32 : .lessThan
            case (.lessOrEqual, .nan): form = float32 ? .lessOrEqualFloat32 : .lessOrEqual
            default: form = .general
            }
        }

        /// Whether a row with value `x` goes left. `Float(x) < Float(t)` is decided as
        /// `Double(Float(x)) < Double(Float(t))`: widening a `Float` is exact and keeps the order.
        @inline(__always)
        func goesLeft(_ x: Double, nodes: UnsafeBufferPointer<TreeNode>, precision: TreeEnsemble.ComparisonPrecision,
                      codes: TreeEnsemble.CategoryCodes) -> Bool {
            if form == .general { return nodes[Int(node)].goesLeft(x, precision: precision, codes: codes) }
            if x.isNaN { return missingGoesLeft }
            switch form {
            case .lessThan: return x < threshold
            case .lessOrEqual: return x <= threshold
            case .lessThanFloat32: return Double(Float(x)) < threshold
            default: return Double(Float(x)) <= threshold
            }
        }
    }
}
