extension TreeEnsemble {
    /// Largest node count accepted per tree and in total: bounds memory before any walk.
    public static let maximumNodesPerTree = 1 << 22
    public static let maximumTotalNodes = 1 << 26
    /// Largest feature count accepted (the batch scorer packs a feature index into 24 bits).
    public static let maximumFeatures = 1 << 24

    /// Checks that every walk terminates and every index is in range, so scoring and TreeSHAP need no
    /// checks of their own: node counts bounded, children after their parent and inside the tree, each
    /// node reached from exactly one parent, feature indices inside ``features``, thresholds and values
    /// finite, weights finite, categorical rules only on categorical features, at least one feature.
    /// - Throws: ``ModelError/invalidModelFile(_:)`` naming the tree, node and problem.
    public func validate() throws {
        func fail(_ message: String) -> ModelError { .invalidModelFile(message) }
        guard !trees.isEmpty || linearTerms != nil else { throw fail("the ensemble has no trees") }
        // Every explanation (SHAP, permutation importance) is per feature: a model of no features explains nothing.
        guard !features.isEmpty else { throw fail("the model has no features") }
        try linearTerms?.validate(features: features)
        guard treeWeights.count == trees.count else {
            throw fail("\(treeWeights.count) tree weights for \(trees.count) trees")
        }
        guard baseMargin.isFinite else { throw fail("the base margin is not a finite number") }
        guard features.count <= TreeEnsemble.maximumFeatures else {
            throw fail("the model has \(features.count) features (at most \(TreeEnsemble.maximumFeatures))")
        }
        var total = 0
        for (t, tree) in trees.enumerated() {
            let n = tree.nodes.count
            guard n > 0 else { throw fail("tree \(t) has no nodes") }
            guard n <= TreeEnsemble.maximumNodesPerTree else {
                throw fail("tree \(t) has \(n) nodes (at most \(TreeEnsemble.maximumNodesPerTree))")
            }
            total += n
            guard total <= TreeEnsemble.maximumTotalNodes else {
                throw fail("the ensemble has more than \(TreeEnsemble.maximumTotalNodes) nodes")
            }
            guard treeWeights[t].isFinite else { throw fail("tree \(t) has a weight that is not a finite number") }
            var parents = [UInt8](repeating: 0, count: n)
            for (i, node) in tree.nodes.enumerated() {
                let at = "tree \(t) node \(i)"
                guard node.value.isFinite, node.cover.isFinite, node.gain.isFinite else {
                    throw fail("\(at) has a value, cover or gain that is not a finite number")
                }
                if node.isLeaf { continue }
                guard Int(node.feature) < features.count else {
                    throw fail("\(at) splits on feature \(node.feature), but the model has \(features.count) features")
                }
                for child in [node.left, node.right] {
                    guard child > Int32(i), Int(child) < n else {
                        throw fail("\(at) has child \(child) outside \(i + 1)..<\(n) (a cycle or a truncated tree)")
                    }
                    guard parents[Int(child)] == 0 else { throw fail("\(at) shares child \(child) with another node") }
                    parents[Int(child)] = 1
                }
                try checkRule(node.rule, feature: node.feature, threshold: node.threshold, at: at)
                if let surrogates = node.surrogates { try checkSurrogates(surrogates, of: node, at: at) }
            }
        }
    }

    /// A split's rule: a numeric threshold that is a number, a categorical rule on a categorical feature.
    private func checkRule(_ rule: TreeNode.SplitRule, feature: Int32, threshold: Double, at: String) throws {
        switch rule {
        case .lessThan, .lessOrEqual:
            guard !threshold.isNaN else { throw ModelError.invalidModelFile("\(at) has a threshold that is not a number") }
        case .categoryIn:
            guard case .categorical = features[Int(feature)].kind else {
                throw ModelError.invalidModelFile("\(at) has a categorical split on numeric feature '\(features[Int(feature)].name)'")
            }
        }
    }

    /// Surrogate splits: compared in double precision (the scorers' float32 walks read one feature per node),
    /// under a NaN missing policy, at most ``maximumSurrogates``, features in range, rules valid.
    private func checkSurrogates(_ surrogates: [TreeNode.Surrogate], of node: TreeNode, at: String) throws {
        func fail(_ message: String) -> ModelError { .invalidModelFile("\(at) \(message)") }
        guard comparison == .float64 else { throw fail("has surrogate splits, which need float64 comparisons") }
        guard node.missing == .nan || node.missing == .nanHasNoPrediction else {
            throw fail("has surrogate splits under the missing policy \(node.missing.rawValue) (only nan or nanHasNoPrediction)")
        }
        guard !surrogates.isEmpty, surrogates.count <= TreeEnsemble.maximumSurrogates else {
            throw fail("has \(surrogates.count) surrogate splits (1 to \(TreeEnsemble.maximumSurrogates))")
        }
        for (k, surrogate) in surrogates.enumerated() {
            guard surrogate.feature >= 0, Int(surrogate.feature) < features.count else {
                throw fail("has surrogate \(k) on feature \(surrogate.feature), but the model has \(features.count) features")
            }
            try checkRule(surrogate.rule, feature: surrogate.feature, threshold: surrogate.threshold, at: "\(at) surrogate \(k)")
        }
    }

    /// Largest number of surrogate splits accepted on one node.
    package static let maximumSurrogates = 64
}
