import GlassboxCore
#if canImport(Glibc)
import Glibc
#endif

/// Memory hints for the (large) design storage.
extension DesignBuilder {
    /// Asks Linux to back the 2 MiB-aligned interior of a fresh, untouched allocation with
    /// transparent huge pages (`madvise(MADV_HUGEPAGE)`), before anything is written to it.
    ///
    /// Why: filling a new 240 MB design (1,000,000 × 30) is dominated by first-touch page faults,
    /// one per 4 KiB page; measured here, a plain copy into fresh memory took 0.14–0.20 s of CPU
    /// with 4 KiB pages and 0.06 s with huge pages. The hint changes no value, only the page size;
    /// it is ignored where THP is disabled and is a no-op on other systems.
    static func adviseHugePages(_ buffer: UnsafeMutableBufferPointer<Double>) {
        #if canImport(Glibc)
        let huge = 2 << 20
        guard let base = buffer.baseAddress, buffer.count * MemoryLayout<Double>.stride >= 2 * huge else { return }
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let end = Int(bitPattern: base + buffer.count) & ~(huge - 1)
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(pointer, end - start, MADV_HUGEPAGE)
        #endif
    }
}

/// Limits on the size of a design, checked before anything is allocated (issue 13: `C(g)` with
/// 50,000 levels aborted trying to allocate 40 GB).
extension DesignBuilder {
    /// The most design columns a model may be fitted with. Fitting keeps p × p matrices (the
    /// information matrix XᵀWX, one partial sum per core, its Cholesky factor) and factorises them in
    /// O(p³): 10,000 columns already need 800 MB per matrix and minutes per Newton step.
    package static let maximumFitColumns = 10_000

    /// Bytes a design of `rows` × `columns` needs: the matrix itself, and for a fit the p × p
    /// matrices (one per core plus three: total, factor, covariance) and the per-core row-block
    /// scratch (4,096 rows × p) of the Newton iterations.
    package static func estimatedBytes(rows: Int, columns: Int, forFit: Bool) -> Double {
        let n = Double(rows), p = Double(columns)
        var bytes = n * p * 8
        if forFit {
            let workers = Double(Parallel.workerCount)
            bytes += (workers + 3) * p * p * 8 + workers * 4096 * p * 8
        }
        return bytes
    }

    /// Throws ``TabularError/formula(_:)`` when the design of `encoding` on `rows` rows has more
    /// columns than a fit allows or needs more memory than ``MemoryLimit/current(environment:)``
    /// allows; the message names the factor that contributes most columns.
    static func checkDesignSize(_ encoding: DesignEncoding, rows: Int, forFit: Bool,
                                limit: (bytes: UInt64, source: String)? = MemoryLimit.current()) throws {
        let p = encoding.columns.count
        let largest = largestFactor(encoding)
        if forFit && p > maximumFitColumns {
            throw TabularError.formula(ParameterMessage("the design has \(p) columns, more than the \(maximumFitColumns) a model can be fitted with\(largest); "
                                                         + "group rare levels into fewer categories or leave the term out"))
        }
        guard let limit else { return }
        let bytes = estimatedBytes(rows: rows, columns: p, forFit: forFit)
        guard bytes > Double(limit.bytes) else { return }
        let shown = bytes >= Double(UInt64.max) ? "more than \(MemoryLimit.format(.max))" : MemoryLimit.format(UInt64(bytes))
        throw TabularError.formula(ParameterMessage("the design matrix (\(rows) rows × \(p) columns × 8 bytes\(forFit ? ", plus \(p) × \(p) matrices for the fit" : ""))"
                                                     + " needs about \(shown), more than \(MemoryLimit.format(limit.bytes)), \(limit.source)\(largest); "
                                                     + (limit.source.contains("ulimit") ? "raise the limit, or " : "")
                                                     + "group rare levels into fewer categories, leave the term out, or use fewer rows"))
    }

    /// `": 'C(g)' (50,000 levels) makes 49,999 of them"` for the categorical factor with the most
    /// design columns, or "" when no categorical factor makes more than a handful.
    static func largestFactor(_ encoding: DesignEncoding) -> String {
        var counts = [Int](repeating: 0, count: encoding.factors.count)
        for column in encoding.columns {
            for part in column where part.level != nil { counts[part.factor] += 1 }
        }
        guard let (f, count) = counts.enumerated().max(by: { $0.element < $1.element }), count > 1 else { return "" }
        let label = encoding.formula.factors[f].label
        return ": '\(label)' (\(encoding.factors[f].levels.count) levels) makes \(count) of them"
    }
}
