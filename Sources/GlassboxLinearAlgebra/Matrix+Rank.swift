extension Matrix {
    /// Columns of a design matrix that are linear combinations of earlier columns, found from its
    /// Gram matrix G = XᵀX by a Cholesky factorisation that skips a column when its squared norm
    /// after projection on the kept earlier columns is below `tolerance` times its own squared norm.
    ///
    /// This is R's rule for aliased coefficients (`lm.fit`/`glm.fit`: pivoted QR in column order
    /// with `tol = 1e-7` on norms, so later collinear columns are dropped) carried to the Gram
    /// matrix, where norms are squared; the default `1e-12` (a norm ratio of 1e-6) leaves room for
    /// the rounding that squaring adds. Complexity O(p³) on the p×p Gram matrix.
    ///
    /// - Parameter gram: XᵀX (or XᵀWX), symmetric with both triangles filled.
    /// - Returns: indices of aliased columns, ascending; also every all-zero column.
    package static func aliasedColumns(gram: Matrix, tolerance: Double = 1e-12) -> [Int] {
        let p = gram.rows
        var l = Matrix(rows: p, columns: p)   // lower-triangular factor over kept columns
        var kept = [Int]()
        var aliased = [Int]()
        for j in 0..<p {
            let original = gram[j, j]
            if !(original > 0) {
                aliased.append(j)
                continue
            }
            // Row j of L over kept columns: L[j,k] = (G[j,k] - Σ_{m<k} L[j,m] L[k,m]) / L[k,k].
            var residual = original
            for (position, k) in kept.enumerated() {
                var s = gram[j, k]
                for m in 0..<position { s -= l[j, kept[m]] * l[k, kept[m]] }
                let value = s / l[k, k]
                l[j, k] = value
                residual -= value * value
            }
            if residual <= tolerance * original {
                aliased.append(j)
                for k in kept { l[j, k] = 0 }
            } else {
                l[j, j] = residual.squareRoot()
                kept.append(j)
            }
        }
        return aliased
    }
}
