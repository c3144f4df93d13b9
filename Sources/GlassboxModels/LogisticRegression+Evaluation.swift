import GlassboxCore
import GlassboxLinearAlgebra

/// Deviance, gradient and Hessian of the (case-weighted) Bernoulli log-likelihood at one β:
/// D = 2 Σ cᵢ softplus(∓ηᵢ), g = Xᵀ c(y − μ), H = Xᵀ diag(c μ(1 − μ)) X.
/// One value per row chunk; `merged` adds chunks in order (the shape a distributed fit would use).
package struct LogisticEvaluation: Sendable, Equatable {
    package var deviance: Double
    package var gradient: [Double]
    /// Upper triangle until `merged` symmetrises it.
    package var hessian: Matrix
    /// Rows whose fitted probability lies within `extremeProbability` of 0 or 1.
    package var extremeCount: Int
    /// The largest |ηᵢ| among those rows.
    package var extremeEta: Double

    package init(deviance: Double, gradient: [Double], hessian: Matrix, extremeCount: Int, extremeEta: Double) {
        self.deviance = deviance
        self.gradient = gradient
        self.hessian = hessian
        self.extremeCount = extremeCount
        self.extremeEta = extremeEta
    }

    static let extremeProbability = 1e-8

    /// The same evaluation for a subset of the design columns (deviance is unchanged when the
    /// dropped columns have zero coefficients, as at β = 0).
    func restricted(to columns: [Int]) -> LogisticEvaluation {
        guard columns.count != gradient.count else { return self }
        var h = Matrix(rows: columns.count, columns: columns.count)
        for (a, i) in columns.enumerated() { for (b, j) in columns.enumerated() { h[a, b] = hessian[i, j] } }
        return LogisticEvaluation(deviance: deviance, gradient: columns.map { gradient[$0] }, hessian: h,
                                  extremeCount: extremeCount, extremeEta: extremeEta)
    }

    /// The sum of `parts` in order (Hessians added entry by entry), symmetrised from the upper triangle
    /// unless `symmetrize` is false.
    package static func merged(_ parts: [LogisticEvaluation], p: Int, symmetrize: Bool = true) -> LogisticEvaluation {
        var total = LogisticEvaluation(deviance: 0, gradient: .init(repeating: 0, count: p),
                                       hessian: Matrix(rows: p, columns: p), extremeCount: 0, extremeEta: 0)
        for part in parts {
            total.deviance += part.deviance
            for j in 0..<p { total.gradient[j] += part.gradient[j] }
            for k in 0..<(p * p) { total.hessian.storage[k] += part.hessian.storage[k] }
            total.extremeCount += part.extremeCount
            total.extremeEta = max(total.extremeEta, part.extremeEta)
        }
        if symmetrize { total.hessian.symmetrizeFromUpper() }
        return total
    }
}

/// softplus(x) = log(1 + eˣ), without overflow or loss of precision.
@inline(__always) func softplus(_ x: Double) -> Double {
    x > 0 ? x + log1p(exp(-x)) : log1p(exp(x))
}

/// The logistic function σ(η) = 1 / (1 + e^{−η}).
@inline(__always) public func logistic(_ eta: Double) -> Double {
    eta >= 0 ? 1 / (1 + exp(-eta)) : exp(eta) / (1 + exp(eta))
}

extension LogisticRegression {
    static let blockRows = 2_048

    /// Evaluates the log-likelihood pieces at `beta` over all rows, chunked across cores.
    static func evaluate(x: some ColumnMajorDesign, y: [Double], caseWeights: [Double]?, beta: [Double], hessian: Bool) -> LogisticEvaluation {
        let p = x.columns
        let parts = Parallel.map(Parallel.chunks(count: x.rows)) { range in
            let part = evaluateChunk(x: x, y: y, caseWeights: caseWeights, beta: beta, rows: range, hessian: hessian)
            x.release(rows: range, columns: 0..<p)
            return part
        }
        return LogisticEvaluation.merged(parts, p: p)
    }

