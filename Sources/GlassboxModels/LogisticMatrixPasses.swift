import GlassboxCore
import GlassboxLinearAlgebra

/// The data passes of a logistic fit over a design matrix held in memory (or mapped from a cache):
/// every sum runs on all cores in the fixed row chunks of ``Parallel/chunks(count:minimumChunk:maximumChunks:)``
/// (which depend only on the row count), merged in chunk order, so the answers are bit-identical for any
/// thread count.
package struct LogisticMatrixPasses<Design: SelectableColumnMajorDesign>: LogisticDataPasses {
    package let x: Design
    package let y: [Double]
    package let weights: [Double]?
    /// Cluster codes 0..<G (first-appearance order), for cluster-robust errors.
    package let clusters: [Int]?
    /// The design restricted to the columns last asked for (aliased columns dropped), built once.
    private var restricted: (kept: [Int], x: Design)?

    package init(x: Design, y: [Double], weights: [Double]?, clusters: [Int]?) {
        self.x = x
        self.y = y
        self.weights = weights
        self.clusters = clusters
    }

    /// The summary (the caller has validated `y` and the weights, so both outcomes occur).
    package mutating func summary() throws -> LogisticDataSummary {
        var summary = try LogisticDataSummary(LogisticPartial.summary(x: x, y: y, weights: weights, responseName: "y", weightsName: "weights"))
        summary.clusterCount = clusters.map { Set($0).count }
        return summary
    }

    private mutating func design(_ kept: [Int]) -> Design {
        if kept.count == x.columns { return x }
        if let restricted, restricted.kept == kept { return restricted.x }
        let selected = x.selectingColumns(kept)
        restricted = (kept, selected)
        return selected
    }

    package mutating func evaluate(beta: [Double], kept: [Int]) throws -> LogisticEvaluation {
        LogisticRegression.evaluate(x: design(kept), y: y, caseWeights: weights, beta: beta, hessian: true)
    }

    package mutating func meat(beta: [Double], kept: [Int], covariance: CovarianceType, bread: Matrix) throws -> LogisticMeat {
        try LogisticRegression.meat(x: design(kept), y: y, weights: weights, clusters: clusters, beta: beta, covariance: covariance, bread: bread)
    }
}

/// A column-major design that can be restricted to some of its columns (aliased columns dropped).
package protocol SelectableColumnMajorDesign: ColumnMajorDesign {
    /// The design with only the columns `indices`, in that order.
    func selectingColumns(_ indices: [Int]) -> Self
}

extension Matrix: SelectableColumnMajorDesign {}
