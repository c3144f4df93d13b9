/// Reads a PMML model element (`TreeModel`, `MiningModel`, or a `RegressionModel` ending a `modelChain`)
/// into trees, per-tree weights and a base, the pieces of a ``TreeEnsemble``.
struct PMMLModelReader {
    /// Trees whose weighted leaf values add to `base` (or, with `average`, whose weighted mean is taken).
    struct Part {
        var trees: [DecisionTree] = []
        var weights: [Double] = []
        var base = 0.0
        var average = false
        var link: TreeEnsemble.Link = .identity
    }

    /// What a leaf holds: a regression score, the positive class's probability, or a vote for it (0/1).
    enum LeafValue { case score, probability, vote }

    let fields: PMMLFields
    /// The positive class (the second valid value of a binary target); nil for a regression target.
    let positiveClass: String?
    private(set) var featuresWithoutMissingRule = Set<Int32>()
    /// Whether every tree keeps surrogate predicates as surrogate splits (otherwise only a tree whose copies
    /// under surrogates exceed the budget does).
    var keepsSurrogates = false
    private var totalNodes = 0
    /// The most tree nodes the document may expand into: 16 per `Node` element (chains, missing-value
    /// guards and surrogate copies), so copies under surrogates cannot grow exponentially (a tree that needs more
    /// keeps its surrogates as surrogate splits instead).
    private let nodeBudget: Int

    static let modelNames: Set<String> = ["TreeModel", "MiningModel", "RegressionModel"]
    static let modelChildren: Set<String> = ["MiningSchema", "Output", "ModelStats", "ModelExplanation", "Targets",
                                             "LocalTransformations", "ModelVerification", "Extension"]

    init(fields: PMMLFields, model: PMMLElement) throws {
        self.fields = fields
        nodeBudget = min(TreeEnsemble.maximumTotalNodes, Self.copyBudget(of: model))
        if let values = fields.targetValues {
            guard values.count == 2 else {
                throw PMMLFields.unsupported("a target with \(values.count) classes (only binary classification)")
            }
            positiveClass = values[1]
        } else {
            positiveClass = nil
        }
    }

    static func fail(_ message: String) -> ModelError { PMMLDocument.fail(message) }

    /// Whether two class labels are the same (as text, or as numbers: "1" and "1.0").
    func same(_ a: String, _ b: String) -> Bool {
        a == b || (Double(a) != nil && Double(a) == Double(b))
    }

    mutating func part(_ model: PMMLElement, depth: Int = 0) throws -> Part {
        guard depth < 16 else { throw PMMLFields.unsupported("MiningModels nested more than 16 deep") }
        let body: Set<String> = switch model.name {
        case "TreeModel": ["Node"]
        case "MiningModel": ["Segmentation"]
        default: ["RegressionTable"]
        }
        for child in model.children where !Self.modelChildren.contains(child.name) && !body.contains(child.name) {
            throw PMMLFields.unsupported("element \(child.name) in a \(model.name)")
        }
        let function = model["functionName"] ?? ""
        var result: Part
        switch model.name {
        case "TreeModel":
            let kind: LeafValue = function == "classification" ? (depth > 0 && votes ? .vote : .probability) : .score
            result = try treePart(model, kind: kind)
        case "MiningModel":
            result = try segmentation(model, depth: depth)
        case "RegressionModel":
            throw PMMLFields.unsupported(depth == 0
                ? "a RegressionModel as the whole model (a logistic regression is not a tree ensemble)"
                : "a RegressionModel other than the last step of a modelChain")
        default:
            throw PMMLFields.unsupported("the model element \(model.name)")
        }
        if function == "classification" && positiveClass == nil && depth == 0 {
            throw Self.fail("a classification model whose target field lists no two classes")
        }
        return try applyTargets(model, to: result)
    }

    private var votes = false

    /// `Targets` rescaling of a regression output: `value · rescaleFactor + rescaleConstant`.
    func applyTargets(_ model: PMMLElement, to part: Part) throws -> Part {
        guard let targets = model.child("Targets") else { return part }
        var part = part
        for target in targets.children("Target") {
            for key in ["castInteger", "min", "max"] where target[key] != nil {
                throw PMMLFields.unsupported("Target attribute \(key)")
            }
            let factor = try number(target["rescaleFactor"] ?? "1", "rescaleFactor")
            let constant = try number(target["rescaleConstant"] ?? "0", "rescaleConstant")
            guard !part.average || factor == 1 else { throw PMMLFields.unsupported("rescaleFactor on an averaged segmentation") }
            part.weights = part.weights.map { $0 * factor }
            part.base = part.base * factor + constant
        }
        return part
    }

