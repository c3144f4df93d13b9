import GlassboxTabular

/// A table's feature values in a ``TreeEnsemble``'s feature order, row-major (`values[row * columns + j]`),
/// NaN for a missing value; categorical features hold their category codes.
package struct TreeFeatureMatrix: Sendable {
    package var rows: Int
    package var columns: Int
    package var values: [Double]
}

extension TreeEnsemble {
    /// Gathers `table`'s columns for the model's features into one row-major buffer: each feature is the
    /// table column of the same name; a numeric feature needs a numeric column; a categorical feature's text
    /// levels become the model's category codes (its ``TreeFeature/Kind/categorical(levels:)`` list; when that
    /// list is empty, the column's numbers are the codes). Missing values stay NaN (the trees send them down
    /// their default branches).
    /// - Throws: ``ModelError/featureColumnMissing(feature:available:)``,
    ///   ``ModelError/featureTypeMismatch(feature:expected:)``, ``ModelError/unseenCategory(feature:level:)``.
    package func featureMatrix(_ table: Table) throws -> TreeFeatureMatrix {
        let n = table.rowCount, p = features.count
        var values = [Double](repeating: .nan, count: n * p)
        for (j, feature) in features.enumerated() {
            guard let index = table.index(ofColumn: feature.name) else {
                throw ModelError.featureColumnMissing(feature: feature.name, available: table.columnNames)
            }
            let column = try codes(of: feature, in: table.columns[index])
            values.withUnsafeMutableBufferPointer { out in
                for i in 0..<n { out[i * p + j] = column[i] }
            }
        }
        return TreeFeatureMatrix(rows: n, columns: p, values: values)
    }

    /// The values of `column` as `feature` reads them: numbers, or category codes.
    private func codes(of feature: TreeFeature, in column: Column) throws -> [Double] {
        switch (feature.kind, column) {
        case (.numeric, .numeric(let xs)):
            return xs
        case (.numeric, .categorical):
            throw ModelError.featureTypeMismatch(feature: feature.name, expected: "numbers")
        case (.categorical(let levels), .numeric(let xs)):
            if levels.isEmpty { return xs }
            // Numeric categories (XGBoost 3 saves them as their values): the code is the matching level's position.
            var byValue = [Double: Double]()
            for (k, level) in levels.enumerated() { if let v = Double(level), byValue[v] == nil { byValue[v] = Double(k) } }
            return try xs.map { x in
                if x.isNaN { return .nan }
                guard let code = byValue[x] else { throw ModelError.unseenCategory(feature: feature.name, level: "\(x)") }
                return code
            }
        case (.categorical(let levels), .categorical(let c)):
            var code = [Double](repeating: .nan, count: c.levels.count)
            var used = [Bool](repeating: false, count: c.levels.count)
            for k in c.codes where k >= 0 { used[Int(k)] = true }
            let position = Dictionary(levels.enumerated().map { ($1, Double($0)) }, uniquingKeysWith: { first, _ in first })
            for (k, level) in c.levels.enumerated() where used[k] {
                if levels.isEmpty {
                    guard let v = Double(level) else { throw ModelError.featureTypeMismatch(feature: feature.name, expected: "category codes (numbers)") }
                    code[k] = v
                } else {
                    guard let v = position[level] else { throw ModelError.unseenCategory(feature: feature.name, level: level) }
                    code[k] = v
                }
            }
            return c.codes.map { $0 < 0 ? .nan : code[Int($0)] }
        }
    }
}
