import GlassboxCore
@testable import GlassboxExplain
import GlassboxModels
import Testing

/// TreeSHAP of surrogate splits is bounded: a deep chain-like tree (whose leaves would store O(N²) path steps) is
/// refused by path-dependent TreeSHAP before anything is stored, and an interventional walk that would revisit a
/// subtree 2ᵏ times for one (row, background row) pair is refused past its leaf-visit budget; both name the tree.
@Suite("TreeSHAP of surrogate splits: work budgets")
struct TreeSHAPSurrogateBudgetTests {
    /// A caterpillar: internal node i at 2i (a split on `primary(i)` with a surrogate on `surrogate`), its right
    /// child a leaf at 2i+1, its left child the next internal node; the last left child is a leaf.
    static func caterpillar(internal n: Int, features: Int, primary: (Int) -> Int32, surrogate: Int32) -> TreeEnsemble {
        var nodes: [TreeNode] = []
        nodes.reserveCapacity(2 * n + 1)
        for i in 0..<n {
            nodes.append(TreeNode(feature: primary(i), rule: .lessThan, threshold: 0, left: Int32(2 * i + 2), right: Int32(2 * i + 1),
                                  missingGoesLeft: true, cover: Double(n - i + 1),
                                  surrogates: [.init(feature: surrogate, rule: .lessThan, threshold: 2, ruleGoesLeft: true)]))
            nodes.append(.leaf(value: Double(i % 7) - 3, cover: 1))
        }
        nodes.append(.leaf(value: 1, cover: 1))
        return TreeEnsemble(features: (0..<features).map { TreeFeature(name: "x\($0)") }, trees: [DecisionTree(nodes: nodes)], baseMargin: 0,
                            link: .logistic, comparison: .float64)
    }

    @Test("path-dependent: a 20,001-node caterpillar surrogate tree is refused at once, naming the tree and the limit", .timeLimit(.minutes(1)))
    func deepCaterpillarRefused() throws {
        let e = Self.caterpillar(internal: 10_000, features: 4, primary: { Int32($0 % 3) }, surrogate: 3)
        try e.validate()
        let clock = ContinuousClock()
        let start = clock.now
        #expect(throws: ExplainError.invalidData("tree 0 has surrogate splits and paths of more than 1048576 steps in all (a leaf's path is stored whole); path-dependent TreeSHAP of surrogate splits supports at most that many, use interventional TreeSHAP with background data")) {
            _ = try TreeSHAP.pathDependent(e, rows: [0, 1, 2, 3])
        }
        #expect(clock.now - start < .seconds(5))
        // Interventional stays linear on it.
        let shap = try TreeSHAP.interventional(e, rows: [1, 1, 1, .nan], background: [-1, -1, -1, 0])
        #expect(abs(shap.row(0).reduce(shap.expectedValue, +) - e.margin([1, 1, 1, .nan])) < 1e-9)
    }

    @Test("path-dependent: a caterpillar within the step budget but with 2¹⁶ terms per leaf is refused by the per-row budget")
    func rowWorkRefused() throws {
        // 200 leaves, each path through 16 distinct features (15 primaries and the surrogate): 200·2¹⁶ > 2²².
        let e = Self.caterpillar(internal: 200, features: 16, primary: { Int32($0 % 15) }, surrogate: 15)
        #expect(throws: ExplainError.self) { _ = try TreeSHAP.pathDependent(e, rows: [Double](repeating: 1, count: 16)) }
        do { _ = try TreeSHAP.pathDependent(e, rows: [Double](repeating: 1, count: 16)) } catch {
            #expect("\(error)".hasPrefix("tree 0 has surrogate splits and 201 leaves whose paths' feature sets would cost"), "\(error)")
            #expect("\(error)".contains("supports at most 4194304"), "\(error)")
        }
    }

    @Test("interventional: a chain of 24 surrogate nodes where the row and the background row decide differently is refused past 2²⁰ leaves")
    func exponentialWalkRefused() throws {
        // Node i splits on feature i (surrogate: feature 24). x misses every primary and goes left by the surrogate;
        // the background row goes left by each primary: every node branches, both branches reaching the same
        // child, so the last leaf would be reached 2²⁴ times.
        let e = Self.caterpillar(internal: 24, features: 25, primary: { Int32($0) }, surrogate: 24)
        let x = [Double](repeating: .nan, count: 24) + [1]
        let reference = [Double](repeating: -1, count: 24) + [1]
        #expect(throws: ExplainError.invalidData("tree 0 has surrogate splits on which a row and a background row decide differently so often that interventional TreeSHAP would visit more than 1048576 leaves for one pair; it supports at most that many")) {
            _ = try TreeSHAP.interventional(e, rows: x, background: reference)
        }
        // A shorter chain (2¹⁰ visits) is within the budget and additive.
        let short = Self.caterpillar(internal: 10, features: 11, primary: { Int32($0) }, surrogate: 10)
        let xs = [Double](repeating: .nan, count: 10) + [1]
        let shap = try TreeSHAP.interventional(short, rows: xs, background: [Double](repeating: -1, count: 10) + [1])
        #expect(abs(shap.row(0).reduce(shap.expectedValue, +) - short.margin(xs)) < 1e-12)
    }
}
