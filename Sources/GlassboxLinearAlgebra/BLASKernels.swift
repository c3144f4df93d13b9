import CGlassboxLAPACK

/// Thin column-major BLAS level-2/3 kernels on caller memory, for the blocked loops of the model fits
/// (logistic IRLS, scaled-logistic PU, nearest-seed similarity) so that only this module calls BLAS.
/// Each forwards its arguments unchanged to the CBLAS routine of the same name, so results are the
/// library's bit for bit. Leading dimensions and sizes follow the reference BLAS documentation
/// (netlib.org/blas).
package enum BLASKernels {
    /// y ← α·A·x + β·y (`transposed` false, A m×n) or y ← α·Aᵀ·x + β·y (`transposed` true): `cblas_dgemv`, unit strides.
    @inline(__always)
    package static func gemv(transposed: Bool, rows m: Int, columns n: Int, alpha: Double, a: UnsafePointer<Double>?,
                             lda: Int, x: UnsafePointer<Double>?, beta: Double, y: UnsafeMutablePointer<Double>?) {
        cblas_dgemv(CblasColMajor, transposed ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), alpha, a, Int32(lda),
                    x, 1, beta, y, 1)
    }

    /// C ← α·Aᵀ·A + β·C on the upper triangle of the n×n C, A k×n: `cblas_dsyrk` (upper, transposed).
    @inline(__always)
    package static func syrkUpperTransposed(n: Int, k: Int, alpha: Double, a: UnsafePointer<Double>?, lda: Int,
                                            beta: Double, c: UnsafeMutablePointer<Double>?, ldc: Int) {
        cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(n), Int32(k), alpha, a, Int32(lda), beta, c, Int32(ldc))
    }

    /// C ← α·Aᵀ·B + β·C with C m×n and the inner dimension k (A k×m, B k×n): `cblas_dgemm` (A transposed).
    @inline(__always)
    package static func gemmTransposedA(m: Int, n: Int, k: Int, alpha: Double, a: UnsafePointer<Double>?, lda: Int,
                                        b: UnsafePointer<Double>?, ldb: Int, beta: Double, c: UnsafeMutablePointer<Double>?, ldc: Int) {
        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb),
                    beta, c, Int32(ldc))
    }
}
