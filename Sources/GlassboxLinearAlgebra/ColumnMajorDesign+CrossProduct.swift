import CGlassboxLAPACK
import GlassboxCore

extension ColumnMajorDesign {
    /// Xᵀv = Σᵢ vᵢ xᵢ for this `n × p` matrix X (R's `crossprod(X, v)`), O(n·p).
    ///
    /// Rows are split into the fixed chunks of ``Parallel/chunks(count:minimumChunk:maximumChunks:)`` (which
    /// depend only on the row count), each chunk's product is a BLAS `dgemv` computed on all cores, and the
    /// chunks' products are added in chunk order — as ``weightedGram(weights:)`` sums XᵀX — so a matrix in
    /// memory and the same matrix mapped from a design cache give the same bits on any number of threads.
    /// Each chunk's pages are released once read.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(_:)`` unless `v` has one entry per row.
    package func crossProduct(with v: [Double]) throws -> [Double] {
        guard v.count == rows else {
            throw LinearAlgebraError.dimensionMismatch("(\(rows)×\(columns))ᵀ · vector of \(v.count)")
        }
        guard rows > 0, columns > 0 else { return .init(repeating: 0, count: columns) }
        let partials = Parallel.map(Parallel.chunks(count: rows)) { range -> [Double] in
            var out = [Double](repeating: 0, count: self.columns)
            self.withColumnMajor { x in
                v.withUnsafeBufferPointer { vector in
                    out.withUnsafeMutableBufferPointer { y in
                        cblas_dgemv(CblasColMajor, CblasTrans, Int32(range.count), Int32(self.columns), 1, x + range.lowerBound,
                                    Int32(self.rows), vector.baseAddress! + range.lowerBound, 1, 0, y.baseAddress, 1)
                    }
                }
            }
            self.release(rows: range, columns: 0..<self.columns)
            return out
        }
        // The first chunk's product as it is (a sum from zero would turn −0 into +0), the others added in order.
        var total = partials[0]
        for part in partials.dropFirst() {
            for j in total.indices { total[j] += part[j] }
        }
        return total
    }
}
