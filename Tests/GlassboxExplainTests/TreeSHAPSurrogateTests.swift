import Foundation
import GlassboxCore
@testable import GlassboxExplain
@testable import GlassboxModels
import GlassboxTabular
import GlassboxTestSupport
import Testing

/// TreeSHAP of trees with surrogate splits against brute force: both set functions are written out from their
/// definitions (interventional: the mean margin of hybrid rows; path-dependent: the recursive expected value with
/// decision chains, ``SurrogatePathDependentTree``), every one of the 2ᴹ coalitions evaluated and the Shapley
/// formula summed directly, on hand-built trees (a feature read twice on a path, by a split and by a surrogate;
/// categorical surrogates; rows missing primaries and surrogates) and on R's rpart tree
/// (Tests/Fixtures/reference/trees/rpmml-rpartdeep.pmml) with the seeded reference rows.
@Suite("Tree SHAP with surrogate splits")
struct TreeSHAPSurrogateTests {
    // MARK: Oracles

    /// Whether surrogate `s` sends present value `x` left, from the PMML definition (rule holds → `ruleGoesLeft`).
    static func surrogateLeft(_ s: TreeNode.Surrogate, _ x: Double) -> Bool {
        let holds: Bool
        switch s.rule {
        case .lessThan: holds = x < s.threshold
        case .lessOrEqual: holds = x <= s.threshold
        case .categoryIn: holds = x == x.rounded() && x >= 0 && s.categories.contains(Int32(x))
        }
        return holds == s.ruleGoesLeft
    }

    /// The chain of a node: (feature, decision on a present value) per position.
    static func chain(_ node: TreeNode, precision: TreeEnsemble.ComparisonPrecision) -> [(Int, (Double) -> Bool)] {
        var out: [(Int, (Double) -> Bool)] = [(Int(node.feature), { node.goesLeft($0, precision: precision, codes: .wholeNumbers) })]
        for s in node.surrogates ?? [] { out.append((Int(s.feature), { surrogateLeft(s, $0) })) }
        return out
    }

    /// Whether `row` goes left at `node`: the chain read in order, the first present value deciding (an ordinary
    /// node: its own rule, missing values by its policy), none: the node's missing side.
    static func goesLeft(_ node: TreeNode, _ row: [Double], precision: TreeEnsemble.ComparisonPrecision) -> Bool {
        if node.surrogates == nil { return node.goesLeft(row[Int(node.feature)], precision: precision, codes: .wholeNumbers) }
        guard let (f, decide) = chain(node, precision: precision).first(where: { !row[$0.0].isNaN }) else { return node.missingGoesLeft }
        return decide(row[f])
    }

    /// The leaf value `row` reaches.
    static func leafValue(_ tree: DecisionTree, _ row: [Double], precision: TreeEnsemble.ComparisonPrecision) -> Double {
        var i = 0
        while !tree.nodes[i].isLeaf { i = Int(goesLeft(tree.nodes[i], row, precision: precision) ? tree.nodes[i].left : tree.nodes[i].right) }
        return tree.nodes[i].value
    }

    /// The ensemble's margin from ``leafValue(_:_:precision:)``.
    static func margin(_ e: TreeEnsemble, _ row: [Double]) -> Double {
        var total = 0.0
        for (t, tree) in e.trees.enumerated() { total += e.treeWeights[t] * leafValue(tree, row, precision: e.comparison) }
        if e.combination == .average { total /= e.treeWeights.reduce(0, +) }
        return e.baseMargin + total
    }

    /// Path-dependent value of coalition `inS` for `row` at `node`: the chain read in order; the first consulted
    /// feature outside S weighs both children by cover; one in S decides when present, passes when missing.
    static func expected(_ tree: DecisionTree, _ i: Int, _ row: [Double], _ inS: [Bool], precision: TreeEnsemble.ComparisonPrecision) -> Double {
        let node = tree.nodes[i]
        if node.isLeaf { return node.value }
        func go(_ left: Bool) -> Double { expected(tree, Int(left ? node.left : node.right), row, inS, precision: precision) }
        func both() -> Double {
            (tree.nodes[Int(node.left)].cover * go(true) + tree.nodes[Int(node.right)].cover * go(false)) / node.cover
        }
        if node.surrogates == nil {
            return inS[Int(node.feature)] ? go(node.goesLeft(row[Int(node.feature)], precision: precision, codes: .wholeNumbers)) : both()
        }
        for (f, decide) in chain(node, precision: precision) {
            guard inS[f] else { return both() }
            if !row[f].isNaN { return go(decide(row[f])) }
        }
        return go(node.missingGoesLeft)
    }