    /// 16 tree nodes per `Node` element under `element`, plus 1024.
    static func copyBudget(of element: PMMLElement) -> Int {
        var elements = 0, pending = [element]
        while let next = pending.popLast() {
            if next.name == "Node" { elements += 1 }
            pending += next.children
        }
        return 16 * elements + 1024
    }

    func number(_ text: String, _ what: String) throws -> Double {
        guard let value = Double(text), value.isFinite else { throw Self.fail("\(what) '\(text.prefix(40))' is not a finite number") }
        return value
    }

    mutating func treePart(_ model: PMMLElement, kind: LeafValue) throws -> Part {
        guard let root = model.child("Node") else { throw Self.fail("a TreeModel has no Node") }
        let positive = positiveClass
        let value: (PMMLElement) throws -> Double = { [self] node in try leafValue(node, kind: kind, positive: positive) }
        var reader = try PMMLTreeModel(model, fields: fields, value: value)
        reader.keepsSurrogates = keepsSurrogates
        let tree: DecisionTree
        let remaining = nodeBudget - totalNodes
        do {
            // The copy form gets this tree's own share (16 per Node of this TreeModel, at most a tree's node cap),
            // so whether a tree falls back does not depend on the trees before it, and failed copy attempts cost
            // in total at most the budget of the whole document.
            let own = reader.keepsSurrogates ? remaining
                : min(remaining, Self.copyBudget(of: model), TreeEnsemble.maximumNodesPerTree)
            tree = try reader.tree(root: root, budget: own)
        } catch let error as ModelError where error == PMMLTreeModel.copiesExceedBudget && !reader.keepsSurrogates {
            // Too deep to copy subtrees under each surrogate: keep the surrogates as the nodes' own (scoring,
            // inspection and permutation importance read them; TreeSHAP explains them exactly).
            reader = try PMMLTreeModel(model, fields: fields, value: value)
            reader.keepsSurrogates = true
            tree = try reader.tree(root: root, budget: remaining)
        }
        totalNodes += tree.nodes.count
        featuresWithoutMissingRule.formUnion(reader.featuresWithoutMissingRule)
        return Part(trees: [tree], weights: [1])
    }

    /// A node's value: `score`; the positive class's `probability` (or its share of `recordCount`s) in the
    /// `ScoreDistribution`s; or 1 when the node's predicted class is the positive one (votes).
    func leafValue(_ node: PMMLElement, kind: LeafValue, positive: String?) throws -> Double {
        if kind == .score {
            guard let text = node["score"] else { throw Self.fail("a regression Node has no score") }
            return try number(text, "score")
        }
        guard let positive else { throw Self.fail("a classification tree without a binary target") }
        let distribution = node.children("ScoreDistribution")
        var predicted = node["score"]
        if !distribution.isEmpty {
            var counts: [(String, Double)] = []
            for entry in distribution {
                guard let label = entry["value"] else { throw Self.fail("a ScoreDistribution has no value") }
                let weight = try number(entry["probability"] ?? entry["recordCount"] ?? "", "ScoreDistribution recordCount")
                guard weight >= 0 else { throw Self.fail("a ScoreDistribution has a negative count") }
                counts.append((label, weight))
            }
            let total = counts.reduce(0) { $0 + $1.1 }
            if predicted == nil { predicted = counts.max { $0.1 < $1.1 }?.0 }
            if kind == .probability {
                guard total > 0 else { throw Self.fail("a ScoreDistribution's counts sum to 0") }
                let mass = counts.filter { same($0.0, positive) }.reduce(0) { $0 + $1.1 }
                return distribution.allSatisfy({ $0["probability"] != nil }) ? mass : mass / total
            }
        }
        guard let predicted else { throw Self.fail("a classification Node has neither a score nor a ScoreDistribution") }
        return same(predicted, positive) ? 1 : 0
    }

