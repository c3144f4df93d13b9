// Surrogate splits (PMML `CompoundPredicate booleanOperator="surrogate"`): a node whose own feature is missing
// is decided by the first surrogate whose feature is present. Reference: DMG PMML 4.4, TreeModel, "surrogate".

extension TreeNode.Surrogate {
    /// Whether the present value `x` goes left, compared in double precision (surrogate splits exist only in
    /// ``TreeEnsemble/ComparisonPrecision/float64`` ensembles; validated).
    @inline(__always)
    func goesLeft(present x: Double, codes: TreeEnsemble.CategoryCodes) -> Bool {
        let holds: Bool
        switch rule {
        case .lessThan: holds = x < threshold
        case .lessOrEqual: holds = x <= threshold
        case .categoryIn: holds = TreeNode.categoryCode(x, codes).map { categories.contains($0) } ?? false
        }
        return holds == ruleGoesLeft
    }
}

extension TreeNode {
    /// Whether the node has surrogate splits.
    @inline(__always)
    package var hasSurrogates: Bool { surrogates != nil }

    /// Where `row` goes at this node when it has ``surrogates``: the node's own rule on a present value, else the
    /// first surrogate whose feature is present, else ``missingGoesLeft``; `swapped` (−1: none) is read as
    /// `value` instead of the row's own (permutation importance). Nil when every feature is missing and the
    /// policy is ``MissingPolicy/nanHasNoPrediction`` (the row has no prediction).
    @inline(__always)
    package func surrogateGoesLeft(_ row: UnsafePointer<Double>, codes: TreeEnsemble.CategoryCodes,
                                   swapped: Int32 = -1, value: Double = 0) -> Bool? {
        let x = feature == swapped ? value : row[Int(feature)]
        if !x.isNaN { return goesLeft(x, precision: .float64, codes: codes) }
        for surrogate in surrogates ?? [] {
            let v = surrogate.feature == swapped ? value : row[Int(surrogate.feature)]
            if !v.isNaN { return surrogate.goesLeft(present: v, codes: codes) }
        }
        return missing == .nanHasNoPrediction ? nil : missingGoesLeft
    }

    /// The features the node reads: its own, then its surrogates'.
    package var featuresRead: [Int32] { [feature] + (surrogates ?? []).map(\.feature) }

    /// The node's decision chain, for walks that fix features one at a time (TreeSHAP): position 0 is the
    /// node's own split, position k ≥ 1 its k-th surrogate; nil past the last (the node's missing side decides).
    @inline(__always)
    package func chainFeature(_ position: Int) -> Int32? {
        if position == 0 { return feature }
        guard let surrogates, position <= surrogates.count else { return nil }
        return surrogates[position - 1].feature
    }

    /// What chain position `position` (``chainFeature(_:)``) decides for the value `x`: nil when `x` is missing
    /// (NaN: the next position decides), else whether the row goes left — as
    /// ``surrogateGoesLeft(_:codes:swapped:value:)`` decides at that position.
    @inline(__always)
    package func chainGoesLeft(_ position: Int, _ x: Double, codes: TreeEnsemble.CategoryCodes) -> Bool? {
        if x.isNaN { return nil }
        if position == 0 { return goesLeft(x, precision: .float64, codes: codes) }
        return surrogates![position - 1].goesLeft(present: x, codes: codes)
    }
}

extension TreeEnsemble {
    /// Whether some node has surrogate splits (PMML surrogate predicates kept as such): TreeSHAP follows their
    /// decision chains, and explainers that walk single-feature paths take their general route.
    public var hasSurrogateSplits: Bool {
        trees.contains { $0.nodes.contains { $0.surrogates != nil } }
    }
}
