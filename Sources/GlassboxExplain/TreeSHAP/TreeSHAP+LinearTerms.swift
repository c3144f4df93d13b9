import GlassboxModels

extension TreeSHAP {
    /// Adds the interventional SHAP values of an ensemble's linear terms (``TreeEnsembleLinearTerms``, a PMML
    /// regression) to `phi` (rows × features, row-major). The linear part is a sum of one function per feature,
    /// so its Shapley values are exact and separate: φ_f(x) = g_f(x̃_f) − mean_b g_f(r̃_b,f), g_f the feature's
    /// terms, x̃ after missing-value replacement (shap's `LinearExplainer` with interventional features,
    /// extended to the replacement). A row without a prediction (a used feature missing without replacement)
    /// gets NaN values.
    /// - Throws: ``ExplainError/invalidData(_:)`` when a background row has no prediction.
    static func addLinearTerms(_ linear: TreeEnsembleLinearTerms, features: [TreeFeature], rows: [Double], background: [Double],
                               phi: inout [Double]) throws {
        let p = features.count
        var mean = [Double](repeating: 0, count: p)
        let backgroundCount = background.count / p
        try background.withUnsafeBufferPointer { all in
            try mean.withUnsafeMutableBufferPointer { mean in
                for b in 0..<backgroundCount {
                    let row = UnsafeBufferPointer(rebasing: all[b * p..<(b + 1) * p])
                    guard linear.addFeatureParts(row, scale: 1 / Double(backgroundCount), to: mean) else {
                        let missing = linear.terms.first { linear.contribution($0, row).isNaN }.map { features[Int($0.feature)].name } ?? ""
                        throw ExplainError.invalidData("background row \(b + 1) has no prediction: '\(missing)' is missing and the model has no replacement for it")
                    }
                }
            }
        }
        rows.withUnsafeBufferPointer { all in
            phi.withUnsafeMutableBufferPointer { phi in
                for r in 0..<rows.count / p {
                    let out = UnsafeMutableBufferPointer(rebasing: phi[r * p..<(r + 1) * p])
                    if linear.addFeatureParts(UnsafeBufferPointer(rebasing: all[r * p..<(r + 1) * p]), scale: 1, to: out) {
                        for f in 0..<p { out[f] -= mean[f] }
                    } else {
                        for f in 0..<p { out[f] = .nan }
                    }
                }
            }
        }
    }
}
