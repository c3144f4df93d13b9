import GlassboxModels

extension TreeModelScorer {
    /// Features given a SHAP dependence summary: the most important by mean |φ|.
    static let dependenceFeatures = 4

    /// Exact TreeSHAP by `method`: path-dependent (``TreeSHAP/pathDependent(_:rows:)``, what XGBoost's
    /// `pred_contribs=True` computes) or interventional against a seeded background sample of the data
    /// (``TreeSHAP/interventional(_:rows:background:)``, recorded in the result) of every row of `data`, missing
    /// inputs included (each tree's walks send a missing value down its default branch, as scoring does), on the
    /// margin scale (log-odds for a logistic link; the score itself for an identity link, recorded as
    /// ``LinearSHAPResult/link``), summarised as
    /// linear SHAP is: each feature's mean |φ| (weighted by the data's weights) and the values of `listRows`
    /// rows sampled with `seed`; plus the aggregate dependence (``SHAPDependence``) of the
    /// ``dependenceFeatures`` most important features, bins of fewer than `minGroupSize` rows left out (rows whose
    /// value of the feature is missing are in no bin: their φ count in the mean |φ| only).
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
        if model.ensemble.link == .identity { result.link = TreeEnsemble.Link.identity.rawValue }
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
