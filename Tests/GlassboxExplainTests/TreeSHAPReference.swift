import GlassboxCore
@testable import GlassboxExplain
import GlassboxModels

/// Straightforward implementations the fast TreeSHAP is checked against: Algorithm 2 of Lundberg, Erion
/// et al. (2020) written from the paper's pseudocode (EXTEND / UNWIND / UNWOUNDSUM, O(T·L·D²)), and brute
/// force over all coalitions for small feature counts (path-dependent by Algorithm 1, interventional by
/// scoring hybrid rows).
enum TreeSHAPReference {
    struct PathElement {
        var feature: Int32
        var zero: Double   // z: the cover fraction
        var one: Double    // o: 1 when x takes this side
        var weight: Double
    }

    /// Algorithm 2 for every tree, plus φ₀ (the base margin and each tree's cover-weighted mean leaf).
    static func algorithm2(_ ensemble: TreeEnsemble, row: [Double]) -> (phi: [Double], expected: Double) {
        var phi = [Double](repeating: 0, count: ensemble.features.count)
        var expected = ensemble.baseMargin
        let scales = TreeSHAP.treeScales(ensemble)
        for (t, tree) in ensemble.trees.enumerated() {
            recurse(tree, node: 0, path: [], zero: 1, one: 1, feature: -1, row: row, precision: ensemble.comparison, codes: ensemble.categoryCodeRule,
                    scale: scales[t], phi: &phi)
            expected += scales[t] * meanValue(tree, node: 0)
        }
        return (phi, expected)
    }

    static func meanValue(_ tree: DecisionTree, node i: Int) -> Double {
        let node = tree.nodes[i]
        if node.isLeaf { return node.value }
        let l = Int(node.left), r = Int(node.right)
        return (tree.nodes[l].cover * meanValue(tree, node: l) + tree.nodes[r].cover * meanValue(tree, node: r)) / node.cover
    }

    static func extend(_ m: inout [PathElement], zero: Double, one: Double, feature: Int32) {
        let l = m.count
        m.append(PathElement(feature: feature, zero: zero, one: one, weight: l == 0 ? 1 : 0))
        for i in stride(from: l - 1, through: 0, by: -1) {
            m[i + 1].weight += one * m[i].weight * Double(i + 1) / Double(l + 1)
            m[i].weight = zero * m[i].weight * Double(l - i) / Double(l + 1)
        }
    }

    static func unwind(_ m: inout [PathElement], at i: Int) {
        let l = m.count - 1
        var n = m[l].weight
        for j in stride(from: l - 1, through: 0, by: -1) {
            if m[i].one != 0 {
                let t = m[j].weight
                m[j].weight = n * Double(l + 1) / (Double(j + 1) * m[i].one)
                n = t - m[j].weight * m[i].zero * Double(l - j) / Double(l + 1)
            } else {
                m[j].weight = m[j].weight * Double(l + 1) / (m[i].zero * Double(l - j))
            }
        }
        for j in i..<l {
            m[j].feature = m[j + 1].feature
            m[j].zero = m[j + 1].zero
            m[j].one = m[j + 1].one
        }
        m.removeLast()
    }

    static func unwoundSum(_ m: [PathElement], at i: Int) -> Double {
        let l = m.count - 1
        var total = 0.0
        if m[i].one != 0 {
            var n = m[l].weight
            for j in stride(from: l - 1, through: 0, by: -1) {
                let t = n / (Double(j + 1) * m[i].one)
                total += t
                n = m[j].weight - t * m[i].zero * Double(l - j)
            }
        } else {
            for j in stride(from: l - 1, through: 0, by: -1) { total += m[j].weight / (m[i].zero * Double(l - j)) }
        }
        return total * Double(l + 1)
    }

    static func recurse(_ tree: DecisionTree, node j: Int, path: [PathElement], zero: Double, one: Double, feature: Int32,
                        row: [Double], precision: TreeEnsemble.ComparisonPrecision, codes: TreeEnsemble.CategoryCodes, scale: Double, phi: inout [Double]) {
        var m = path
        extend(&m, zero: zero, one: one, feature: feature)
        let node = tree.nodes[j]
        if node.isLeaf {
            for i in 1..<m.count {
                phi[Int(m[i].feature)] += unwoundSum(m, at: i) * (m[i].one - m[i].zero) * scale * node.value
            }
            return
        }
        let left = node.goesLeft(row[Int(node.feature)], precision: precision, codes: codes)
        let hot = Int(left ? node.left : node.right), cold = Int(left ? node.right : node.left)
        var incomingZero = 1.0, incomingOne = 1.0
        if let k = m.indices.first(where: { m[$0].feature == node.feature }) {
            incomingZero = m[k].zero
            incomingOne = m[k].one
            unwind(&m, at: k)
        }
        recurse(tree, node: hot, path: m, zero: incomingZero * tree.nodes[hot].cover / node.cover, one: incomingOne,
                feature: node.feature, row: row, precision: precision, codes: codes, scale: scale, phi: &phi)
        recurse(tree, node: cold, path: m, zero: incomingZero * tree.nodes[cold].cover / node.cover, one: 0,
                feature: node.feature, row: row, precision: precision, codes: codes, scale: scale, phi: &phi)
    }

