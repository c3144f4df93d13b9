import Foundation

extension TreeNode {
    /// LightGBM's `kZeroThreshold`: values this close to 0 count as zero for ``MissingPolicy/zeroOrNaN``.
    /// LightGBM declares it as the float `1e-35f` and compares doubles with it, so the bound is
    /// `Double(Float(1e-35))` = 1.0000000180025095e-35, not the double 1e-35.
    static let zeroThreshold = Double(Float(1e-35))

    /// Whether a row with feature value `x` (NaN when missing) goes to the left child, as the maker decides:
    /// the missing policy first, then the rule in the ensemble's comparison precision, category codes read
    /// by the maker's rule.
    @inline(__always)
    package func goesLeft(_ x: Double, precision: TreeEnsemble.ComparisonPrecision, codes: TreeEnsemble.CategoryCodes) -> Bool {
        var v = x
        switch missing {
        case .nan, .nanHasNoPrediction:
            if v.isNaN { return missingGoesLeft }
        case .nanAsZero:
            if v.isNaN { v = 0 }
        case .zeroOrNaN:
            if v.isNaN { v = 0 }
            if abs(v) <= TreeNode.zeroThreshold { return missingGoesLeft }
        }
        switch rule {
        case .lessThan:
            return precision == .float32 ? Float(v) < Float(threshold) : v < threshold
        case .lessOrEqual:
            return precision == .float32 ? Float(v) <= Float(threshold) : v <= threshold
        case .categoryIn:
            guard let code = Self.categoryCode(v, codes) else { return false }
            return categories.contains(code)  // sorted; linear is fine for the short lists makers write
        }
    }

    /// The category code the maker reads from `v`, nil when `v` is in no category.
    @inline(__always)
    static func categoryCode(_ v: Double, _ codes: TreeEnsemble.CategoryCodes) -> Int32? {
        switch codes {
        case .wholeNumbers:
            guard v >= 0, v < 2_147_483_648, v == v.rounded(.towardZero) else { return nil }
            return Int32(v)
        case .truncated:
            let t = v.rounded(.towardZero)
            guard t >= 0, t < 2_147_483_648 else { return nil }  // -0.0 (from -0.5) is code 0
            return Int32(t)
        case .float32Truncated:
            let f = Float(v)
            guard f >= 0, f < 16_777_216 else { return nil }
            return Int32(f.rounded(.towardZero))
        }
    }
}

extension DecisionTree {
    /// The index of the leaf `row` reaches; `row[f]` is feature `f`'s value (NaN when missing).
    @inline(__always)
    /// `codes` is the ensemble's ``TreeEnsemble/categoryCodes`` rule.
    public func leafIndex(_ row: UnsafeBufferPointer<Double>, precision: TreeEnsemble.ComparisonPrecision,
                          codes: TreeEnsemble.CategoryCodes = .wholeNumbers) -> Int {
        var i = 0
        while true {
            let node = nodes[i]
            if node.isLeaf { return i }
            if node.hasSurrogates {
                // A node without a decision (every feature missing, no prediction) still names a side.
                i = Int((node.surrogateGoesLeft(row.baseAddress!, codes: codes) ?? node.missingGoesLeft) ? node.left : node.right)
                continue
            }
            i = Int(node.goesLeft(row[Int(node.feature)], precision: precision, codes: codes) ? node.left : node.right)
        }
    }
}

extension TreeEnsemble {
    /// The margin (log-odds for a ``Link/logistic`` model) of one row of feature values in
    /// ``features`` order, NaN for missing: `baseMargin + Σ wₜ leafₜ(x)` (or the weighted average).
    /// NaN when the row has no prediction (``hasPrediction(_:)``).
    public func margin(_ row: [Double]) -> Double {
        row.withUnsafeBufferPointer { margin($0) }
    }

    /// Whether any node treats a missing value as "no prediction" (``TreeNode/MissingPolicy/nanHasNoPrediction``).
    var hasNoPredictionRule: Bool {
        trees.contains { $0.nodes.contains { $0.missing == .nanHasNoPrediction } }
    }

    /// The leaf of `tree` that `row` reaches, nil when its path reaches a
    /// ``TreeNode/MissingPolicy/nanHasNoPrediction`` node with that node's feature missing.
    @inline(__always)
    func predictedLeaf(_ tree: DecisionTree, _ row: UnsafeBufferPointer<Double>) -> Int? {
        var i = 0
        while true {
            let node = tree.nodes[i]
            if node.isLeaf { return i }
            if node.hasSurrogates {
                guard let left = node.surrogateGoesLeft(row.baseAddress!, codes: categoryCodeRule) else { return nil }
                i = Int(left ? node.left : node.right)
                continue
            }
            let x = row[Int(node.feature)]
            if node.missing == .nanHasNoPrediction, x.isNaN { return nil }
            i = Int(node.goesLeft(x, precision: comparison, codes: categoryCodeRule) ? node.left : node.right)
        }
    }

    /// Whether the maker predicts `row`: false when some tree's path reaches a
    /// ``TreeNode/MissingPolicy/nanHasNoPrediction`` node with the node's feature missing.
    func hasPrediction(_ row: UnsafeBufferPointer<Double>) -> Bool {
        trees.allSatisfy { predictedLeaf($0, row) != nil }
    }

    func margin(_ row: UnsafeBufferPointer<Double>) -> Double {
        var total = 0.0
        for (t, tree) in trees.enumerated() {
            guard let leaf = predictedLeaf(tree, row) else { return .nan }
            total += treeWeights[t] * tree.nodes[leaf].value
        }
        if combination == .average {
            let weight = treeWeights.reduce(0, +)
            if weight > 0 { total /= weight }
        }
        guard linearTerms != nil else { return baseMargin + total }
        return baseMargin + total + linearMargin(row)
    }

    /// The score of a margin: the logistic function or the identity (``link``).
    public func score(margin: Double) -> Double {
        switch link {
        case .logistic: 1 / (1 + exp(-margin))
        case .identity: margin
        }
    }
}
