/// A PMML `TreeModel` as a binary ``DecisionTree``. A node's children are tried in order and the first whose
/// predicate holds is taken; a list of children `c₁…cₖ` becomes the chain "P₁ ? c₁ : (P₂ ? c₂ : …)", ending
/// at the first `True` child or, when none holds, at the node's own score (`noTrueChildStrategy=
/// "returnLastPrediction"`). Missing values follow `missingValueStrategy`: the field's
/// `missingValueReplacement` first; `defaultChild`; `lastPrediction` (the node's score); `none` (the
/// predicate is false); `nullPrediction`, and `none` when a missing value leaves no true child, give the
/// row no prediction (``TreeNode/MissingPolicy/nanHasNoPrediction``). A surrogate `CompoundPredicate` (the first
/// part that is not UNKNOWN decides; all UNKNOWN: the strategy) becomes missing-value guards with the subtrees
/// copied under each surrogate or, with ``keepsSurrogates``, one node with ``TreeNode/surrogates``.
/// Reference: DMG PMML 4.4, TreeModel.
struct PMMLTreeModel {
    let fields: PMMLFields
    let missingStrategy: String
    let returnsLastPrediction: Bool
    /// A node's value: its score (regression) or the positive class's probability (classification).
    let value: (PMMLElement) throws -> Double
    /// Features tested where a missing value has no rule (`nullPrediction`): a maker returns no score.
    private(set) var featuresWithoutMissingRule = Set<Int32>()
    /// Whether surrogate predicates become nodes with ``TreeNode/surrogates`` instead of guards with the subtrees
    /// copied under each surrogate (the reader's choice when the copies exceed the node budget,
    /// ``copiesExceedBudget``).
    var keepsSurrogates = false

    /// The refusal of a tree whose copies under surrogates (or chains and guards) exceed the node budget.
    static let copiesExceedBudget = PMMLDocument.fail("the trees expand to more than 16 nodes per Node element (surrogate copies)")

    static let predicateNames: Set<String> = ["True", "False", "SimplePredicate", "SimpleSetPredicate", "CompoundPredicate"]

    init(_ model: PMMLElement, fields: PMMLFields, value: @escaping (PMMLElement) throws -> Double) throws {
        self.fields = fields
        missingStrategy = model["missingValueStrategy"] ?? "none"
        guard ["none", "nullPrediction", "defaultChild", "lastPrediction"].contains(missingStrategy) else {
            throw PMMLFields.unsupported("TreeModel missingValueStrategy=\"\(missingStrategy)\"")
        }
        let noTrueChild = model["noTrueChildStrategy"] ?? "returnNullPrediction"
        guard noTrueChild == "returnNullPrediction" || noTrueChild == "returnLastPrediction" else {
            throw PMMLFields.unsupported("TreeModel noTrueChildStrategy=\"\(noTrueChild)\"")
        }
        returnsLastPrediction = noTrueChild == "returnLastPrediction"
        if let split = model["splitCharacteristic"], split != "binarySplit", split != "multiSplit" {
            throw PMMLFields.unsupported("TreeModel splitCharacteristic=\"\(split)\"")
        }
        self.value = value
    }

    private enum Task {
        /// Build the subtree of a PMML node into `slot`.
        case subtree(PMMLElement, slot: Slot)
        /// Build the chain of `owner`'s children from `from` into `slot`.
        case chain(owner: PMMLElement, children: [PMMLElement], from: Int, slot: Slot)
        /// Build the test of `children[from]`'s surrogate predicates `parts` (the first whose field is
        /// present decides) into `slot`.
        case surrogate(owner: PMMLElement, children: [PMMLElement], from: Int, parts: ArraySlice<PMMLPredicate>, slot: Slot)
    }
    private typealias Slot = (parent: Int, isLeft: Bool)?

    func predicate(of node: PMMLElement) throws -> PMMLElement {
        guard let predicate = node.children.first(where: { Self.predicateNames.contains($0.name) }) else {
            throw PMMLDocument.fail("a Node has no predicate")
        }
        return predicate
    }

