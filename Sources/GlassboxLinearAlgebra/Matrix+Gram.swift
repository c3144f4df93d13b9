import CGlassboxLAPACK
import GlassboxCore

/// Per-chunk partial sums of a Gram product; merged in chunk order so the total is identical on
/// any number of threads. This is the unit a sharded or streaming fit would exchange.
package struct GramPartial: Sendable {
    /// Upper triangle of Σᵢ wᵢ xᵢ xᵢᵀ over the chunk's rows (lower triangle unspecified).
    package var gram: Matrix
    package init(gram: Matrix) { self.gram = gram }
}

extension Matrix {
    /// Rows are processed in blocks of this many: the weighted copy of a block stays in cache.
    static let gramBlockRows = 2_048
}

extension ColumnMajorDesign {
    /// XᵀWX = Σᵢ wᵢ xᵢ xᵢᵀ for this `n × p` matrix X and non-negative row weights `w`
    /// (all ones when `weights` is nil), O(n·p²).
    ///
    /// Rows are split into fixed chunks (independent of the thread count) computed on all cores;
    /// within a chunk each block of rows is scaled by √wᵢ into a scratch buffer and accumulated
    /// with BLAS `dsyrk`. Chunk results are summed in chunk order, so the result is bit-identical
    /// for any number of threads.
    package func weightedGram(weights: [Double]?) throws -> Matrix {
        if let w = weights, w.count != rows {
            throw LinearAlgebraError.dimensionMismatch("\(w.count) weights for \(rows) rows")
        }
        let partials = Parallel.map(Parallel.chunks(count: rows)) { range in
            let partial = self.weightedGramPartial(rows: range, weights: weights)
            self.release(rows: range, columns: 0..<self.columns)
            return partial
        }
        var total = Matrix(rows: columns, columns: columns)
        for part in partials {
            for k in 0..<total.storage.count { total.storage[k] += part.gram.storage[k] }
        }
        total.symmetrizeFromUpper()
        return total
    }

    /// The Gram partial sum of `rows` (upper triangle): Σ_{i ∈ rows} wᵢ xᵢ xᵢᵀ.
    package func weightedGramPartial(rows range: Range<Int>, weights: [Double]?) -> GramPartial {
        let p = columns
        var gram = Matrix(rows: p, columns: p)
        guard p > 0, !range.isEmpty else { return GramPartial(gram: gram) }
        let blockRows = Matrix.gramBlockRows
        var scratch = [Double](repeating: 0, count: blockRows * p)
        var rootWeights = [Double](repeating: 0, count: blockRows)
        withColumnMajor { x in
            scratch.withUnsafeMutableBufferPointer { s in
                gram.storage.withUnsafeMutableBufferPointer { g in
                    var start = range.lowerBound
                    while start < range.upperBound {
                        let m = min(blockRows, range.upperBound - start)
                        if let w = weights {
                            for i in 0..<m { rootWeights[i] = w[start + i].squareRoot() }
                            for j in 0..<p {
                                let col = x + j * rows + start
                                let dst = s.baseAddress! + j * m
                                for i in 0..<m { dst[i] = col[i] * rootWeights[i] }
                            }
                            cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(p), Int32(m), 1,
                                        s.baseAddress, Int32(m), 1, g.baseAddress, Int32(p))
                        } else {
                            cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(p), Int32(m), 1,
                                        x + start, Int32(rows), 1, g.baseAddress, Int32(p))
                        }
                        start += m
                    }
                }
            }
        }
        return GramPartial(gram: gram)
    }
}
