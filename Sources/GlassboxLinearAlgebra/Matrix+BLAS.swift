import CGlassboxLAPACK

extension Matrix {
    /// Matrix product `self · other` (BLAS `dgemm`), O(m·n·k).
    package func multiplied(by other: Matrix) throws -> Matrix {
        guard columns == other.rows else {
            throw LinearAlgebraError.dimensionMismatch("(\(rows)×\(columns)) · (\(other.rows)×\(other.columns))")
        }
        var result = Matrix(rows: rows, columns: other.columns)
        guard rows > 0, other.columns > 0, columns > 0 else { return result }
        storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                result.storage.withUnsafeMutableBufferPointer { c in
                    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(other.columns), Int32(columns),
                                1, a.baseAddress, Int32(rows), b.baseAddress, Int32(other.rows), 0, c.baseAddress, Int32(rows))
                }
            }
        }
        return result
    }

    /// Matrix–vector product `self · v` (BLAS `dgemv`).
    package func multiplied(by v: [Double]) throws -> [Double] {
        guard columns == v.count else {
            throw LinearAlgebraError.dimensionMismatch("(\(rows)×\(columns)) · vector of \(v.count)")
        }
        return vectorProduct(v, transposed: false)
    }

    /// `selfᵀ · v` (BLAS `dgemv` transposed).
    package func transposeMultiplied(by v: [Double]) throws -> [Double] {
        guard rows == v.count else {
            throw LinearAlgebraError.dimensionMismatch("(\(rows)×\(columns))ᵀ · vector of \(v.count)")
        }
        return vectorProduct(v, transposed: true)
    }

    /// `self · v`, or `selfᵀ · v` when `transposed` (BLAS `dgemv`); the caller has checked the dimensions.
    private func vectorProduct(_ v: [Double], transposed: Bool) -> [Double] {
        var out = [Double](repeating: 0, count: transposed ? columns : rows)
        guard rows > 0, columns > 0 else { return out }
        storage.withUnsafeBufferPointer { a in
            v.withUnsafeBufferPointer { x in
                out.withUnsafeMutableBufferPointer { y in
                    cblas_dgemv(CblasColMajor, transposed ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns), 1, a.baseAddress,
                                Int32(rows), x.baseAddress, 1, 0, y.baseAddress, 1)
                }
            }
        }
        return out
    }

    /// Fills the lower triangle of a symmetric matrix from its upper triangle.
    package mutating func symmetrizeFromUpper() {
        precondition(rows == columns, "symmetrize needs a square matrix")
        for j in 0..<columns {
            for i in (j + 1)..<max(j + 1, rows) { self[i, j] = self[j, i] }
        }
    }
}
