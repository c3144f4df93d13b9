import CGlassboxLAPACK

/// The Cholesky factorisation A = UᵀU of a symmetric positive-definite matrix (LAPACK `dpotrf`),
/// used for Newton steps (solve) and covariance matrices (inverse). O(p³/3) to factor.
package struct Cholesky: Sendable {
    /// The factor U in the upper triangle (the lower triangle is left as it was).
    package let factor: Matrix

    /// Factors `matrix`; throws ``LinearAlgebraError/notPositiveDefinite(order:)`` when it is not
    /// (numerically) positive definite.
    package init(_ matrix: Matrix) throws {
        guard matrix.rows == matrix.columns else {
            throw LinearAlgebraError.dimensionMismatch("Cholesky of a \(matrix.rows)×\(matrix.columns) matrix")
        }
        var a = matrix
        var n = Int32(matrix.rows)
        var lda = max(1, n)
        var info: Int32 = 0
        if n > 0 {
            a.storage.withUnsafeMutableBufferPointer { buffer in
                dpotrf_("U", &n, buffer.baseAddress, &lda, &info, 1)
            }
        }
        if info > 0 { throw LinearAlgebraError.notPositiveDefinite(order: Int(info)) }
        if info < 0 { throw LinearAlgebraError.lapack(routine: "dpotrf", info: Int(info)) }
        factor = a
    }

    /// Solves A x = b (LAPACK `dpotrs`).
    package func solve(_ b: [Double]) throws -> [Double] {
        guard b.count == factor.rows else {
            throw LinearAlgebraError.dimensionMismatch("right-hand side of \(b.count) for a \(factor.rows)×\(factor.rows) system")
        }
        var x = b
        var n = Int32(factor.rows)
        var nrhs: Int32 = 1
        var lda = max(1, n)
        var ldb = max(1, n)
        var info: Int32 = 0
        guard n > 0 else { return x }
        factor.storage.withUnsafeBufferPointer { a in
            x.withUnsafeMutableBufferPointer { xb in
                dpotrs_("U", &n, &nrhs, a.baseAddress, &lda, xb.baseAddress, &ldb, &info, 1)
            }
        }
        if info != 0 { throw LinearAlgebraError.lapack(routine: "dpotrs", info: Int(info)) }
        return x
    }

    /// A⁻¹, symmetric (LAPACK `dpotri`, both triangles filled).
    package func inverse() throws -> Matrix {
        var a = factor
        var n = Int32(factor.rows)
        var lda = max(1, n)
        var info: Int32 = 0
        if n > 0 {
            a.storage.withUnsafeMutableBufferPointer { buffer in
                dpotri_("U", &n, buffer.baseAddress, &lda, &info, 1)
            }
        }
        if info > 0 { throw LinearAlgebraError.notPositiveDefinite(order: Int(info)) }
        if info < 0 { throw LinearAlgebraError.lapack(routine: "dpotri", info: Int(info)) }
        a.symmetrizeFromUpper()
        return a
    }

    /// log det A = 2 Σ log Uᵢᵢ.
    package var logDeterminant: Double {
        (0..<factor.rows).reduce(0) { $0 + 2 * _log(factor[$1, $1]) }
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) func _log(_ x: Double) -> Double { Glibc.log(x) }
#else
import Foundation
@inline(__always) func _log(_ x: Double) -> Double { Foundation.log(x) }
#endif
