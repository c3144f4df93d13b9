/// SHAP values of a block of rows on the margin scale (log-odds for a logistic ensemble): φ per row and
/// column, and the base value φ₀, so that for every row `expectedValue + Σ_columns φ = margin`.
package struct TreeSHAPValues: Sendable, Equatable {
    /// φ₀: the margin every contribution starts from (see ``TreeSHAP`` for each method's definition).
    package var expectedValue: Double
    /// Column names, in the order of each row's values (the ensemble's features, or groups of them).
    package var columns: [String]
    /// φ, row-major: `values[row * columns.count + column]`.
    package var values: [Double]

    package init(expectedValue: Double, columns: [String], values: [Double]) {
        self.expectedValue = expectedValue
        self.columns = columns
        self.values = values
    }

    /// The number of rows.
    package var rowCount: Int { columns.isEmpty ? 0 : values.count / columns.count }

    /// φ of `row` and `column`.
    package subscript(row: Int, column: Int) -> Double { values[row * columns.count + column] }

    /// The values of one row, in ``columns`` order.
    package func row(_ row: Int) -> ArraySlice<Double> { values[row * columns.count..<(row + 1) * columns.count] }

    /// Contributions summed into source features, as linear SHAP does for one-hot and derived design
    /// columns: column `c` is added to the group `source[columns[c]]` (itself when not listed). Groups keep
    /// the order of their first column. The sum is what linear SHAP and shap report for a source feature (it
    /// is not the Shapley value of a game whose players are the groups); it keeps Σ φ = margin − φ₀ exactly.
    package func grouped(by source: [String: String]) -> TreeSHAPValues {
        var groups: [String] = []
        var index: [String: Int] = [:]
        let target = columns.map { column -> Int in
            let group = source[column] ?? column
            if let i = index[group] { return i }
            index[group] = groups.count
            groups.append(group)
            return groups.count - 1
        }
        var out = [Double](repeating: 0, count: rowCount * groups.count)
        for r in 0..<rowCount {
            for c in columns.indices { out[r * groups.count + target[c]] += values[r * columns.count + c] }
        }
        return TreeSHAPValues(expectedValue: expectedValue, columns: groups, values: out)
    }

    /// The global ranking (mean |φ| per column) and the values of `listRows` rows sampled with `seed`, in
    /// the result type linear SHAP reports, so summary and dependence renderers take tree SHAP unchanged.
    /// `rowIndices[i]` is row i's number in the input; `weights` are case weights (nil: all 1).
    package func summary(rowIndices: [Int], weights: [Double]? = nil, listRows: Int, seed: UInt64) -> LinearSHAPResult {
        LinearSHAPResult(summarizing: (0..<rowCount).map { Array(row($0)) }, expectedValue: expectedValue, columns: columns,
                         weights: weights, rowIndices: rowIndices, listRows: listRows, seed: seed)
    }
}
