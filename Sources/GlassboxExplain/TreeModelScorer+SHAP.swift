extension TreeModelScorer {
    /// Features given a SHAP dependence summary: the most important by mean |φ|.
    static let dependenceFeatures = 4

    /// Exact TreeSHAP by `method`: path-dependent (``TreeSHAP/pathDependent(_:rows:)``, what XGBoost's
    /// `pred_contribs=True` computes) or interventional against a seeded background sample of the data
    /// (``TreeSHAP/interventional(_:rows:background:)``, recorded in the result) of every row of `data`, on the margin (log-odds) scale, summarised as
    /// linear SHAP is: each feature's mean |φ| (weighted by the data's weights) and the values of `listRows`
    /// rows sampled with `seed`; plus the aggregate dependence (``SHAPDependence``) of the
    /// ``dependenceFeatures`` most important features, bins of fewer than `minGroupSize` rows left out.
    /// Σ φᵢ + φ₀ = marginᵢ for every row.
    /// - Throws: ``ExplainError/invalidData(_:)`` from TreeSHAP (a split without cover, an invalid ensemble).
    package func shap(data: ExplainData, listRows: Int, seed: UInt64, minGroupSize: Int,
                      method: TreeSHAPMethod = .pathDependent) throws -> LinearSHAPResult {
        let matrix = try featureMatrix(data.table)
        let (values, backgroundRows) = try treeSHAPValues(matrix, method: method, seed: seed)
        var result = values.summary(rowIndices: data.rowIndices, weights: data.weights, listRows: listRows, seed: seed)
        result.method = method.jsonName
        result.backgroundRows = backgroundRows
        result.backgroundSeed = backgroundRows.map { _ in seed }
        if model.ensemble.hasSurrogateSplits { result.surrogateSplits = true }
        let features = model.ensemble.features
        let p = matrix.columns
        result.dependence = result.features.prefix(Self.dependenceFeatures).compactMap { top -> SHAPDependence? in
            guard let j = features.firstIndex(where: { $0.name == top.feature }) else { return nil }
            var levels: [String]?
            if case .categorical(let names) = features[j].kind { levels = names }
            return SHAPDependence.summarize(feature: top.feature, values: (0..<matrix.rows).map { matrix.values[$0 * p + j] },
                                            phi: (0..<values.rowCount).map { values[$0, j] }, levels: levels, minimumRows: minGroupSize)
        }
        return result
    }
}
