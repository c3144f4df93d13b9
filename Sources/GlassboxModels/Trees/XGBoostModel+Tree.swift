extension XGBoostModel {
    /// Tree `index` of the file: its node arrays, each checked to have `tree_param.num_nodes` entries (bounded
    /// by ``TreeEnsemble/maximumNodesPerTree`` and, with `running` the nodes read so far, by
    /// ``TreeEnsemble/maximumTotalNodes``) before any node is built.
    static func readTree(_ tree: XGBoostField, index t: Int, features: [TreeFeature], running total: inout Int) throws -> DecisionTree {
        let file = tree.fileName
        let n = try tree.field("tree_param").field("num_nodes").integerText(in: 1...TreeEnsemble.maximumNodesPerTree)
        total += n
        guard total <= TreeEnsemble.maximumTotalNodes else {
            throw ModelError.invalidModelFile("\(file): the model has more than \(TreeEnsemble.maximumTotalNodes) nodes")
        }
        if let leafSize = try tree.field("tree_param").optionalField("size_leaf_vector"),
           try leafSize.integerText(in: 0...Int(Int32.max)) > 1 {
            throw ModelError.unsupportedModel("\(file): tree \(t) has vector leaves (a multi-target model)")
        }
        func array(_ name: String) throws -> [Double] {
            let field = try tree.field(name)
            let xs = try field.numbers()
            guard xs.count == n else { throw field.fail("has \(xs.count) entries, but the tree has \(n) nodes (num_nodes)") }
            // XGBoost holds these as float32; JSON prints them in shortest form, which read as a double is not the float.
            return xs.map { Double(Float($0)) }
        }
        func indices(_ name: String, in range: ClosedRange<Int>) throws -> [Int] {
            let field = try tree.field(name)
            let xs = try field.integers(in: range)
            guard xs.count == n else { throw field.fail("has \(xs.count) entries, but the tree has \(n) nodes (num_nodes)") }
            return xs
        }
        let left = try indices("left_children", in: -1...Int(Int32.max))
        let right = try indices("right_children", in: -1...Int(Int32.max))
        let splitFeature = try indices("split_indices", in: 0...Int(UInt32.max))
        let conditions = try array("split_conditions")
        let defaultLeft = try indices("default_left", in: 0...1)
        let cover = try array("sum_hessian")
        let gain = try array("loss_changes")
        let weights = try array("base_weights")
        let splitType = try tree.optionalField("split_type") != nil ? try indices("split_type", in: 0...1) : [Int](repeating: 0, count: n)
        let categories = try categorySets(tree, nodes: n)
        var nodes = [TreeNode]()
        nodes.reserveCapacity(n)
        for i in 0..<n {
            let at = "tree \(t) node \(i)"
            if left[i] == -1 {
                guard right[i] == -1 else { throw ModelError.invalidModelFile("\(file): \(at) has a right child but no left one") }
                nodes.append(.leaf(value: Double(Float(conditions[i])), cover: cover[i]))
                continue
            }
            guard left[i] < n, right[i] >= 0, right[i] < n else {
                throw ModelError.invalidModelFile("\(file): \(at) has a child index outside 0..<\(n)")
            }
            guard splitFeature[i] < features.count else {
                throw ModelError.invalidModelFile("\(file): \(at) splits on feature \(splitFeature[i]), but the model has \(features.count) features")
            }
            if splitType[i] == 1 {
                guard let set = categories[i] else {
                    throw ModelError.invalidModelFile("\(file): \(at) is a categorical split without categories (categories_nodes)")
                }
                // XGBoost: a category in the set goes right, any other (or an invalid one) left.
                nodes.append(TreeNode(feature: Int32(splitFeature[i]), rule: .categoryIn, threshold: 0, categories: set,
                                      left: Int32(right[i]), right: Int32(left[i]), missingGoesLeft: defaultLeft[i] == 0,
                                      value: weights[i], cover: cover[i], gain: gain[i]))
            } else {
                let threshold = Float(conditions[i])
                guard !threshold.isNaN else { throw ModelError.invalidModelFile("\(file): \(at) has a threshold that is not a number") }
                nodes.append(TreeNode(feature: Int32(splitFeature[i]), rule: .lessThan, threshold: Double(threshold),
                                      left: Int32(left[i]), right: Int32(right[i]), missingGoesLeft: defaultLeft[i] == 1,
                                      value: weights[i], cover: cover[i], gain: gain[i]))
            }
        }
        return DecisionTree(nodes: nodes)
    }

    /// Per node, the sorted category codes of its categorical split (`categories_nodes`, `categories_segments`,
    /// `categories_sizes` cutting `categories`); nil for other nodes.
    private static func categorySets(_ tree: XGBoostField, nodes n: Int) throws -> [[Int32]?] {
        var out = [[Int32]?](repeating: nil, count: n)
        guard let nodeField = try tree.optionalField("categories_nodes") else { return out }
        let categories = try tree.field("categories").integers(in: 0...Int(Int32.max))
        let nodeIndices = try nodeField.integers(in: 0...(n - 1))
        let segments = try tree.field("categories_segments").integers(in: 0...categories.count)
        let sizes = try tree.field("categories_sizes").integers(in: 0...categories.count)
        guard segments.count == nodeIndices.count, sizes.count == nodeIndices.count else {
            throw nodeField.fail("has \(nodeIndices.count) entries, but categories_segments has \(segments.count) and categories_sizes \(sizes.count)")
        }
        for (k, node) in nodeIndices.enumerated() {
            guard segments[k] + sizes[k] <= categories.count else {
                throw nodeField.fail("cuts node \(node)'s categories beyond the \(categories.count) in 'categories'")
            }
            guard out[node] == nil else { throw nodeField.fail("lists node \(node) twice") }
            out[node] = Array(Set(categories[segments[k]..<(segments[k] + sizes[k])])).sorted().map { Int32($0) }
        }
        return out
    }
}