    /// Shapley values of the game `value` on `players` by enumerating every coalition.
    static func shapley(players m: Int, _ value: ([Bool]) -> Double) -> [Double] {
        let values = (0..<(1 << m)).map { set in value((0..<m).map { set >> $0 & 1 == 1 }) }
        var factorial = [1.0]
        for k in 1...m { factorial.append(factorial[k - 1] * Double(k)) }
        return (0..<m).map { i in
            var phi = 0.0
            for set in 0..<(1 << m) where set >> i & 1 == 0 {
                let size = set.nonzeroBitCount
                phi += factorial[size] * factorial[m - size - 1] / factorial[m] * (values[set | 1 << i] - values[set])
            }
            return phi
        }
    }

    static func interventionalOracle(_ e: TreeEnsemble, _ x: [Double], background: [[Double]]) -> [Double] {
        shapley(players: x.count) { inS in
            background.reduce(0) { sum, z in sum + margin(e, x.indices.map { inS[$0] ? x[$0] : z[$0] }) } / Double(background.count)
        }
    }

    /// The path-dependent value of coalition `inS`: Σₜ wₜ (÷ Σ w when averaging) times the tree's expected value.
    static func pathDependentValue(_ e: TreeEnsemble, _ x: [Double], _ inS: [Bool]) -> Double {
        let total = e.combination == .average ? e.treeWeights.reduce(0, +) : 1
        return e.trees.indices.reduce(0) { $0 + e.treeWeights[$1] / total * expected(e.trees[$1], 0, x, inS, precision: e.comparison) }
    }

    static func pathDependentOracle(_ e: TreeEnsemble, _ x: [Double]) -> [Double] {
        shapley(players: x.count) { pathDependentValue(e, x, $0) }
    }

    // MARK: Models and rows

    /// Two trees over five features (f2 categorical): tree 0's root reads f0, then f1, then f2 (category
    /// surrogate, rule holding → right); its left child splits on f1 again, its right child reads f3 then f0
    /// again; tree 1 is an ordinary tree on f2 and f4.
    static func handBuilt() -> TreeEnsemble {
        let features = [TreeFeature(name: "f0"), TreeFeature(name: "f1"), TreeFeature(name: "f2", kind: .categorical(levels: ["a", "b", "c"])),
                        TreeFeature(name: "f3"), TreeFeature(name: "f4")]
        let surrogateTree = DecisionTree(nodes: [
            TreeNode(feature: 0, rule: .lessThan, threshold: 0.5, left: 1, right: 2, missingGoesLeft: false, cover: 100,
                     surrogates: [.init(feature: 1, rule: .lessOrEqual, threshold: 1, ruleGoesLeft: true),
                                  .init(feature: 2, rule: .categoryIn, threshold: 0, categories: [1, 2], ruleGoesLeft: false)]),
            TreeNode(feature: 1, rule: .lessOrEqual, threshold: 0.5, left: 3, right: 4, missingGoesLeft: true, cover: 60),
            TreeNode(feature: 3, rule: .lessThan, threshold: 1.5, left: 5, right: 6, missingGoesLeft: true, cover: 40,
                     surrogates: [.init(feature: 0, rule: .lessOrEqual, threshold: 1.2, ruleGoesLeft: false)]),
            .leaf(value: -1.25, cover: 35), .leaf(value: 0.5, cover: 25), .leaf(value: 2.0, cover: 15), .leaf(value: -0.375, cover: 25),
        ])
        let plainTree = DecisionTree(nodes: [
            TreeNode(feature: 2, rule: .categoryIn, threshold: 0, categories: [0], left: 1, right: 2, missingGoesLeft: false, cover: 100),
            .leaf(value: 0.25, cover: 30),
            TreeNode(feature: 4, rule: .lessThan, threshold: 0, left: 3, right: 4, missingGoesLeft: true, cover: 70),
            .leaf(value: -0.75, cover: 20), .leaf(value: 1.0, cover: 50),
        ])
        return TreeEnsemble(features: features, trees: [surrogateTree, plainTree], baseMargin: 0.125, link: .logistic, comparison: .float64)
    }

