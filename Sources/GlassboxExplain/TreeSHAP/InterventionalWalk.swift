import GlassboxModels

/// Interventional TreeSHAP of one tree for one row x and one reference row r (Lundberg et al. 2020,
/// "Interventional Tree SHAP"). The hybrid row (x on a feature set S, r elsewhere) reaches a leaf exactly
/// when S holds every path feature where only x takes the path (the set X) and none where only r does
/// (the set R), so the leaf value v splits as φᵢ = v·(|X|−1)!|R|!/(|X|+|R|)! for i ∈ X and
/// φᵢ = −v·|X|!(|R|−1)!/(|X|+|R|)! for i ∈ R. The walk follows both children where x and r part, fixing
/// the feature to x's or r's side for the rest of the path (a feature split again follows that side), and
/// a single child where they agree: O(leaves) per pair.
///
/// A node with surrogate splits (``TreeNode/surrogates``) reads its decision chain in order (its own feature,
/// then each surrogate's, until one holds a present value; none: the node's missing side). Each feature the
/// hybrid consults is branched on as above — where x and r decide differently at that position (one present
/// and one missing counts as different), the walk fixes the feature to x's side or r's — so every region the
/// walk reaches is still a conjunction "X ⊆ S, R ∩ S = ∅" and the leaf formula holds unchanged. A feature fixed
/// earlier on the path is read on its fixed side. Where one row's value is missing and the other's decides, both
/// branches may reach the same child (as different regions), so a subtree can be walked once per fixing of such
/// features above it: at most 2ᵏ times for k of them, each feature fixed at most once per path.
enum InterventionalWalk {
    /// Distinct features on one path, at most (bounds the weight table).
    static let maximumPathFeatures = 1_024
    /// Leaves one (row, reference) pair may reach in one tree, at most: surrogate chains where the two rows
    /// decide differently can make the walk revisit subtrees 2ᵏ times.
    static let maximumLeafVisits = 1 << 20

    /// A pending step: enter `node` (fixing `feature` to a side first when `side` is 1 or 2) at position `chain`
    /// of its decision chain (0 except inside a surrogate node), or undo the fixing of `feature` (`side` 3: the
    /// row's side, 4: the reference's side).
    struct Frame {
        var node: Int32
        var feature: Int32
        var side: UInt8
        var chain: Int32 = 0
    }

    /// Adds `scale` times the tree's contributions for (`x`, `reference`) to `phi`; false (with `phi` partly
    /// updated) when the walk reached more than ``maximumLeafVisits`` leaves.
    static func accumulate(_ tree: DecisionTree, x: UnsafeBufferPointer<Double>, reference: UnsafeBufferPointer<Double>, scale: Double,
                           precision: TreeEnsemble.ComparisonPrecision, codes: TreeEnsemble.CategoryCodes, weights: ShapleyWeights,
                           phi: UnsafeMutableBufferPointer<Double>, scratch: inout TreeSHAPScratch) -> Bool {
        if scratch.side.count < x.count { scratch.side = [UInt8](repeating: 0, count: x.count) }
        scratch.frames.removeAll(keepingCapacity: true)
        scratch.rowFeatures.removeAll(keepingCapacity: true)
        scratch.referenceFeatures.removeAll(keepingCapacity: true)
        scratch.frames.append(Frame(node: 0, feature: -1, side: 0))
        var leafVisits = 0
        return tree.nodes.withUnsafeBufferPointer { nodes in
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
                    leafVisits += 1
                    guard leafVisits <= maximumLeafVisits else {
                        scratch.frames.removeAll(keepingCapacity: true)
                        if !scratch.side.isEmpty { scratch.side.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
                        return false
                    }
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
                if node.hasSurrogates {
                    followChain(node, index: frame.node, from: Int(frame.chain), x: x, reference: reference, codes: codes, scratch: &scratch)
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
            return true
        }
    }

    /// Steps through a surrogate node's decision chain from `position`: a consulted feature fixed earlier is read
    /// on its side; an unfixed one where x and the reference decide alike (both missing, or both present and going
    /// the same way) needs no fixing; otherwise the walk branches, fixing it to each side and re-entering here.
    @inline(__always)
    static func followChain(_ node: TreeNode, index: Int32, from position: Int, x: UnsafeBufferPointer<Double>,
                            reference: UnsafeBufferPointer<Double>, codes: TreeEnsemble.CategoryCodes, scratch: inout TreeSHAPScratch) {
        var position = position
        while let feature = node.chainFeature(position) {
            let f = Int(feature)
            let decision: Bool?
            switch scratch.side[f] {
            case 1: decision = node.chainGoesLeft(position, x[f], codes: codes)
            case 2: decision = node.chainGoesLeft(position, reference[f], codes: codes)
            default:
                let xDecision = node.chainGoesLeft(position, x[f], codes: codes)
                let rDecision = node.chainGoesLeft(position, reference[f], codes: codes)
                guard xDecision == rDecision else {
                    scratch.frames.append(Frame(node: index, feature: feature, side: 1, chain: Int32(position)))
                    scratch.frames.append(Frame(node: index, feature: feature, side: 2, chain: Int32(position)))
                    return
                }
                decision = xDecision
            }
            if let left = decision {
                scratch.frames.append(Frame(node: left ? node.left : node.right, feature: -1, side: 0))
                return
            }
            position += 1
        }
        scratch.frames.append(Frame(node: node.missingGoesLeft ? node.left : node.right, feature: -1, side: 0))
    }
}
