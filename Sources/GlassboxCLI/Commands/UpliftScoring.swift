import GlassboxModels
import GlassboxTabular

/// The columns `glassbox score` writes for an uplift model: `uplift`, `p_treated`, `p_control` (with a
/// `[treatment]` suffix on each when the model has several treatments) and `recommended_treatment`.
/// Class transformation models no outcome probability, so its `p_treated`/`p_control` are empty.
func upliftScoreColumns(_ file: UpliftModelFile, design: DesignMatrix, rowCount: Int) throws -> [(String, Column)] {
    let fit = file.upliftFit
    let predictions = try fit.predict(design.x)
    let several = predictions.count > 1
    var columns = [(String, Column)]()
    func spread(_ values: [Double]?) -> Column {
        var out = [Double](repeating: .nan, count: rowCount)
        if let values { for (k, row) in design.rowIndices.enumerated() { out[row] = values[k] } }
        return .numeric(out)
    }
    for p in predictions {
        let suffix = several ? "[\(p.treated)]" : ""
        columns.append(("uplift" + suffix, spread(p.uplift)))
        columns.append(("p_treated" + suffix, spread(p.pTreated)))
        columns.append(("p_control" + suffix, spread(p.pControl)))
    }
    var recommended = [String?](repeating: nil, count: rowCount)
    for (k, value) in fit.recommendations(predictions).enumerated() { recommended[design.rowIndices[k]] = value }
    columns.append(("recommended_treatment", .categorical(CategoricalColumn(values: recommended))))
    return columns
}
