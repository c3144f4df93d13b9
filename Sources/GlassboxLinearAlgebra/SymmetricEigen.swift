import CGlassboxLAPACK

/// Eigenvalues (ascending) and optionally eigenvectors of a symmetric matrix (LAPACK `dsyevd`).
/// Used for conditioning diagnostics: κ = λ_max / λ_min of a (scaled) Gram matrix.
package struct SymmetricEigen: Sendable {
    /// Eigenvalues in ascending order.
    package let values: [Double]
    /// Eigenvectors as columns (empty matrix when not requested).
    package let vectors: Matrix

    package init(_ matrix: Matrix, computeVectors: Bool = false) throws {
        guard matrix.rows == matrix.columns else {
            throw LinearAlgebraError.dimensionMismatch("eigen-decomposition of a \(matrix.rows)×\(matrix.columns) matrix")
        }
        var a = matrix
        var n = Int32(matrix.rows)
        guard n > 0 else {
            values = []
            vectors = Matrix(rows: 0, columns: 0)
            return
        }
        var lda = n
        var w = [Double](repeating: 0, count: Int(n))
        var info: Int32 = 0
        let jobz = computeVectors ? "V" : "N"
        // Workspace query, then the decomposition.
        var lwork: Int32 = -1
        var liwork: Int32 = -1
        var workSize = 0.0
        var iworkSize: Int32 = 0
        a.storage.withUnsafeMutableBufferPointer { buffer in
            dsyevd_(jobz, "U", &n, buffer.baseAddress, &lda, &w, &workSize, &lwork, &iworkSize, &liwork, &info, 1, 1)
        }
        if info != 0 { throw LinearAlgebraError.lapack(routine: "dsyevd", info: Int(info)) }
        lwork = Int32(workSize)
        liwork = max(1, iworkSize)
        var work = [Double](repeating: 0, count: Int(lwork))
        var iwork = [Int32](repeating: 0, count: Int(liwork))
        a.storage.withUnsafeMutableBufferPointer { buffer in
            dsyevd_(jobz, "U", &n, buffer.baseAddress, &lda, &w, &work, &lwork, &iwork, &liwork, &info, 1, 1)
        }
        if info != 0 { throw LinearAlgebraError.lapack(routine: "dsyevd", info: Int(info)) }
        values = w
        vectors = computeVectors ? a : Matrix(rows: 0, columns: 0)
    }

    /// Condition number λ_max / λ_min (infinite when λ_min ≤ 0).
    package var conditionNumber: Double {
        guard let lo = values.first, let hi = values.last else { return 1 }
        return lo > 0 ? hi / lo : .infinity
    }
}
