import GlassboxLinearAlgebra

/// Row and column manipulations of design matrices that the uplift learners need.
enum UpliftDesign {
    /// The rows `rows` of `x` (column-major copy), O(|rows|·p).
    static func selectingRows(_ x: Matrix, _ rows: [Int]) -> Matrix {
        var out = [Double](repeating: 0, count: rows.count * x.columns)
        x.storage.withUnsafeBufferPointer { source in
            for j in 0..<x.columns {
                let column = j * x.rows, target = j * rows.count
                for (i, r) in rows.enumerated() { out[target + i] = source[column + r] }
            }
        }
        return Matrix(rows: rows.count, columns: x.columns, columnMajor: out)
    }

    /// [x, t·x]: the S-learner design, t ∈ {0, 1} per row.
    static func withInteractions(_ x: Matrix, treatment t: [Double]) -> Matrix {
        let n = x.rows, p = x.columns
        var out = x.storage
        out.reserveCapacity(2 * n * p)
        for j in 0..<p {
            let column = j * n
            for i in 0..<n { out.append(x.storage[column + i] * t[i]) }
        }
        return Matrix(rows: n, columns: 2 * p, columnMajor: out)
    }

    /// S-learner term names: the design terms, then `T` for the intercept and `T:term` for the rest.
    static func interactionTerms(_ terms: [String], indicator: String) -> [String] {
        terms + terms.map { $0 == "(Intercept)" ? indicator : indicator + ":" + $0 }
    }

    /// Least squares β = (XᵀX + λD)⁻¹Xᵀd, D the identity without the intercept, by Cholesky, from its sums:
    /// the Gram matrix XᵀX and the product Xᵀd (``UpliftFitState/EffectSums``: one machine sums them over
    /// whole arms, a distributed fit adds them over partitions, docs/scale.md §7). Aliased columns
    /// (pivot-free rank check on the Gram matrix) get coefficient nil.
    static func leastSquares(gram: Matrix, product xtd: [Double], ridge lambda: Double, hasIntercept: Bool) throws -> [Double?] {
        var gram = gram
        let aliased = Set(Matrix.aliasedColumns(gram: gram))
        let kept = (0..<gram.columns).filter { !aliased.contains($0) }
        if lambda > 0 {
            for j in kept where !(hasIntercept && j == 0) { gram[j, j] += lambda }
        }
        var reduced = Matrix(rows: kept.count, columns: kept.count)
        for (a, i) in kept.enumerated() { for (b, j) in kept.enumerated() { reduced[a, b] = gram[i, j] } }
        let beta = try Cholesky(reduced).solve(kept.map { xtd[$0] })
        var out = [Double?](repeating: nil, count: gram.columns)
        for (a, j) in kept.enumerated() { out[j] = beta[a] }
        return out
    }
}