    /// Seeded rows whose values sit on and around the thresholds, about a third missing.
    static func handBuiltRows(count: Int, seed: UInt64) -> [[Double]] {
        var generator = SeededGenerator(seed: seed)
        let numbers: [Double] = [-1, 0, 0.5, 1, 1.2, 1.5, 3]
        return (0..<count).map { _ in
            (0..<5).map { f in
                if generator.nextInt(below: 3) == 0 { return .nan }
                return f == 2 ? Double(generator.nextInt(below: 3)) : numbers[generator.nextInt(below: numbers.count)]
            }
        }
    }

    static func rpart() throws -> (TreeEnsemble, [[Double]]) {
        let model = try TreeSurrogateSplitExplainerTests.model()
        let matrix = TreeSurrogateSplitExplainerTests.matrix(model.ensemble, count: 160)
        let p = matrix.columns
        return (model.ensemble, (0..<matrix.rows).map { Array(matrix.values[$0 * p..<($0 + 1) * p]) })
    }

    /// Rows whose path meets a surrogate node with the node's own feature missing (the surrogates decide).
    static func rowsDecidedBySurrogates(_ e: TreeEnsemble, _ rows: [[Double]]) -> Int {
        rows.filter { row in
            e.trees.contains { tree in
                var i = 0
                while !tree.nodes[i].isLeaf {
                    let node = tree.nodes[i]
                    if node.surrogates != nil, row[Int(node.feature)].isNaN { return true }
                    i = Int(goesLeft(node, row, precision: e.comparison) ? node.left : node.right)
                }
                return false
            }
        }.count
    }

    // MARK: Checks