    mutating func segmentation(_ model: PMMLElement, depth: Int) throws -> Part {
        guard let segmentation = model.child("Segmentation") else { throw Self.fail("a MiningModel has no Segmentation") }
        let method = segmentation["multipleModelMethod"] ?? ""
        var segments: [(model: PMMLElement, weight: Double)] = []
        for segment in segmentation.children("Segment") {
            guard segment.child("True") != nil else {
                let predicate = segment.children.first { PMMLTreeModel.predicateNames.contains($0.name) }?.name ?? "none"
                throw PMMLFields.unsupported("a Segment selected by a \(predicate) predicate (only True)")
            }
            guard let inner = segment.children.first(where: { Self.modelNames.contains($0.name) }) else {
                let name = segment.children.first { !PMMLTreeModel.predicateNames.contains($0.name) && $0.name != "Extension" }?.name
                throw PMMLFields.unsupported("the segment model \(name ?? "(none)")")
            }
            segments.append((inner, try number(segment["weight"] ?? "1", "Segment weight")))
        }
        guard !segments.isEmpty else { throw Self.fail("a Segmentation has no Segments") }
        var result = Part()
        switch method {
        case "sum":
            for (inner, _) in segments {
                let part = try self.part(inner, depth: depth + 1)
                guard !part.average, part.link == .identity else { throw PMMLFields.unsupported("a sum of averaged or logistic segments") }
                result.trees += part.trees
                result.weights += part.weights
                result.base += part.base
            }
        case "average", "weightedAverage", "majorityVote", "weightedMajorityVote":
            votes = method.hasSuffix("MajorityVote") || method == "majorityVote"
            defer { votes = false }
            result.average = true
            for (inner, weight) in segments {
                let part = try self.part(inner, depth: depth + 1)
                guard part.trees.count == 1, part.base == 0, part.link == .identity, !part.average else {
                    throw PMMLFields.unsupported("a \(method) of segments that are not single trees")
                }
                result.trees += part.trees
                result.weights.append(method.hasPrefix("weighted") ? weight * part.weights[0] : part.weights[0])
            }
        case "modelChain":
            result = try chain(segments.map(\.model), depth: depth)
        default:
            throw PMMLFields.unsupported("Segmentation multipleModelMethod=\"\(method)\"")
        }
        return result
    }

    /// sklearn2pmml's gradient boosting: regression segments whose outputs feed a final logit
    /// `RegressionModel`, `p = 1 / (1 + e^−(b + Σ cᵢ · outputᵢ))`.
    mutating func chain(_ models: [PMMLElement], depth: Int) throws -> Part {
        var outputs: [String: Part] = [:]
        for model in models.dropLast() {
            let part = try self.part(model, depth: depth + 1)
            for field in model.child("Output")?.children("OutputField") ?? [] {
                guard let name = field["name"] else { continue }
                guard (field["feature"] ?? "predictedValue") == "predictedValue" else {
                    throw PMMLFields.unsupported("a modelChain OutputField of feature \"\(field["feature"] ?? "")\"")
                }
                outputs[name] = part
            }
        }
        guard let last = models.last, last.name == "RegressionModel" else {
            throw PMMLFields.unsupported("a modelChain that does not end in a RegressionModel")
        }
        for child in last.children where !Self.modelChildren.contains(child.name) && child.name != "RegressionTable" {
            throw PMMLFields.unsupported("element \(child.name) in a RegressionModel")
        }
        guard let positive = positiveClass else { throw PMMLFields.unsupported("a modelChain for regression") }
        guard last["normalizationMethod"] == "logit" else {
            throw PMMLFields.unsupported("a RegressionModel with normalizationMethod=\"\(last["normalizationMethod"] ?? "none")\" (only logit)")
        }
        let tables = last.children("RegressionTable")
        guard tables.count == 2, tables[1].children.isEmpty, try number(tables[1]["intercept"] ?? "0", "intercept") == 0 else {
            throw PMMLFields.unsupported("a logit RegressionModel other than one table and an empty reference table")
        }
        let sign: Double = same(tables[0]["targetCategory"] ?? "", positive) ? 1 : -1
        var result = Part(base: sign * (try number(tables[0]["intercept"] ?? "0", "intercept")), link: .logistic)
        for predictor in tables[0].children {
            guard predictor.name == "NumericPredictor", let name = predictor["name"] else {
                throw PMMLFields.unsupported("a \(predictor.name) in the RegressionTable ending a modelChain")
            }
            guard (predictor["exponent"] ?? "1") == "1" else { throw PMMLFields.unsupported("NumericPredictor exponent") }
            guard let part = outputs[name], !part.average else {
                throw Self.fail("the NumericPredictor '\(name)' is not the output of an earlier summed segment")
            }
            let coefficient = sign * (try number(predictor["coefficient"] ?? "", "coefficient"))
            result.trees += part.trees
            result.weights += part.weights.map { $0 * coefficient }
            result.base += part.base * coefficient
        }
        return result
    }
}