    static func evaluateChunk(x: some ColumnMajorDesign, y: [Double], caseWeights: [Double]?, beta: [Double], rows range: Range<Int>,
                              hessian wantHessian: Bool) -> LogisticEvaluation {
        let n = x.rows, p = x.columns
        var result = LogisticEvaluation(deviance: 0, gradient: .init(repeating: 0, count: p),
                                        hessian: Matrix(rows: p, columns: p), extremeCount: 0, extremeEta: 0)
        var residual = [Double](repeating: 0, count: blockRows)
        var rootWeight = [Double](repeating: 0, count: blockRows)
        var scaled = [Double](repeating: 0, count: wantHessian ? blockRows * p : 0)
        let tiny = LogisticEvaluation.extremeProbability
        forEachRowBlock(of: x, rows: range, beta: beta) { start, m, block, eta in
            for i in 0..<m {
                let row = start + i
                let c = caseWeights?[row] ?? 1
                let e = eta[i]
                let mu = logistic(e)
                let yi = y[row]
                if c > 0 {
                    result.deviance += 2 * c * (yi == 1 ? softplus(-e) : softplus(e))
                    if mu < tiny || mu > 1 - tiny {
                        result.extremeCount += 1
                        result.extremeEta = max(result.extremeEta, abs(e))
                    }
                }
                residual[i] = c * (yi - mu)
                rootWeight[i] = (c * mu * (1 - mu)).squareRoot()
            }
            result.gradient.withUnsafeMutableBufferPointer { g in
                BLASKernels.gemv(transposed: true, rows: m, columns: p, alpha: 1, a: block, lda: n, x: residual, beta: 1, y: g.baseAddress)
            }
            if wantHessian {
                scaled.withUnsafeMutableBufferPointer { s in
                    for j in 0..<p {
                        let column = block + j * n
                        let target = s.baseAddress! + j * m
                        for i in 0..<m { target[i] = column[i] * rootWeight[i] }
                    }
                    result.hessian.storage.withUnsafeMutableBufferPointer { h in
                        BLASKernels.syrkUpperTransposed(n: p, k: m, alpha: 1, a: s.baseAddress, lda: m, beta: 1,
                                        c: h.baseAddress, ldc: p)
                    }
                }
            }
        }
        return result
    }

    /// Walks rows `range` of `x` in blocks of at most ``blockRows`` rows: for each block η = X_block·β
    /// (`dgemv`), then `body(start, count, block, eta)` with the block's first row, its row count, the
    /// address of its first entry in column-major `x` (leading dimension `x.rows`) and η (first `count` entries).
    static func forEachRowBlock(of x: some ColumnMajorDesign, rows range: Range<Int>, beta: [Double],
                                _ body: (_ start: Int, _ count: Int, _ block: UnsafePointer<Double>, _ eta: [Double]) -> Void) {
        let n = x.rows, p = x.columns
        var eta = [Double](repeating: 0, count: blockRows)
        x.withColumnMajor { base in
            var start = range.lowerBound
            while start < range.upperBound {
                let m = min(blockRows, range.upperBound - start)
                let block = base + start
                beta.withUnsafeBufferPointer { b in
                    BLASKernels.gemv(transposed: false, rows: m, columns: p, alpha: 1, a: block, lda: n, x: b.baseAddress, beta: 0, y: &eta)
                }
                body(start, m, block, eta)
                start += m
            }
        }
    }

    /// The linear predictor ηᵢ = Σⱼ xᵢⱼβⱼ for every row, summed in column order j = 0, 1, …, p − 1 for every
    /// row (chunked across cores by rows; vectorised across rows, never across j).
    ///
    /// Not BLAS `dgemv` on purpose: a BLAS kernel may sum a row in an order that depends on the CPU, the
    /// library and the row's position in its block, so two rows with the same covariates could receive η
    /// values one rounding apart, and an AUC (ties count ½) would then depend on the machine. Here ηᵢ is a
    /// fixed function of row i's values and β, the same on every machine and for any thread count; the
    /// product streams the design once, as `dgemv` does.
    /// - Complexity: O(n·p).
    public static func linearPredictor(x: Matrix, beta: [Double]) -> [Double] {
        linearPredictor(design: x, beta: beta)
    }

    /// ``linearPredictor(x:beta:)`` of a design in memory or mapped from a cache.
    static func linearPredictor(design x: some ColumnMajorDesign, beta: [Double]) -> [Double] {
        precondition(beta.count == x.columns, "coefficient count differs from the design's columns")
        let n = x.rows, p = x.columns
        let parts = Parallel.map(Parallel.chunks(count: n)) { range -> [Double] in
            var eta = [Double](repeating: 0, count: range.count)
            x.withColumnMajor { xb in
                beta.withUnsafeBufferPointer { b in
                    eta.withUnsafeMutableBufferPointer { e in
                        // Blocks of rows small enough to stay in the L1 cache while every column is added.
                        var start = 0
                        while start < range.count {
                            let end = min(start + linearPredictorBlock, range.count)
                            for j in 0..<p {
                                let coefficient = b[j]
                                let column = xb + j * n + range.lowerBound
                                for i in start..<end { e[i] = e[i] + column[i] * coefficient }
                            }
                            start = end
                        }
                    }
                }
            }
            x.release(rows: range, columns: 0..<p)
            return eta
        }
        return parts.count == 1 ? parts[0] : parts.flatMap { $0 }
    }

    /// Rows per block of ``linearPredictor(x:beta:)``: 512 doubles of η (4 KiB) stay in L1 across the columns.
    static let linearPredictorBlock = 512
}

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
