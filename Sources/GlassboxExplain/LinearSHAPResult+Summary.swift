extension LinearSHAPResult {
    /// The result of per-row SHAP values `phi` (rows × `columns`): each column's mean |φ| (weighted by
    /// `weights`, nil: all 1), largest first (ties in column order), and the values of `listRows` rows
    /// sampled with `seed`, listed by their input row numbers `rowIndices`. Shared by linear and tree SHAP.
    package init(summarizing phi: [[Double]], expectedValue: Double, columns: [String], weights: [Double]?,
                 rowIndices: [Int], listRows: Int, seed: UInt64) {
        let n = phi.count
        let totalWeight = weights?.reduce(0, +) ?? Double(n)
        var meanAbs = [Double](repeating: 0, count: columns.count)
        for i in 0..<n { for s in columns.indices { meanAbs[s] += (weights?[i] ?? 1) * abs(phi[i][s]) } }
        let features = columns.indices.map { (feature: columns[$0], meanAbs: meanAbs[$0] / totalWeight) }
        let order = features.indices.sorted { features[$0].meanAbs != features[$1].meanAbs ? features[$0].meanAbs > features[$1].meanAbs : $0 < $1 }
        let rows = PartialDependenceCalculator.sampleRows(n: n, count: listRows, seed: seed)
        self.init(expectedValue: expectedValue, features: order.map { features[$0] }, rows: rows.map { rowIndices[$0] },
                  values: rows.map { phi[$0] }, columns: columns)
    }
}
