/// Per-thread scratch of the TreeSHAP walks, grown on demand and reused across rows and trees.
struct TreeSHAPScratch {
    /// Path-dependent: per node, the bits of the path features the row fails on the way to it.
    var failed: [UInt64] = []
    /// Path-dependent direct evaluation: the coalition polynomial and one leaf's contributions.
    var polynomial = [Double](repeating: 0, count: PathDependentTree.maximumPathFeatures + 1)
    var leafContributions = [Double](repeating: 0, count: PathDependentTree.maximumPathFeatures)
    /// Interventional: per feature, whether the walk fixed it to the row's (1) or the reference's (2) value.
    var side: [UInt8] = []
    /// Interventional: the features fixed to the row's / the reference's value on the current path.
    var rowFeatures: [Int32] = []
    var referenceFeatures: [Int32] = []
    /// Interventional: the walk's pending frames.
    var frames: [InterventionalWalk.Frame] = []
    /// Path-dependent, trees with surrogate splits.
    var surrogatePath = SurrogatePathScratch()
}