    /// A node's predicate as its parts: one, or a surrogate `CompoundPredicate`'s in order.
    func predicates(of node: PMMLElement) throws -> (isSurrogate: Bool, parts: [PMMLPredicate]) {
        let element = try predicate(of: node)
        guard element.name == "CompoundPredicate" else { return (false, [try PMMLPredicate(element, fields: fields)]) }
        let op = element["booleanOperator"] ?? ""
        guard op == "surrogate" else { throw PMMLFields.unsupported("CompoundPredicate booleanOperator=\"\(op)\"") }
        let parts = try element.children.filter { Self.predicateNames.contains($0.name) }.map { try PMMLPredicate($0, fields: fields) }
        guard !parts.isEmpty else { throw PMMLDocument.fail("a surrogate CompoundPredicate has no predicates") }
        return (true, parts)
    }

    /// The number of levels of a categorical feature (nil for a numeric one).
    func levelCount(_ feature: Int32) -> Int? { fields.byName.values.first { $0.index == feature }?.levels?.count }

    /// Whether `a` holds exactly where `b` does not, part by part (the same splits with the sides swapped;
    /// constant parts, such as a trailing `True`, are the fallback of both). Two `isIn` sets on a categorical
    /// field are complementary when they split its `levelCount` levels between them (R's randomForest lists
    /// the levels going left on the left child and the others on the right).
    static func complementary(_ a: [PMMLPredicate], _ b: [PMMLPredicate], levelCount: (Int32) -> Int? = { _ in nil }) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { pair in
            switch pair {
            case let (.split(p, pLeft), .split(q, qLeft)) where p.feature == q.feature && p.rule == .categoryIn
                && q.rule == .categoryIn && pLeft == qLeft:
                guard let count = levelCount(p.feature) else { return false }
                let (pSet, qSet) = (Set(p.categories), Set(q.categories))
                return pSet.isDisjoint(with: qSet) && pSet.union(qSet) == Set((0..<Int32(count)).map { $0 })
            case let (.split(p, pLeft), .split(q, qLeft)):
                return p.feature == q.feature && p.rule == q.rule && p.threshold == q.threshold && p.categories == q.categories
                    && pLeft != qLeft
            case (.always, .always): return true
            default: return false
            }
        }
    }

    /// The tree of the root `Node`, built with an explicit work list (no recursion on the input's depth).
    /// `budget` bounds the nodes this tree may have.
    mutating func tree(root: PMMLElement, budget: Int) throws -> DecisionTree {
        guard case .always(true) = try PMMLPredicate(try predicate(of: root), fields: fields) else {
            throw PMMLFields.unsupported("a TreeModel whose root Node predicate is not True")
        }
        var nodes: [TreeNode] = []
        var tasks: [Task] = [.subtree(root, slot: nil)]
        // Guards that pass a missing surrogate on (as opposed to the document's own isMissing tests).
        var surrogateGuards = Set<Int>()
        // Surrogate split nodes whose missing side is no unknown: a later part (a replaced field, a constant) decides.
        var decidedSurrogateSplits = Set<Int>()
        /// A missing value that reaches `slot` from its parent has no true child: the row has no prediction.
        /// Only the parent's missing side counts, and only where the value is unknown (not an isMissing test,
        /// not a replaced field).
        func noPredictionWhenMissing(at slot: Slot) {
            guard let (parent, isLeft) = slot, !nodes[parent].isLeaf, nodes[parent].missingGoesLeft == isLeft,
                  surrogateGuards.contains(parent) || !PMMLPredicate.isMissingTest(nodes[parent]),
                  !decidedSurrogateSplits.contains(parent),
                  fields.byName.values.first(where: { $0.index == nodes[parent].feature })?.replacement == nil
            else { return }
            nodes[parent].missing = .nanHasNoPrediction
        }
        func place(_ node: TreeNode, _ slot: Slot) throws -> Int {
            guard nodes.count < budget else { throw Self.copiesExceedBudget }
            guard nodes.count < TreeEnsemble.maximumNodesPerTree else {
                throw PMMLDocument.fail("a tree has more than \(TreeEnsemble.maximumNodesPerTree) nodes")
            }
            let index = nodes.count
            nodes.append(node)
            if let (parent, isLeft) = slot {
                if isLeft { nodes[parent].left = Int32(index) } else { nodes[parent].right = Int32(index) }
            }
            return index
        }
        while let task = tasks.popLast() {
            switch task {
            case let .subtree(element, slot):
                let children = element.children("Node")
                if children.isEmpty {
                    _ = try place(.leaf(value: try value(element), cover: Double(element["recordCount"] ?? "") ?? 0), slot)
                } else {
                    tasks.append(.chain(owner: element, children: children, from: 0, slot: slot))
                }
            case let .chain(owner, children, from, slot):
                guard from < children.count else {
                    guard returnsLastPrediction else {
                        throw PMMLFields.unsupported("a Node whose children may all be false with noTrueChildStrategy=\"returnNullPrediction\"")
                    }
                    _ = try place(.leaf(value: try value(owner)), slot)
                    continue
                }
                let child = children[from]
                let (isSurrogate, parts) = try predicates(of: child)
                if from > 0, from == children.count - 1, !returnsLastPrediction,
                   Self.complementary(parts, try predicates(of: children[from - 1]).parts, levelCount: levelCount) {
                    // The complement of the previous predicate (R's `x < t`, `x >= t`): every present value
                    // reaches it; with strategy none or nullPrediction a missing one has no true child.
                    if missingStrategy == "none" || missingStrategy == "nullPrediction" {
                        for case let .split(node, _) in parts
                        where fields.byName.values.first(where: { $0.index == node.feature })?.replacement == nil {
                            markWithoutMissingRule(node.feature)
                        }
                        noPredictionWhenMissing(at: slot)
                    }
                    tasks.append(.subtree(child, slot: slot))
                    continue
                }
                if isSurrogate {
                    if keepsSurrogates, case .split(let primary, _) = parts[0], !PMMLPredicate.isMissingTest(primary),
                       replacement(of: primary.feature) == nil {
                        let split = try surrogateSplit(owner: owner, children: children, from: from, parts: parts)
                        var splitSlot = slot
                        if split.guardsAllMissing {
                            // lastPrediction: a test "every one of these features is missing" before the split sends
                            // such a row to the owner's score.
                            var allMissing = PMMLPredicate.missingNode(PMMLFields.Field(index: primary.feature, levels: nil,
                                                                                       isFloat: false, replacement: nil))
                            allMissing.surrogates = split.node.surrogates.map { $0.map {
                                TreeNode.Surrogate(feature: $0.feature, rule: .lessThan, threshold: PMMLPredicate.missingTestThreshold, ruleGoesLeft: true)
                            } }
                            let guardIndex = try place(allMissing, slot)
                            _ = try place(.leaf(value: try value(owner)), (guardIndex, true))
                            splitSlot = (guardIndex, false)
                        }
                        let index = try place(split.node, splitSlot)
                        if split.isDecided { decidedSurrogateSplits.insert(index) }
                        if let last = split.falseSide {
                            tasks.append(.subtree(last, slot: (index, !split.trueGoesLeft)))
                        } else {
                            tasks.append(.chain(owner: owner, children: children, from: from + 1, slot: (index, !split.trueGoesLeft)))
                        }
                        tasks.append(.subtree(child, slot: (index, split.trueGoesLeft)))
                    } else {
                        tasks.append(.surrogate(owner: owner, children: children, from: from, parts: parts[...], slot: slot))
                    }
                    continue
                }
                let parsed = parts[0]
                switch parsed {
                case .always(true):
                    tasks.append(.subtree(child, slot: slot))
                case .always(false):
                    tasks.append(.chain(owner: owner, children: children, from: from + 1, slot: slot))
                case .split(var split, let trueGoesLeft):
                    let feature = fields.byName.values.first { $0.index == split.feature }
                    var slot = slot
                    if PMMLPredicate.isMissingTest(split) {
                        // isMissing / isNotMissing: the split's left side is "missing"; a replaced value is present.
                        split.missingGoesLeft = feature?.replacement == nil
                    } else if let replacement = feature?.replacement {
                        split.missingGoesLeft = split.goesLeft(replacement, precision: .float64, codes: .wholeNumbers)
                    } else {
                        switch missingStrategy {
                        case "defaultChild":
                            let toChild = owner["defaultChild"] != nil && owner["defaultChild"] == child["id"]
                            split.missingGoesLeft = toChild == trueGoesLeft
                        case "lastPrediction":
                            // A guard before the split sends a missing value to the owner's score.
                            let guardIndex = try place(PMMLPredicate.missingNode(PMMLFields.Field(
                                index: split.feature, levels: nil, isFloat: false, replacement: nil)), slot)
                            _ = try place(.leaf(value: try value(owner)), (guardIndex, true))
                            slot = (guardIndex, false)
                        case "nullPrediction":
                            markWithoutMissingRule(split.feature)
                            split.missingGoesLeft = !trueGoesLeft
                            split.missing = .nanHasNoPrediction
                        default:  // none: an unknown predicate is false, so the chain goes on
                            split.missingGoesLeft = !trueGoesLeft
                        }
                    }
                    let index = try place(split, slot)
                    let rest = Task.chain(owner: owner, children: children, from: from + 1, slot: (index, !trueGoesLeft))
                    tasks.append(rest)
                    tasks.append(.subtree(child, slot: (index, trueGoesLeft)))
                }
            case let .surrogate(owner, children, from, parts, slot):
                let child = children[from], rest = Task.chain(owner: owner, children: children, from: from + 1, slot: slot)
                // rpart's documents give the last child the complement of this surrogate predicate, part by
                // part: where this one is false on a present field, that one is true on the same field, so the
                // last child's subtree is built directly, not under another copy of the surrogate tests (which
                // would multiply the copies at every level).
                let last = from + 1 == children.count - 1 ? children[from + 1] : nil
                let complementIsLast = try last.map {
                    Self.complementary(try predicates(of: $0).parts, try predicates(of: child).parts, levelCount: levelCount)
                } ?? false
                guard let first = parts.first else {
                    // Every surrogate's field is missing: the predicate is unknown.
                    switch missingStrategy {
                    case "defaultChild":
                        let toChild = owner["defaultChild"] != nil && owner["defaultChild"] == child["id"]
                        if !toChild, complementIsLast, let last, owner["defaultChild"] == last["id"] {
                            // The complement is unknown too, and the default child is the last one.
                            tasks.append(.subtree(last, slot: slot))
                        } else {
                            tasks.append(toChild ? .subtree(child, slot: slot) : rest)
                        }
                    case "lastPrediction":
                        _ = try place(.leaf(value: try value(owner)), slot)
                    default:
                        if missingStrategy == "nullPrediction" {
                            for case let .split(node, _) in try predicates(of: child).parts { markWithoutMissingRule(node.feature) }
                            noPredictionWhenMissing(at: slot)
                        }
                        tasks.append(rest)
                    }
                    continue
                }
                switch first {
                case .always(true): tasks.append(.subtree(child, slot: slot))
                case .always(false): tasks.append(rest)
                case .split(var split, let trueGoesLeft):
                    let replacement = fields.byName.values.first { $0.index == split.feature }?.replacement
                    var splitSlot = slot
                    if PMMLPredicate.isMissingTest(split) {
                        split.missingGoesLeft = replacement == nil
                    } else if let replacement {
                        split.missingGoesLeft = split.goesLeft(replacement, precision: .float64, codes: .wholeNumbers)
                    } else {
                        // A guard sends a missing value on to the next surrogate, a present one to the split.
                        let guardIndex = try place(PMMLPredicate.missingNode(PMMLFields.Field(
                            index: split.feature, levels: nil, isFloat: false, replacement: nil)), slot)
                        surrogateGuards.insert(guardIndex)
                        tasks.append(.surrogate(owner: owner, children: children, from: from, parts: parts.dropFirst(),
                                                slot: (guardIndex, true)))
                        splitSlot = (guardIndex, false)
                    }
                    let index = try place(split, splitSlot)
                    if complementIsLast, let last {
                        tasks.append(.subtree(last, slot: (index, !trueGoesLeft)))
                    } else {
                        tasks.append(.chain(owner: owner, children: children, from: from + 1, slot: (index, !trueGoesLeft)))
                    }
                    tasks.append(.subtree(child, slot: (index, trueGoesLeft)))
                }
            }
        }
        // Covers: a leaf's recordCount (sklearn2pmml writes 1, R's pmml the training count), an internal
        // node the sum of its children's (a chain node has no PMML node of its own).
        for i in nodes.indices.reversed() where !nodes[i].isLeaf {
            nodes[i].cover = nodes[Int(nodes[i].left)].cover + nodes[Int(nodes[i].right)].cover
        }
        return DecisionTree(nodes: nodes)
    }

    private mutating func markWithoutMissingRule(_ feature: Int32) { featuresWithoutMissingRule.insert(feature) }

    /// A field's `missingValueReplacement`, nil when it has none.
    func replacement(of feature: Int32) -> Double? {
        fields.byName.values.first { $0.index == feature }?.replacement
    }

    /// A surrogate predicate as one node with ``TreeNode/surrogates``.
    struct SurrogateSplit {
        /// The split: the first part's rule, the later parts as surrogates, missing values placed.
        var node: TreeNode
        /// The side of a row for which the predicate is true (the child's side).
        var trueGoesLeft: Bool
        /// Whether a later part (a replaced field, `True`, `False`) decides when the earlier parts' fields are
        /// missing, so the predicate is never unknown.
        var isDecided: Bool
        /// Whether a row with every field missing goes to the owner's score (`lastPrediction`): the caller
        /// places a test for that before the split.
        var guardsAllMissing = false
        /// The subtree on the false side when it is the last child, whose predicate is this one's complement
        /// (rpart's documents); nil when the false side continues the chain of children.
        var falseSide: PMMLElement?
    }

    /// The node of `children[from]`'s surrogate predicate `parts` (the first a split on a field without
    /// replacement): on a present value the first part decides; on a missing one the first later part whose field
    /// is present (PMML: a surrogate predicate is the first of its parts that is not UNKNOWN); when every field is
    /// missing, `missingValueStrategy`, as the copies under surrogates decide it.
    mutating func surrogateSplit(owner: PMMLElement, children: [PMMLElement], from: Int,
                                 parts: [PMMLPredicate]) throws -> SurrogateSplit {
        guard case .split(var node, let trueGoesLeft) = parts[0] else { preconditionFailure("the first part is a split") }
        let child = children[from]
        var surrogates: [TreeNode.Surrogate] = []
        var decided: Bool?  // the predicate's value once the fields before a deciding part are missing
        scan: for part in parts.dropFirst() {
            switch part {
            case .always(let value):
                decided = value
                break scan
            case .split(let split, let partTrueGoesLeft):
                if PMMLPredicate.isMissingTest(split) {
                    throw PMMLFields.unsupported("an isMissing or isNotMissing test inside a surrogate CompoundPredicate")
                }
                // The part holds where the rule's verdict equals partTrueGoesLeft; the predicate's true side is trueGoesLeft.
                surrogates.append(TreeNode.Surrogate(feature: split.feature, rule: split.rule, threshold: split.threshold,
                                                     categories: split.categories, ruleGoesLeft: partTrueGoesLeft == trueGoesLeft))
                if let replacement = replacement(of: split.feature) {
                    // A replaced field is never unknown: when it is missing, its replacement decides.
                    decided = split.goesLeft(replacement, precision: .float64, codes: .wholeNumbers) == partTrueGoesLeft
                    break scan
                }
            }
        }
        node.surrogates = surrogates.isEmpty ? nil : surrogates
        let last = from + 1 == children.count - 1 ? children[from + 1] : nil
        let complementIsLast = try last.map {
            Self.complementary(try predicates(of: $0).parts, parts, levelCount: levelCount)
        } ?? false
        // The false side is the last child directly when a row reaching it with every field missing belongs there too.
        var falseSideIsLast = complementIsLast
        var result = SurrogateSplit(node: node, trueGoesLeft: trueGoesLeft, isDecided: decided != nil)
        if let decided {
            result.node.missingGoesLeft = decided == trueGoesLeft
        } else {
            switch missingStrategy {
            case "defaultChild":
                let defaultChild = owner["defaultChild"]
                let toChild = defaultChild != nil && defaultChild == child["id"]
                result.node.missingGoesLeft = toChild == trueGoesLeft
                if !toChild, defaultChild == nil || defaultChild != last?["id"] { falseSideIsLast = false }
            case "lastPrediction":
                result.guardsAllMissing = true
                result.node.missingGoesLeft = !trueGoesLeft  // never reached: the guard takes such rows
            case "nullPrediction":
                for feature in node.featuresRead { markWithoutMissingRule(feature) }
                result.node.missingGoesLeft = !trueGoesLeft
                result.node.missing = .nanHasNoPrediction
            default:  // none: an unknown predicate is false, so the chain goes on
                result.node.missingGoesLeft = !trueGoesLeft
                falseSideIsLast = false
            }
        }
        result.falseSide = falseSideIsLast ? last : nil
        return result
    }
}
