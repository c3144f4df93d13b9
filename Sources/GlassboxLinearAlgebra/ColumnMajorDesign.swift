import CGlassboxLAPACK

/// A read-only `rows × columns` matrix of doubles in column-major order with leading dimension `rows`,
/// wherever its memory lives: a ``Matrix`` in memory, or a design cache mapped from a file. The row sums of
/// the model fits run on this, so a mapped design gives bit for bit the results of the same matrix in memory.
package protocol ColumnMajorDesign: Sendable {
    var rows: Int { get }
    var columns: Int { get }
    /// Calls `body` with the address of entry (0, 0); entry (i, j) is at `i + j * rows`.
    func withColumnMajor<R>(_ body: (UnsafePointer<Double>) throws -> R) rethrows -> R
    /// Tells the storage that rows `rows` of columns `columns` have been read for now, so a mapped cache can
    /// drop their pages from the process (a matrix in memory ignores it). Row passes call it after each chunk.
    func release(rows: Range<Int>, columns: Range<Int>)
}

extension Matrix: ColumnMajorDesign {
    package func withColumnMajor<R>(_ body: (UnsafePointer<Double>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else {
                var empty = 0.0
                return try withUnsafePointer(to: &empty) { try body($0) }
            }
            return try body(base)
        }
    }
}

extension ColumnMajorDesign {
    /// Nothing to release by default (memory that is not a mapped file).
    package func release(rows: Range<Int>, columns: Range<Int>) {}

    /// Entry (i, j).
    package func entry(_ i: Int, _ j: Int) -> Double { withColumnMajor { $0[i + j * rows] } }

    /// The product `self · other` (BLAS `dgemm`), O(rows·columns·other.columns).
    package func product(with other: Matrix) throws -> Matrix {
        guard columns == other.rows else {
            throw LinearAlgebraError.dimensionMismatch("(\(rows)×\(columns)) · (\(other.rows)×\(other.columns))")
        }
        var result = Matrix(rows: rows, columns: other.columns)
        guard rows > 0, other.columns > 0, columns > 0 else { return result }
        withColumnMajor { a in
            other.storage.withUnsafeBufferPointer { b in
                result.storage.withUnsafeMutableBufferPointer { c in
                    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(other.columns), Int32(columns),
                                1, a, Int32(rows), b.baseAddress, Int32(other.rows), 0, c.baseAddress, Int32(rows))
                }
            }
        }
        return result
    }
}
