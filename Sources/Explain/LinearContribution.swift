import GlassboxCore
import LinearAlgebra
import Metrics
import Tabular

/// How one feature enters a linear predictor, split so that replacing the feature's values by those
/// of other rows is cheap: η = rest + a(s) + Σₖ bₖ(s)·vₖ(rest), where `additive` a collects the
/// design columns built from the feature alone (numeric value, one-hot levels, `I()` of it) and
/// each `mixed` pair holds an interaction's feature part bₖ = βⱼ·Uⱼ and its other part vₖ = Vⱼ.
/// Permuting rows by π then changes η by Δηᵢ = a[πᵢ] − a[i] + Σₖ (bₖ[πᵢ] − bₖ[i])·vₖ[i], O(n) each.
struct LinearContribution: Sendable {
    private var additiveValues: [Double]?
    /// The additive part when it is a single design column times its coefficient, kept as a view of the
    /// design matrix instead of n new doubles per feature (permutation importance multiplies on the fly).
    private(set) var scaledColumn: ScaledColumn?
    var mixed: [(feature: [Double], other: [Double])]

    /// a, materialised from ``scaledColumn`` when the part is a single column (for the slower paths).
    var additive: [Double]? { additiveValues ?? scaledColumn?.values }

    init(additive: [Double]?, mixed: [(feature: [Double], other: [Double])]) {
        additiveValues = additive
        self.mixed = mixed
    }

    init(scaledColumn: ScaledColumn) {
        self.scaledColumn = scaledColumn
        mixed = []
    }

    /// Calls `body` with the additive part as unscaled values and the factor that scales them (the column
    /// and β for a ``scaledColumn``, else a and 1 — multiplying by 1 is exact); nil without an additive part.
    func withAdditive<R>(_ body: (UnsafeBufferPointer<Double>, Double) -> R) -> R? {
        if let c = scaledColumn {
            return c.storage.withUnsafeBufferPointer { s in
                body(UnsafeBufferPointer(rebasing: s[c.offset..<(c.offset + c.count)]), c.beta)
            }
        }
        return additiveValues?.withUnsafeBufferPointer { body($0, 1) }
    }

    /// η + Δη for rows `rows` (all rows when nil) when row k takes the feature value of row
    /// `rows[permutation[k]]`; `eta` is the unpermuted η of every row.
    func permuted(eta: [Double], rows: [Int]?, permutation: [Int]) -> [Double] {
        let m = permutation.count
        var out = [Double](repeating: 0, count: m)
        out.withUnsafeMutableBufferPointer { o in
            eta.withUnsafeBufferPointer { e in
                permutation.withUnsafeBufferPointer { p in
                    if let rows {
                        for k in 0..<m { o[k] = e[rows[k]] }
                        if let a = additive { for k in 0..<m { o[k] += a[rows[p[k]]] - a[rows[k]] } }
                        for (b, v) in mixed { for k in 0..<m { o[k] += (b[rows[p[k]]] - b[rows[k]]) * v[rows[k]] } }
                    } else {
                        if let a = additive {
                            a.withUnsafeBufferPointer { a in for k in 0..<m { o[k] = e[k] + (a[p[k]] - a[k]) } }
                        } else {
                            for k in 0..<m { o[k] = e[k] }
                        }
                        for (b, v) in mixed {
                            b.withUnsafeBufferPointer { b in v.withUnsafeBufferPointer { v in
                                for k in 0..<m { o[k] += (b[p[k]] - b[k]) * v[k] }
                            } }
                        }
                    }
                }
            }
        }
        return out
    }

    /// η + Δη over all rows for a feature without interaction parts, drawing the permutation from
    /// `generator` by shuffling a copy of `additive` (the same draws as ``SeededGenerator/permutation(count:)``,
    /// so the same result as ``permuted(eta:rows:permutation:)``) instead of gathering through an index array.
    /// Nil when the feature has interaction parts or no additive part.
    func permutedAllRows(eta: [Double], generator: inout SeededGenerator) -> [Double]? {
        guard mixed.isEmpty, let a = additive else { return nil }
        var out = a
        generator.shuffle(&out)
        out.withUnsafeMutableBufferPointer { o in
            eta.withUnsafeBufferPointer { e in
                a.withUnsafeBufferPointer { a in
                    for k in 0..<o.count { o[k] = e[k] + (o[k] - a[k]) }
                }
            }
        }
        return out
    }

    /// Writes the unscaled additive part (see ``withAdditive(_:)``) shuffled by `generator` into `out` — the
    /// draws of ``permutedAllRows(eta:generator:)`` — and returns its scale factor: the moved contributions
    /// are scale · out, and the permuted η is eta + (scale · out − a). Nil (and `out` untouched) when the
    /// feature has interaction parts or no additive part.
    func shuffledAdditive(generator: inout SeededGenerator, into out: UnsafeMutableBufferPointer<Double>) -> Double? {
        guard mixed.isEmpty else { return nil }
        guard let scale = withAdditive({ values, scale -> Double in
            precondition(out.count == values.count, "lengths differ")
            _ = out.initialize(from: values)
            return scale
        }) else { return nil }
        generator.shuffle(out)
        return scale
    }

