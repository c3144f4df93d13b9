/// Failures of the numeric core, each carrying the LAPACK routine and its `info` code where one applies.
package enum LinearAlgebraError: Error, Equatable, CustomStringConvertible, Sendable {
    /// `dpotrf` found the leading minor of order `order` not positive definite.
    case notPositiveDefinite(order: Int)
    /// A LAPACK routine reported an illegal argument (`info < 0`) or failed to converge (`info > 0`).
    case lapack(routine: String, info: Int)
    /// Operands whose shapes do not fit together.
    case dimensionMismatch(String)

    /// The message shown to the user.
    package var description: String {
        switch self {
        case let .notPositiveDefinite(order):
            return "matrix is not positive definite (leading minor of order \(order) is not positive): the Hessian is singular or the design is collinear"
        case let .lapack(routine, info):
            return info < 0
                ? "LAPACK \(routine): argument \(-info) had an illegal value"
                : "LAPACK \(routine) failed (info = \(info))"
        case let .dimensionMismatch(message):
            return "dimension mismatch: \(message)"
        }
    }
}
