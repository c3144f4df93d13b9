import Foundation

extension LightGBMTextModel {
    /// `decision_type` bits (LightGBM `tree.h`): bit 0 categorical, bit 1 default left, bits 2–3 missing type.
    static let categoricalMask: UInt8 = 1, defaultLeftMask: UInt8 = 2

    /// The model as a ``TreeEnsemble``: LightGBM's raw score is the sum of the trees' leaf values (the
    /// initial score is already folded into the first tree; shrinkage into the leaf values), divided by the
    /// number of trees for `average_output` (random forests); `binary` and `cross_entropy` turn it into a
    /// probability with `1 / (1 + e^−raw)`. Numerical splits send `x <= threshold` left after the missing
    /// type's rule (None: NaN is 0; Zero: 0 and NaN take the default side; NaN: NaN takes the default side);
    /// categorical splits send the codes in the bitset left and NaN or negative codes right. Comparisons are
    /// in double precision, as LightGBM's predictor makes them.
    func ensemble() throws -> TreeEnsemble {
        for (t, block) in trees.enumerated() where (block["is_linear"] ?? "0") != "0" {
            throw Self.unsupported("tree \(t) is a linear tree (linear_tree=true)")
        }
        let numClass = try headerInt("num_class", in: 1...Int(Int32.max), default: 1)
        guard numClass == 1 else {
            throw Self.unsupported("a multiclass model (num_class=\(numClass)); only binary models are supported")
        }
        let perIteration = try headerInt("num_tree_per_iteration", in: 1...Int(Int32.max), default: 1)
        guard perIteration == 1 else { throw Self.unsupported("num_tree_per_iteration=\(perIteration)") }
        try checkObjective()
        let names = try featureNames()
        var trees: [DecisionTree] = []
        var total = 0
        for (t, block) in self.trees.enumerated() {
            let tree = try Self.tree(block, index: t, featureCount: names.count, totalNodesSoFar: total)
            total += tree.nodes.count
            trees.append(tree)
        }
        let features = try featureList(names: names, trees: trees)
        guard !trees.isEmpty else { throw Self.fail("the model has no trees") }
        let ensemble = TreeEnsemble(features: features, trees: trees, baseMargin: 0,
                                    combination: flags.contains("average_output") ? .average : .sum,
                                    link: .logistic, comparison: .float64,
                                    categoryCodes: .truncated)
        try ensemble.validate()
        return ensemble
    }

    static func unsupported(_ construct: String) -> ModelError {
        .unsupportedModel("LightGBM: \(construct)")
    }

    /// Accepts `binary` (sigmoid 1) and `cross_entropy` / `xentropy`, whose prediction is the logistic
    /// function of the raw score; refuses every other objective by name.
    func checkObjective() throws {
        guard let objective = header["objective"] else {
            throw Self.unsupported("a model without an objective (custom objective): its link is unknown")
        }
        let parts = objective.split(separator: " ")
        switch parts.first.map(String.init) ?? "" {
        case "binary":
            for option in parts.dropFirst() where option.hasPrefix("sigmoid:") {
                guard Double(option.dropFirst("sigmoid:".count)) == 1 else {
                    throw Self.unsupported("objective 'binary' with \(option) (only sigmoid:1)")
                }
            }
        case "cross_entropy", "xentropy":
            break
        default:
            throw Self.unsupported("objective '\(objective.prefix(60))' (only binary and cross_entropy)")
        }
    }

    /// `feature_names`, one per feature up to `max_feature_idx`.
    func featureNames() throws -> [String] {
        let maxIndex = try headerInt("max_feature_idx", in: 0...(1 << 20))
        guard let namesLine = header["feature_names"] else { throw Self.fail("the header has no 'feature_names'") }
        let names = namesLine.split(separator: " ").map(String.init)
        guard names.count == maxIndex + 1 else {
            throw Self.fail("\(names.count) feature names for max_feature_idx=\(maxIndex)")
        }
        return names
    }

    /// The features, categorical ones (split categorically, listed in `[categorical_feature: …]` or with a
    /// category list in `feature_infos`) given `pandas_categorical`'s levels in column order.
    func featureList(names: [String], trees: [DecisionTree]) throws -> [TreeFeature] {
        var categorical = Set<Int>()
        if let parameter = categoricalFeatureParameter, !parameter.isEmpty {
            for token in parameter.split(separator: ",") {
                if let index = Int(token), names.indices.contains(index) { categorical.insert(index) }
            }
        }
        if let infos = header["feature_infos"]?.split(separator: " "), infos.count == names.count {
            for (j, info) in infos.enumerated() where info != "none" && !info.hasPrefix("[") { categorical.insert(j) }
        }
        for tree in trees {
            for node in tree.nodes where node.rule == .categoryIn && !node.isLeaf { categorical.insert(Int(node.feature)) }
        }
        let ordered = categorical.sorted()
        let levels = try pandasLevels()
        if let levels, levels.count != ordered.count {
            throw Self.fail("pandas_categorical has \(levels.count) level lists for \(ordered.count) categorical features")
        }
        return names.enumerated().map { j, name in
            guard let k = ordered.firstIndex(of: j) else { return TreeFeature(name: name) }
            return TreeFeature(name: name, kind: .categorical(levels: levels?[k] ?? []))
        }
    }
}
