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
        try Self.upperInPlace(&a, routine: "dpotrf") { n, buffer, lda, info in dpotrf_("U", &n, buffer, &lda, &info, 1) }
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
        try Self.upperInPlace(&a, routine: "dpotri") { n, buffer, lda, info in dpotri_("U", &n, buffer, &lda, &info, 1) }
        a.symmetrizeFromUpper()
        return a
    }

    /// Runs the LAPACK `routine` that `call` makes on the upper triangle of the square matrix `a`, in place
    /// (order n, leading dimension max(1, n)); its `info` > 0 is a leading minor that is not positive definite.
    private static func upperInPlace(_ a: inout Matrix, routine: String,
                                     _ call: (inout Int32, UnsafeMutablePointer<Double>?, inout Int32, inout Int32) -> Void) throws {
        var n = Int32(a.rows)
        var lda = max(1, n)
        var info: Int32 = 0
        if n > 0 {
            a.storage.withUnsafeMutableBufferPointer { buffer in call(&n, buffer.baseAddress, &lda, &info) }
        }
        if info > 0 { throw LinearAlgebraError.notPositiveDefinite(order: Int(info)) }
        if info < 0 { throw LinearAlgebraError.lapack(routine: routine, info: Int(info)) }
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
