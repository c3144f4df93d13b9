import GlassboxCore
import GlassboxModels

/// Exact SHAP values of a ``TreeEnsemble`` on the margin scale (Lundberg, Erion et al. 2020, "From local
/// explanations to global understanding with explainable AI for trees", Nature Machine Intelligence 2).
///
/// - ``pathDependent(_:rows:)``: the value of a feature set S is the expected margin when the features
///   outside S follow the training distribution the trees saw, estimated by the node covers (Algorithm 1):
///   at a split on a feature outside S both children count, weighted by child cover / node cover. This is
///   what XGBoost's `predict(pred_contribs=True)` and LightGBM's `predict(pred_contrib=True)` compute; φ₀
///   is the base margin plus each tree's cover-weighted mean leaf value. A missing value takes the node's
///   default branch, as in scoring. Algorithm: per-leaf tables of the contributions for every pattern of
///   satisfied path features (FastTreeSHAP v2, Yang 2021, "Fast TreeSHAP: Accelerating SHAP value
///   computation for trees", arXiv:2109.09847), see ``PathDependentTree``. Per row O(T·(N + L·D)) for T
///   trees of N nodes, L leaves and D distinct features per path — against O(T·L·D²) for Algorithm 2 — after
///   an O(T·L·2ᴰ·D³) precomputation done once per call; leaves with more than 8 distinct path features are
///   evaluated directly in O(D³). Rows go through the trees in blocks of 64, so a tree's tables stay in cache.
///   Needs node covers; at most 64 distinct features per path. On 200,000 rows and a 300-tree depth-6
///   XGBoost model, 10.9× less CPU than XGBoost's `pred_contribs` on the same 2 cores (Benchmarks/README.md).
/// - ``interventional(_:rows:background:)``: the value of S is the mean margin over background rows r of
///   the row with x on S and r elsewhere (Janzing et al. 2020; Lundberg et al. 2020, "Interventional Tree
///   SHAP"); φ₀ is the mean background margin. shap's `TreeExplainer(model, data,
///   feature_perturbation="interventional")`. O(T·B·L) per row for B background rows. Rows and background
///   go down the trees as in scoring (for an XGBoost ensemble, in 32-bit comparisons); shap keeps thresholds,
///   leaf values and path weights in float32 in this method, so it differs from these exact values by
///   float32 rounding (2e-8 on the LightGBM fixture), and it mis-reads LightGBM's categorical splits.
///   An ensemble's linear terms (a PMML regression) add their exact values (``addLinearTerms(_:features:rows:background:phi:)``).
///
/// Surrogate splits (``TreeNode/surrogates``, R's rpart through PMML), whose side depends on several features
/// read in order, are exact in both: the interventional walk branches on each feature the hybrid row consults
/// (``InterventionalWalk``), so its values are the Shapley values of the same game as for ordinary trees; the
/// path-dependent value needs cover fractions among training rows missing the primary feature, which PMML does
/// not store, so Glassbox's rule integrates a surrogate outside the coalition with the node's own cover
/// fractions (``SurrogatePathDependentTree``; no maker computes path-dependent TreeSHAP of such trees).
///
/// Both: Σ φ + φ₀ = margin for every row (additivity), rows computed in parallel with output independent
/// of the thread count. `rows` holds `n × features.count` values row-major in ``TreeEnsemble/features``
/// order, NaN for missing, categories as their codes.
package enum TreeSHAP {
    /// Table entries (doubles) all trees' path-dependent tables may use together (64 MiB).
    static let tableBudget = 1 << 23

    /// Path-dependent TreeSHAP of every row.
    /// - Throws: ``ExplainError/invalidData(_:)`` when the ensemble is invalid, the rows are not whole, a
    ///   split node has no cover or a path has more than 64 distinct features (16, splits and surrogates, in a
    ///   tree with surrogate splits).
    package static func pathDependent(_ ensemble: TreeEnsemble, rows: [Double]) throws -> TreeSHAPValues {
        let featureCount = try check(ensemble, rows: rows, name: "rows")
        let scales = treeScales(ensemble)
        let weights = ShapleyWeights(maximumPlayers: min(maximumPathFeatures(ensemble), PathDependentTree.maximumPathFeatures))
        var budget = tableBudget
        let prepared = try ensemble.trees.indices.map { t -> PreparedTree in
            let tree = ensemble.trees[t]
            if tree.nodes.contains(where: \.hasSurrogates) {
                return .surrogates(try SurrogatePathDependentTree(tree, index: t, scale: scales[t]))
            }
            return .plain(try PathDependentTree(tree, index: t, scale: scales[t], precision: ensemble.comparison, weights: weights,
                                                tableBudget: &budget))
        }
        let expected = prepared.reduce(ensemble.baseMargin) { $0 + $1.expectedValue }
        // Trees outer, rows of a block inner: a tree's tables stay in cache across the block's rows; each
        // row still adds its trees in order, so the output does not depend on the blocking.
        let values = perBlocks(rows, featureCount: featureCount) { block, phi, scratch in
            for (t, tree) in prepared.enumerated() {
                for r in 0..<block.count / featureCount {
                    let row = UnsafeBufferPointer(rebasing: block[r * featureCount..<(r + 1) * featureCount])
                    let out = UnsafeMutableBufferPointer(rebasing: phi[r * featureCount..<(r + 1) * featureCount])
                    switch tree {
                    case .plain(let tree):
                        tree.accumulate(ensemble.trees[t], row: row, precision: ensemble.comparison, codes: ensemble.categoryCodeRule,
                                        weights: weights, phi: out, scratch: &scratch)
                    case .surrogates(let tree):
                        tree.accumulate(ensemble.trees[t], row: row, precision: ensemble.comparison, codes: ensemble.categoryCodeRule,
                                        phi: out, scratch: &scratch.surrogatePath)
                    }
                }
            }
        }
        return TreeSHAPValues(expectedValue: expected, columns: ensemble.features.map(\.name), values: values)
    }

    /// Interventional TreeSHAP of every row against the `background` rows (same layout as `rows`).
    /// - Throws: ``ExplainError/invalidData(_:)`` when the ensemble is invalid, the rows are not whole or the
    ///   background is empty, a path may hold more than 1,024 distinct features, or the walk of one (row,
    ///   background row) pair through a tree with surrogate splits would reach more than 2²⁰ leaves.
    package static func interventional(_ ensemble: TreeEnsemble, rows: [Double], background: [Double]) throws -> TreeSHAPValues {
        let featureCount = try check(ensemble, rows: rows, name: "rows")
        _ = try check(ensemble, rows: background, name: "background rows")
        guard !background.isEmpty else { throw ExplainError.invalidData("interventional TreeSHAP needs at least one background row") }
        let backgroundCount = background.count / featureCount
        let scales = treeScales(ensemble)
        let players = maximumPathFeatures(ensemble)
        guard players <= InterventionalWalk.maximumPathFeatures else {
            throw ExplainError.invalidData("the ensemble has paths through up to \(players) distinct features; interventional TreeSHAP supports at most \(InterventionalWalk.maximumPathFeatures)")
        }
        let weights = ShapleyWeights(maximumPlayers: players)
        var linearPhi: [Double]? = nil
        if let linear = ensemble.linearTerms {
            var phi = [Double](repeating: 0, count: rows.count)
            try addLinearTerms(linear, features: ensemble.features, rows: rows, background: background, phi: &phi)
            linearPhi = phi
        }
        var expected = 0.0
        for b in 0..<backgroundCount { expected += ensemble.margin(Array(background[b * featureCount..<(b + 1) * featureCount])) }
        expected /= Double(backgroundCount)
        // The first tree (lowest index) whose walk exceeded its leaf-visit budget for some pair.
        let exceeded = LockedValue<Int?>(nil)
        var values = perBlocks(rows, featureCount: featureCount) { block, phi, scratch in
            background.withUnsafeBufferPointer { all in
                for r in 0..<block.count / featureCount {
                    let row = UnsafeBufferPointer(rebasing: block[r * featureCount..<(r + 1) * featureCount])
                    let out = UnsafeMutableBufferPointer(rebasing: phi[r * featureCount..<(r + 1) * featureCount])
                    for b in 0..<backgroundCount {
                        let reference = UnsafeBufferPointer(rebasing: all[b * featureCount..<(b + 1) * featureCount])
                        for (t, tree) in ensemble.trees.enumerated() {
                            guard InterventionalWalk.accumulate(tree, x: row, reference: reference, scale: scales[t] / Double(backgroundCount),
                                                                precision: ensemble.comparison, codes: ensemble.categoryCodeRule,
                                                                weights: weights, phi: out, scratch: &scratch) else {
                                exceeded.withLock { $0 = min($0 ?? t, t) }
                                return
                            }
                        }
                    }
                }
            }
        }
        if let t = exceeded.withLock({ $0 }) {
            throw ExplainError.invalidData("tree \(t) has surrogate splits on which a row and a background row decide differently so often that interventional TreeSHAP would visit more than \(InterventionalWalk.maximumLeafVisits) leaves for one pair; it supports at most that many")
        }
        if let linearPhi { for k in values.indices { values[k] += linearPhi[k] } }
        return TreeSHAPValues(expectedValue: expected, columns: ensemble.features.map(\.name), values: values)
    }

    /// Validates the ensemble and the row block; returns the feature count.
    private static func check(_ ensemble: TreeEnsemble, rows: [Double], name: String) throws -> Int {
        do { try ensemble.validate() } catch { throw ExplainError.invalidData("TreeSHAP needs a valid tree ensemble: \(error)") }
        let featureCount = ensemble.features.count
        guard featureCount > 0, rows.count % featureCount == 0 else {
            throw ExplainError.invalidData("\(rows.count) \(name) values are not whole rows of \(featureCount) features")
        }
        return featureCount
    }

    /// A tree prepared for path-dependent TreeSHAP: by per-leaf tables, or (a tree with surrogate splits) by the
    /// decision-chain rule of ``SurrogatePathDependentTree``.
    enum PreparedTree: Sendable {
        case plain(PathDependentTree)
        case surrogates(SurrogatePathDependentTree)

        var expectedValue: Double {
            switch self {
            case .plain(let tree): tree.expectedValue
            case .surrogates(let tree): tree.expectedValue
            }
        }
    }

    /// Each tree's factor on its leaf values: wₜ, or wₜ / Σ w for an averaging ensemble.
    static func treeScales(_ ensemble: TreeEnsemble) -> [Double] {
        guard ensemble.combination == .average else { return ensemble.treeWeights }
        let total = ensemble.treeWeights.reduce(0, +)
        return ensemble.treeWeights.map { total > 0 ? $0 / total : $0 }
    }

    /// The longest root-to-leaf path's number of feature reads: one per split, plus one per surrogate split
    /// (one forward pass: children follow their parent).
    static func maximumDepth(_ tree: DecisionTree) -> Int {
        var depth = [Int](repeating: 0, count: tree.nodes.count)
        var largest = 0
        for (i, node) in tree.nodes.enumerated() where !node.isLeaf {
            let reads = depth[i] + 1 + (node.surrogates?.count ?? 0)
            depth[Int(node.left)] = reads
            depth[Int(node.right)] = reads
            largest = max(largest, reads)
        }
        return largest
    }

    /// The most distinct features a path of the ensemble can hold: min(features, the most reads on a path).
    static func maximumPathFeatures(_ ensemble: TreeEnsemble) -> Int {
        min(ensemble.features.count, ensemble.trees.map(maximumDepth).max() ?? 0)
    }

    /// Rows per block handed to a body.
    static let blockRows = 64

    /// Computes `body` for blocks of up to ``blockRows`` rows (the rows' values and their zeroed slice of
    /// the rows × features output), in parallel over row chunks whose bounds depend only on the row count.
    private static func perBlocks(_ rows: [Double], featureCount: Int,
                                  _ body: @Sendable (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>, inout TreeSHAPScratch) -> Void) -> [Double] {
        let n = rows.count / featureCount
        let chunks = Parallel.chunks(count: n, minimumChunk: 256, maximumChunks: 256)
        let parts = Parallel.map(chunks) { range -> [Double] in
            var out = [Double](repeating: 0, count: range.count * featureCount)
            var scratch = TreeSHAPScratch()
            rows.withUnsafeBufferPointer { all in
                out.withUnsafeMutableBufferPointer { phi in
                    for start in stride(from: range.lowerBound, to: range.upperBound, by: blockRows) {
                        let end = min(range.upperBound, start + blockRows)
                        let o = (start - range.lowerBound) * featureCount
                        body(UnsafeBufferPointer(rebasing: all[start * featureCount..<end * featureCount]),
                             UnsafeMutableBufferPointer(rebasing: phi[o..<o + (end - start) * featureCount]), &scratch)
                    }
                }
            }
            return out
        }
        return parts.flatMap { $0 }
    }
}