    func checkInterventional(_ e: TreeEnsemble, rows: [[Double]], background: [[Double]]) throws {
        let shap = try TreeSHAP.interventional(e, rows: rows.flatMap { $0 }, background: background.flatMap { $0 })
        let base = background.reduce(0) { $0 + Self.margin(e, $1) } / Double(background.count)
        #expect(abs(shap.expectedValue - base) < 1e-12)
        for (r, x) in rows.enumerated() {
            let oracle = Self.interventionalOracle(e, x, background: background)
            for j in x.indices { #expect(abs(shap[r, j] - oracle[j]) < 1e-12, "row \(r) feature \(j): \(shap[r, j]) vs \(oracle[j])") }
            let margin = Self.margin(e, x)
            #expect(abs(shap.row(r).reduce(shap.expectedValue, +) - margin) < 1e-12, "additivity, row \(r)")
            let own = e.margin(x)
            #expect(own.isNaN || abs(own - margin) < 1e-12, "the oracle's margin is the ensemble's, row \(r)")
        }
    }

    func checkPathDependent(_ e: TreeEnsemble, rows: [[Double]]) throws {
        let shap = try TreeSHAP.pathDependent(e, rows: rows.flatMap { $0 })
        let none = [Bool](repeating: false, count: e.features.count)
        let base = e.baseMargin + Self.pathDependentValue(e, rows[0], none)
        #expect(abs(shap.expectedValue - base) < 1e-12)
        for (r, x) in rows.enumerated() {
            let oracle = Self.pathDependentOracle(e, x)
            for j in x.indices { #expect(abs(shap[r, j] - oracle[j]) < 1e-12, "row \(r) feature \(j): \(shap[r, j]) vs \(oracle[j])") }
            #expect(abs(shap.row(r).reduce(shap.expectedValue, +) - Self.margin(e, x)) < 1e-12, "additivity, row \(r)")
        }
    }

    @Test("interventional TreeSHAP equals brute force on hand-built surrogate trees")
    func handBuiltInterventional() throws {
        let e = Self.handBuilt()
        try e.validate()
        let rows = Self.handBuiltRows(count: 120, seed: 11)
        #expect(Self.rowsDecidedBySurrogates(e, rows) > 20)
        try checkInterventional(e, rows: rows, background: Self.handBuiltRows(count: 9, seed: 12))
        // One background row: every hybrid is one of 2ᴹ rows, the sharpest case for the fixing rule.
        try checkInterventional(e, rows: rows, background: [[.nan, 2, 1, .nan, -1]])
    }

    @Test("path-dependent TreeSHAP equals brute force of the decision-chain rule on hand-built surrogate trees")
    func handBuiltPathDependent() throws {
        let e = Self.handBuilt()
        try checkPathDependent(e, rows: Self.handBuiltRows(count: 120, seed: 13))
        var averaged = e
        averaged.combination = .average
        averaged.treeWeights = [2, 1]
        try checkPathDependent(averaged, rows: Self.handBuiltRows(count: 40, seed: 14))
    }

    @Test("R's rpart tree: both TreeSHAPs equal brute force on rows missing primaries")
    func rpartFixture() throws {
        let (e, rows) = try Self.rpart()
        #expect(e.hasSurrogateSplits && e.features.count <= 10)
        #expect(Self.rowsDecidedBySurrogates(e, rows) > 10)
        try checkPathDependent(e, rows: rows)
        try checkInterventional(e, rows: Array(rows[0..<60]), background: Array(rows[100..<108]))
    }

    @Test("a path reading more than 16 distinct features is refused by path-dependent TreeSHAP, naming the limit")
    func widePathRefused() throws {
        let p = 18
        var nodes: [TreeNode] = [TreeNode(feature: 0, rule: .lessThan, threshold: 0, left: 1, right: 2, missingGoesLeft: true, cover: 2,
                                          surrogates: (1..<p).map { .init(feature: Int32($0), rule: .lessThan, threshold: 0, ruleGoesLeft: true) })]
        nodes += [.leaf(value: 1, cover: 1), .leaf(value: -1, cover: 1)]
        let e = TreeEnsemble(features: (0..<p).map { TreeFeature(name: "x\($0)") }, trees: [DecisionTree(nodes: nodes)], baseMargin: 0,
                             link: .logistic, comparison: .float64)
        #expect(throws: ExplainError.invalidData("tree 0 has a path whose splits and surrogate splits read 18 distinct features; path-dependent TreeSHAP of surrogate splits supports at most 16, use interventional TreeSHAP with background data")) {
            _ = try TreeSHAP.pathDependent(e, rows: [Double](repeating: .nan, count: p))
        }
        let x = [Double](repeating: .nan, count: p - 1) + [1]
        let shap = try TreeSHAP.interventional(e, rows: x, background: [Double](repeating: -1, count: p))
        #expect(abs(shap.row(0).reduce(shap.expectedValue, +) - e.margin(x)) < 1e-12)
    }

    @Test("explain on the rpart model: both methods additive to the margin, the JSON records that surrogate splits were followed")
    func explainRecordsSurrogateSplits() throws {
        let model = try TreeSurrogateSplitExplainerTests.model()
        let table = try CSVReader.read(bytes: Array(TreeReferenceRows.csv(seed: 29, count: 300).utf8)).table
        let matrix = try model.ensemble.featureMatrix(table)
        let p = matrix.columns
        for method in [TreeSHAPMethod.pathDependent, .interventional(backgroundRows: 40)] {
            var options = ExplanationOptions(seed: 2, shapRows: 30)
            options.treeSHAP = method
            let result = try LinearSHAPResult.compute(model: model, table: table, options: options)
            #expect(result.method == method.jsonName && result.surrogateSplits == true)
            for (k, row) in result.rows.enumerated() {
                let margin = model.ensemble.margin(Array(matrix.values[row * p..<(row + 1) * p]))
                #expect(abs(result.values[k].reduce(result.expectedValue, +) - margin) < 1e-12, "\(method) row \(row)")
            }
            let json = try String(decoding: JSONEncoder().encode(result), as: UTF8.self)
            #expect(json.contains("\"surrogateSplits\":true"))
        }
    }
}