    /// Shapley values of the game `value` over `players` players, by enumerating all coalitions.
    static func shapley(players: Int, _ value: (UInt32) -> Double) -> [Double] {
        var f = [Double](repeating: 0, count: 1 << players)
        for s in 0..<(1 << players) { f[s] = value(UInt32(s)) }
        var phi = [Double](repeating: 0, count: players)
        let weights = ShapleyWeights(maximumPlayers: players)
        for k in 0..<players {
            for s in 0..<(1 << players) where s >> k & 1 == 0 {
                phi[k] += weights.weight(coalition: s.nonzeroBitCount, players: players) * (f[s | 1 << k] - f[s])
            }
        }
        return phi
    }

    /// Algorithm 1: the expected margin given the features in `known` (cover-weighted over the others).
    static func expectedMargin(_ ensemble: TreeEnsemble, row: [Double], known: UInt32) -> Double {
        func walk(_ tree: DecisionTree, _ i: Int) -> Double {
            let node = tree.nodes[i]
            if node.isLeaf { return node.value }
            if known >> UInt32(node.feature) & 1 == 1 {
                return walk(tree, Int(node.goesLeft(row[Int(node.feature)], precision: ensemble.comparison, codes: ensemble.categoryCodeRule) ? node.left : node.right))
            }
            let l = Int(node.left), r = Int(node.right)
            return (tree.nodes[l].cover * walk(tree, l) + tree.nodes[r].cover * walk(tree, r)) / node.cover
        }
        let scales = TreeSHAP.treeScales(ensemble)
        return ensemble.trees.indices.reduce(ensemble.baseMargin) { $0 + scales[$1] * walk(ensemble.trees[$1], 0) }
    }

    /// Interventional SHAP by definition: mean over the background of the Shapley values of
    /// S ↦ margin(x on S, r elsewhere).
    static func interventional(_ ensemble: TreeEnsemble, row: [Double], background: [[Double]]) -> [Double] {
        let p = ensemble.features.count
        var phi = [Double](repeating: 0, count: p)
        for r in background {
            let part = shapley(players: p) { s in
                ensemble.margin((0..<p).map { s >> UInt32($0) & 1 == 1 ? row[$0] : r[$0] })
            }
            for k in 0..<p { phi[k] += part[k] / Double(background.count) }
        }
        return phi
    }

    /// A random tree over `features` features (repeats allowed), depth ≤ `depth`, with covers that split
    /// their parent's, random missing policies and default sides, and categorical splits on feature 0 when
    /// `categorical`.
    static func randomTree(features: Int, depth: Int, categorical: Bool, generator: inout SeededGenerator) -> DecisionTree {
        var nodes: [TreeNode] = []
        func build(_ level: Int, cover: Double) -> Int32 {
            let index = nodes.count
            nodes.append(.leaf(value: Double(generator.nextInt(below: 2001)) / 1000 - 1, cover: cover))
            guard level < depth, generator.nextInt(below: 5) > 0 else { return Int32(index) }
            let feature = Int32(generator.nextInt(below: features))
            let share = Double(1 + generator.nextInt(below: 9)) / 10
            let left = build(level + 1, cover: cover * share)
            let right = build(level + 1, cover: cover * (1 - share))
            let policies: [TreeNode.MissingPolicy] = [.nan, .nanAsZero, .zeroOrNaN]
            if categorical && feature == 0 {
                nodes[index] = TreeNode(feature: 0, rule: .categoryIn, threshold: 0, categories: [1, 3], left: left, right: right,
                                        missingGoesLeft: false, cover: cover)
            } else {
                nodes[index] = TreeNode(feature: feature, rule: generator.nextInt(below: 2) == 0 ? .lessThan : .lessOrEqual,
                                        threshold: Double(generator.nextInt(below: 5)) - 1, left: left, right: right,
                                        missingGoesLeft: generator.nextInt(below: 2) == 0,
                                        missing: policies[generator.nextInt(below: 3)], cover: cover)
            }
            return Int32(index)
        }
        _ = build(0, cover: 100)
        return DecisionTree(nodes: nodes)
    }

    /// A random row: small integers (hitting thresholds and zero exactly) or NaN.
    static func randomRow(features: Int, generator: inout SeededGenerator) -> [Double] {
        (0..<features).map { _ in generator.nextInt(below: 7) == 0 ? .nan : Double(generator.nextInt(below: 6)) - 1 }
    }
}