    /// Bounds on every permuted η, whatever the permutation: ηᵢ − aᵢ + a_π(i) lies in
    /// [min(η − a) + min(a), max(η − a) + max(a)] (up to rounding, which the bucketed AUC clamps).
    /// Nil when the feature has interaction parts or no additive part.
    func permutationBounds(eta: [Double]) -> ScoreRange? {
        guard mixed.isEmpty else { return nil }
        return withAdditive { x, scale -> ScoreRange in
            // Four rows at a time in vector registers (a scalar min/max chain waits on its own latency every
            // row); NaN is tracked apart, as the vector min/max skip it.
            let n = x.count
            guard n > 0 else { return ScoreRange() }
            var restLow = SIMD4<Double>(repeating: .infinity), restHigh = SIMD4<Double>(repeating: -.infinity)
            var ownLow = restLow, ownHigh = restHigh
            var notANumber = SIMDMask<SIMD4<Int64>>(repeating: false)
            let c = SIMD4<Double>(repeating: scale)
            var tail = (rest: ScoreRange(), own: ScoreRange())
            eta.withUnsafeBufferPointer { e in
                let eRaw = UnsafeRawPointer(e.baseAddress!), xRaw = UnsafeRawPointer(x.baseAddress!)
                var k = 0
                while k &+ 4 <= n {
                    let own = c * xRaw.loadUnaligned(fromByteOffset: k &* 8, as: SIMD4<Double>.self)
                    let rest = eRaw.loadUnaligned(fromByteOffset: k &* 8, as: SIMD4<Double>.self) - own
                    restLow = pointwiseMin(restLow, rest)
                    restHigh = pointwiseMax(restHigh, rest)
                    ownLow = pointwiseMin(ownLow, own)
                    ownHigh = pointwiseMax(ownHigh, own)
                    notANumber .|= (rest .!= rest) .| (own .!= own)
                    k &+= 4
                }
                while k < n {
                    let own = scale * x[k]
                    tail.rest.include(e[k] - own)
                    tail.own.include(own)
                    k &+= 1
                }
            }
            let containsNaN = any(notANumber) || tail.rest.containsNaN || tail.own.containsNaN
            var bounds = ScoreRange()
            bounds.include(Swift.min(restLow.min(), tail.rest.lowest) + Swift.min(ownLow.min(), tail.own.lowest))
            bounds.include(Swift.max(restHigh.max(), tail.rest.highest) + Swift.max(ownHigh.max(), tail.own.highest))
            bounds.containsNaN = bounds.containsNaN || containsNaN
            return bounds
        }
    }

    /// The decomposition for the design columns `columns` of a feature, or nil when a formula
    /// factor reads the feature together with other columns (e.g. `I(a*b)`), which needs re-scoring.
    static func make(feature: String, columns: [Int], encoding: DesignEncoding, beta: [Double], x: Matrix,
                     table: Table) throws -> LinearContribution? {
        let factors = encoding.formula.factors
        var additiveColumns = [Int]()
        var auxColumns = [[DesignPart]]()
        var auxBeta = [Double]()
        for j in columns where beta[j] != 0 {
            let parts = encoding.columns[j]
            let own = parts.filter { factors[$0.factor].columns.contains(feature) }
            if own.contains(where: { factors[$0.factor].columns.contains { $0 != feature } }) { return nil }
            if own.count == parts.count {
                additiveColumns.append(j)
            } else {
                auxColumns.append(own)
                auxColumns.append(parts.filter { !factors[$0.factor].columns.contains(feature) })
                auxBeta.append(beta[j])
            }
        }
        if auxColumns.isEmpty, additiveColumns.count == 1 {
            let j = additiveColumns[0]
            return LinearContribution(scaledColumn: ScaledColumn(storage: x.storage, offset: j * x.rows, count: x.rows, beta: beta[j]))
        }
        var additive: [Double]?
        for j in additiveColumns {
            var a = additive ?? [Double](repeating: 0, count: x.rows)
            additive = nil
            let b = beta[j]
            x.storage.withUnsafeBufferPointer { s in
                let base = j * x.rows
                for i in 0..<x.rows { a[i] += b * s[base + i] }
            }
            additive = a
        }
        var mixed = [(feature: [Double], other: [Double])]()
        if !auxColumns.isEmpty {
            let aux = DesignEncoding(formula: encoding.formula, termNames: auxColumns.indices.map { "aux\($0)" },
                                     termSources: auxColumns.map { _ in [] }, responseName: nil,
                                     factors: encoding.factors, columns: auxColumns)
            let u = try DesignBuilder.apply(aux, to: table, requireResponse: false).x
            for k in auxBeta.indices {
                let n = u.rows
                let b = auxBeta[k]
                let f = (0..<n).map { b * u.storage[(2 * k) * n + $0] }
                let v = Array(u.storage[((2 * k + 1) * n)..<((2 * k + 2) * n)])
                mixed.append((f, v))
            }
        }
        return LinearContribution(additive: additive, mixed: mixed)
    }
}

/// A design column times its coefficient, aᵢ = beta · storage[offset + i], as a view of the design matrix.
struct ScaledColumn: Sendable {
    let storage: [Double]
    let offset: Int
    let count: Int
    let beta: Double

    /// The products, computed as 0 + beta · x (the sum a multi-column additive part starts from), so that
    /// both forms give the same doubles.
    var values: [Double] {
        storage.withUnsafeBufferPointer { s in
            (0..<count).map { i in 0 + beta * s[offset + i] }
        }
    }
}
