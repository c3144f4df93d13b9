import GlassboxCore
import GlassboxMetrics
import GlassboxModels

/// Permutation importance's plan for one feature of a tree ensemble: permuting feature j can only change the
/// leaf a row reaches in the trees that split on j, so the permuted margin of row i is
/// mᵢ − ownᵢ + movedᵢ, with ownᵢ the leaf values of those trees for the row as it is (computed once per
/// feature) and movedᵢ those for the row with j replaced — O(n · trees using j) per permutation instead of
/// O(n · all trees). Leaf values are rounded once to a fixed-point ``ScoreGrid`` so that every margin is an
/// exact sum, whatever the order: a permuted margin equals, bit for bit, the margin the whole ensemble gives
/// the permuted row on the grid, and rows that become equal get equal margins (ties stay ties for the AUC).
/// On the grid a margin differs from the maker's (XGBoost sums in float32) by less than its own rounding.
struct TreeFeaturePermutation: Sendable {
    /// The ensemble's features in its order.
    let matrix: TreeFeatureMatrix
    let compiled: TreeEnsembleScorer
    /// Grid-rounded ``TreeEnsembleScorer/scaledLeafValues()``.
    let values: [Double]
    /// The feature's index in the ensemble.
    let feature: Int
    /// The trees that split on it.
    let trees: [Int]
    /// Σ over ``trees`` of each row's own leaf values.
    let own: [Double]

    /// The margins of every row on `grid` and one plan per feature, built concurrently; nil when no grid
    /// holds the ensemble's largest margin (the caller then re-scores).
    static func plans(_ scorer: TreeModelScorer, matrix: TreeFeatureMatrix) -> (margins: [Double], plans: [TreeFeaturePermutation])? {
        let compiled = scorer.compiled
        let ensemble = scorer.model.ensemble
        guard let (values, base) = gridValues(scorer) else { return nil }
        let allTrees = Array(ensemble.trees.indices)
        let chunks = Parallel.chunks(count: matrix.rows, minimumChunk: 4096, maximumChunks: 64)
        let margins = Parallel.map(chunks) { range in
            compiled.leafSums(matrix, trees: allTrees, values: values, rows: Array(range)).map { base + $0 }
        }.flatMap { $0 }
        let plans = Parallel.map(ensemble.features.indices.map { $0..<($0 + 1) }) { task -> TreeFeaturePermutation in
            let j = task.lowerBound
            let trees = compiled.trees(splittingOn: j)
            let own = trees.isEmpty ? [Double](repeating: 0, count: matrix.rows) : compiled.leafSums(matrix, trees: trees, values: values)
            return TreeFeaturePermutation(matrix: matrix, compiled: compiled, values: values, feature: j, trees: trees, own: own)
        }
        return (margins, plans)
    }

    /// Every compiled node's scaled leaf value (``TreeEnsembleScorer/scaledLeafValues()``) and the base margin,
    /// rounded to a ``ScoreGrid`` holding every margin of the ensemble; nil when no grid does.
    static func gridValues(_ scorer: TreeModelScorer) -> (values: [Double], base: Double)? {
        let ensemble = scorer.model.ensemble
        let scales = TreeSHAP.treeScales(ensemble)
        let perTreeBound = ensemble.trees.indices.map { t in
            ensemble.trees[t].nodes.reduce(0.0) { $1.isLeaf ? max($0, abs($1.value)) : $0 } * abs(scales[t])
        }
        guard let grid = ScoreGrid(bound: abs(ensemble.baseMargin) + perTreeBound.reduce(0, +) + 1) else { return nil }
        return (scorer.compiled.scaledLeafValues().map { grid.snap($0) }, grid.snap(ensemble.baseMargin))
    }

    /// The margins after permuting the feature among `rows` (all rows when nil): row k of the result is row
    /// `rows[k]` with the feature's value taken from row `rows[permutation[k]]`, as a permuted table gives.
    func permuted(margins: [Double], rows: [Int]?, permutation: [Int]) -> [Double] {
        let p = matrix.columns
        let replacement = permutation.map { matrix.values[(rows?[$0] ?? $0) * p + feature] }
        if trees.isEmpty { return rows.map { $0.map { margins[$0] } } ?? margins }
        let moved = compiled.leafSums(matrix, trees: trees, values: values, rows: rows, feature: feature, replacement: replacement)
        return moved.indices.map { k in
            let r = rows?[k] ?? k
            return margins[r] - own[r] + moved[k]
        }
    }
}
