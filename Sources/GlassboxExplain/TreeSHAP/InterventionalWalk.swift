import GlassboxModels

/// Interventional TreeSHAP of one tree for one row x and one reference row r (Lundberg et al. 2020,
/// "Interventional Tree SHAP"). The hybrid row (x on a feature set S, r elsewhere) reaches a leaf exactly
/// when S holds every path feature where only x takes the path (the set X) and none where only r does
/// (the set R), so the leaf value v splits as φᵢ = v·(|X|−1)!|R|!/(|X|+|R|)! for i ∈ X and
/// φᵢ = −v·|X|!(|R|−1)!/(|X|+|R|)! for i ∈ R. The walk follows both children where x and r part, fixing
/// the feature to x's or r's side for the rest of the path (a feature split again follows that side), and
/// a single child where they agree: O(leaves) per pair.
enum InterventionalWalk {
    /// Distinct features on one path, at most (bounds the weight table).
    static let maximumPathFeatures = 1_024

    /// A pending step: enter `node` (fixing `feature` to a side first when `side` is 1 or 2), or undo the
    /// fixing of `feature` (`side` 3: the row's side, 4: the reference's side).
    struct Frame {
        var node: Int32
        var feature: Int32
        var side: UInt8
    }

    /// Adds `scale` times the tree's contributions for (`x`, `reference`) to `phi`.
    static func accumulate(_ tree: DecisionTree, x: UnsafeBufferPointer<Double>, reference: UnsafeBufferPointer<Double>, scale: Double,
                           precision: TreeEnsemble.ComparisonPrecision, codes: TreeEnsemble.CategoryCodes, weights: ShapleyWeights,
                           phi: UnsafeMutableBufferPointer<Double>, scratch: inout TreeSHAPScratch) {
        if scratch.side.count < x.count { scratch.side = [UInt8](repeating: 0, count: x.count) }
        scratch.frames.removeAll(keepingCapacity: true)
        scratch.rowFeatures.removeAll(keepingCapacity: true)
        scratch.referenceFeatures.removeAll(keepingCapacity: true)
        scratch.frames.append(Frame(node: 0, feature: -1, side: 0))
        tree.nodes.withUnsafeBufferPointer { nodes in
            while let frame = scratch.frames.popLast() {
                switch frame.side {
                case 1:
                    scratch.side[Int(frame.feature)] = 1
                    scratch.rowFeatures.append(frame.feature)
                    scratch.frames.append(Frame(node: -1, feature: frame.feature, side: 3))
                case 2:
                    scratch.side[Int(frame.feature)] = 2
                    scratch.referenceFeatures.append(frame.feature)
                    scratch.frames.append(Frame(node: -1, feature: frame.feature, side: 4))
                case 3:
                    scratch.side[Int(frame.feature)] = 0
                    scratch.rowFeatures.removeLast()
                    continue
                case 4:
                    scratch.side[Int(frame.feature)] = 0
                    scratch.referenceFeatures.removeLast()
                    continue
                default:
                    break
                }
                let node = nodes[Int(frame.node)]
                if node.isLeaf {
                    let nx = scratch.rowFeatures.count, nr = scratch.referenceFeatures.count
                    let v = scale * node.value
                    if nx > 0 {
                        let share = v * weights.weight(coalition: nx - 1, players: nx + nr)
                        for f in scratch.rowFeatures { phi[Int(f)] += share }
                    }
                    if nr > 0 {
                        let share = v * weights.weight(coalition: nx, players: nx + nr)
                        for f in scratch.referenceFeatures { phi[Int(f)] -= share }
                    }
                    continue
                }
                let f = Int(node.feature)
                switch scratch.side[f] {
                case 1:
                    scratch.frames.append(Frame(node: node.goesLeft(x[f], precision: precision, codes: codes) ? node.left : node.right, feature: -1, side: 0))
                case 2:
                    scratch.frames.append(Frame(node: node.goesLeft(reference[f], precision: precision, codes: codes) ? node.left : node.right, feature: -1, side: 0))
                default:
                    let xLeft = node.goesLeft(x[f], precision: precision, codes: codes)
                    let rLeft = node.goesLeft(reference[f], precision: precision, codes: codes)
                    if xLeft == rLeft {
                        scratch.frames.append(Frame(node: xLeft ? node.left : node.right, feature: -1, side: 0))
                    } else {
                        scratch.frames.append(Frame(node: xLeft ? node.left : node.right, feature: node.feature, side: 1))
                        scratch.frames.append(Frame(node: rLeft ? node.left : node.right, feature: node.feature, side: 2))
                    }
                }
            }
        }
    }
}
