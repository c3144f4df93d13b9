// Read access to the compiled node arrays for explainers that walk them inline (permutation importance's path
// pass): one cross-module call per walk costs more than the walk itself.

extension TreeEnsembleScorer {
    /// Every tree's compiled nodes, one flat array (children as absolute indices; a leaf is its own left and
    /// right child).
    package var flatNodes: [Node] { nodes }

    /// The compiled index of each tree's root.
    package var treeRoots: [Int] { roots }

    /// Whether some node is decided by its maker's own rule (``general``: categorical splits, missing policies
    /// other than NaN, `≤ +∞`) rather than by `x < threshold` and the NaN direction alone.
    package var hasGeneralNodes: Bool {
        nodes.contains { $0.word & Self.general != 0 }
    }
}
