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
        for part in parts { total.add(part) }
        if symmetrize { total.hessian.symmetrizeFromUpper() }
        return total
    }
}

extension LogisticEvaluation {
    /// Adds `part` in place (Hessians entry by entry, not symmetrised): the one addition of
    /// ``merged(_:p:symmetrize:)`` and of a merge's running sums (``LogisticPassSum``), so both give the same bits.
    mutating func add(_ part: LogisticEvaluation) {
        deviance += part.deviance
        for j in gradient.indices { gradient[j] += part.gradient[j] }
        hessian.storage.withUnsafeMutableBufferPointer { total in
            part.hessian.storage.withUnsafeBufferPointer { add in
                for i in 0..<min(total.count, add.count) { total[i] += add[i] }
            }
        }
        extremeCount += part.extremeCount
        extremeEta = max(extremeEta, part.extremeEta)
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
        precondition(range.upperBound <= min(n, y.count, caseWeights?.count ?? n), "outcome or weights shorter than the design's rows")
        var deviance = 0.0, extremeCount = 0, extremeEta = 0.0
        var gradient = [Double](repeating: 0, count: p)
        var hessian = Matrix(rows: p, columns: p)
        // Scratch for one block, allocated once per chunk; every row's arithmetic and every sum's order of
        // additions is the one documented above (see evaluateRow), only bounds checks and copies are gone.
        let residual = UnsafeMutablePointer<Double>.allocate(capacity: blockRows)
        let rootWeight = UnsafeMutablePointer<Double>.allocate(capacity: blockRows)
        let scaled = UnsafeMutablePointer<Double>.allocate(capacity: wantHessian ? blockRows * p : 1)
        defer { residual.deallocate(); rootWeight.deallocate(); scaled.deallocate() }
        y.withUnsafeBufferPointer { yBuffer in
            gradient.withUnsafeMutableBufferPointer { g in
                hessian.storage.withUnsafeMutableBufferPointer { h in
                    let yb = yBuffer.baseAddress!
                    forEachRowBlock(of: x, rows: range, beta: beta) { start, m, block, eta in
                        eta.withUnsafeBufferPointer { etaBuffer in
                            let e = etaBuffer.baseAddress!, yRows = yb + start
                            if let caseWeights {
                                caseWeights.withUnsafeBufferPointer { w in
                                    let c = w.baseAddress! + start
                                    for i in 0..<m {
                                        evaluateRow(eta: e[i], y: yRows[i], c: c[i], deviance: &deviance, extremeCount: &extremeCount,
                                                    extremeEta: &extremeEta, residual: &residual[i], rootWeight: &rootWeight[i])
                                    }
                                }
                            } else {
                                for i in 0..<m {
                                    evaluateRow(eta: e[i], y: yRows[i], c: 1, deviance: &deviance, extremeCount: &extremeCount,
                                                extremeEta: &extremeEta, residual: &residual[i], rootWeight: &rootWeight[i])
                                }
                            }
                        }
                        BLASKernels.gemv(transposed: true, rows: m, columns: p, alpha: 1, a: block, lda: n, x: residual, beta: 1, y: g.baseAddress)
                        if wantHessian {
                            for j in 0..<p {
                                let column = block + j * n
                                let target = scaled + j * m
                                for i in 0..<m { target[i] = column[i] * rootWeight[i] }
                            }
                            BLASKernels.syrkUpperTransposed(n: p, k: m, alpha: 1, a: scaled, lda: m, beta: 1, c: h.baseAddress, ldc: p)
                        }
                    }
                }
            }
        }
        return LogisticEvaluation(deviance: deviance, gradient: gradient, hessian: hessian, extremeCount: extremeCount, extremeEta: extremeEta)
    }

    /// One row of ``evaluateChunk(x:y:caseWeights:beta:rows:hessian:)`` at ηᵢ = `eta` with outcome `y` and case
    /// weight `c`: adds 2c·softplus(∓η) to `deviance` (rows with c > 0), counts an extreme μ, and stores
    /// c(y − μ) and √(cμ(1 − μ)).
    ///
    /// μ = ``logistic(_:)`` and softplus(±η) each need one exponential, and all of them need the same one,
    /// t = e^{−|η|}: σ(η) is 1/(1 + t) for η ≥ 0 and t/(1 + t) otherwise, softplus(x) is x + log1p(t) for x > 0 and
    /// log1p(t) otherwise (x = ±η). So `exp` runs once per row on the argument the separate functions would pass it
    /// (−η for η ≥ 0, η for η < 0; ±0 give e⁰ = 1 either way) and every value is bit for bit theirs.
    @inline(__always)
    static func evaluateRow(eta e: Double, y yi: Double, c: Double, deviance: inout Double, extremeCount: inout Int,
                            extremeEta: inout Double, residual: inout Double, rootWeight: inout Double) {
        let t = exp(-abs(e))
        let mu = e >= 0 ? 1 / (1 + t) : t / (1 + t)
        if c > 0 {
            // softplus(−η) when y = 1, softplus(η) otherwise: x + log1p(t) when its argument x is positive.
            let x = yi == 1 ? -e : e
            deviance += 2 * c * (x > 0 ? x + log1p(t) : log1p(t))
            if mu < LogisticEvaluation.extremeProbability || mu > 1 - LogisticEvaluation.extremeProbability {
                extremeCount += 1
                extremeEta = max(extremeEta, abs(e))
            }
        }
        residual = c * (yi - mu)
        rootWeight = (c * mu * (1 - mu)).squareRoot()
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
