import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxMetrics
import GlassboxTabular

/// How one feature enters a linear predictor, split so that replacing the feature's values by those
/// of other rows is cheap: η = rest + a(s) + Σₖ βₖ·(Uₖ(s)·Vₖ(rest)), where `additive` a collects the
/// design columns built from the feature alone (numeric value, one-hot levels, `I()` of it) and
/// each interaction part holds an interaction column's coefficient βₖ, its feature factor Uₖ and its
/// other factor Vₖ. Permuting rows by π then changes η by
/// Δηᵢ = a[πᵢ] − a[i] + Σₖ (βₖ·(Uₖ[πᵢ]·Vₖ[i]) − βₖ·(Uₖ[i]·Vₖ[i])), O(n) each.
///
/// With a ``ScoreGrid`` every contribution is snapped to the grid (η itself must then be the grid sum of
/// the row's contributions, ``PermutationImportance/gridLinearPredictor(x:beta:grid:)``), so η − own + moved
/// is exact and equals the η of a row that had the moved value all along: rows with the same covariates
/// after the permutation tie bit for bit, on every machine. Without a grid (non-finite data) the same
/// formulas run on plain doubles.
struct LinearContribution: Sendable {
    private var additiveValues: [Double]?
    /// The additive part when it is a single design column times its coefficient, kept as a view of the
    /// design matrix instead of n new doubles per feature (permutation importance multiplies on the fly).
    private(set) var scaledColumn: ScaledColumn?
    var mixed: [InteractionPart]
    let grid: ScoreGrid?

    /// a, materialised from ``scaledColumn`` when the part is a single column (for the slower paths); grid
    /// values when there is a grid.
    var additive: [Double]? { additiveValues ?? scaledColumn?.values(grid: grid) }

    /// `additive` must already hold grid values when `grid` is given.
    init(additive: [Double]?, mixed: [InteractionPart], grid: ScoreGrid?) {
        additiveValues = additive
        self.mixed = mixed
        self.grid = grid
    }

    init(scaledColumn: ScaledColumn, grid: ScoreGrid?) {
        self.scaledColumn = scaledColumn
        mixed = []
        self.grid = grid
    }

    /// Calls `body` with the additive part as unscaled values and the factor that scales them (the column
    /// and β for a ``scaledColumn``, else a and 1 — multiplying by 1 is exact, and snapping a grid value
    /// returns it); nil without an additive part.
    func withAdditive<R>(_ body: (UnsafeBufferPointer<Double>, Double) -> R) -> R? {
        if let c = scaledColumn {
            return c.storage.withUnsafeBufferPointer { s in
                body(UnsafeBufferPointer(rebasing: s[c.offset..<(c.offset + c.count)]), c.beta)
            }
        }
        return additiveValues?.withUnsafeBufferPointer { body($0, 1) }
    }

    /// η + Δη for rows `rows` (all rows when nil) when row k takes the feature value of row
    /// `rows[permutation[k]]`; `eta` is the unpermuted η of every row (grid values when there is a grid).
    func permuted(eta: [Double], rows: [Int]?, permutation: [Int]) -> [Double] {
        let m = permutation.count
        let a = additive
        var out = [Double](repeating: 0, count: m)
        for k in 0..<m {
            let i = rows?[k] ?? k, source = rows?[permutation[k]] ?? permutation[k]
            var value = eta[i]
            if let a { value += a[source] - a[i] }
            for part in mixed { value += part.contribution(featureRow: source, row: i, grid: grid) - part.contribution(featureRow: i, row: i, grid: grid) }
            out[k] = value
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
    /// are g(scale · out) (g snaps to the grid), and the permuted η is eta + (g(scale · out) − a). Nil (and
    /// `out` untouched) when the feature has interaction parts or no additive part.
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
    /// [min(η − a) + min(a), max(η − a) + max(a)] (exact on a grid; otherwise up to rounding, which the
    /// bucketed AUC clamps). Nil when the feature has interaction parts or no additive part.
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
            let grid = self.grid
            let unit = SIMD4<Double>(repeating: grid?.unit ?? 1), inverse = SIMD4<Double>(repeating: grid?.inverseUnit ?? 1)
            let shift = SIMD4<Double>(repeating: grid == nil ? 0 : 6_755_399_441_055_744)
            var tail = (rest: ScoreRange(), own: ScoreRange())
            eta.withUnsafeBufferPointer { e in
                let eRaw = UnsafeRawPointer(e.baseAddress!), xRaw = UnsafeRawPointer(x.baseAddress!)
                var k = 0
                while k &+ 4 <= n {
                    // Snapped as ScoreGrid.snap does (without a grid: shift 0 and unit 1 leave c·x as it is).
                    let own = (((c * xRaw.loadUnaligned(fromByteOffset: k &* 8, as: SIMD4<Double>.self)) * inverse + shift) - shift) * unit
                    let rest = eRaw.loadUnaligned(fromByteOffset: k &* 8, as: SIMD4<Double>.self) - own
                    restLow = pointwiseMin(restLow, rest)
                    restHigh = pointwiseMax(restHigh, rest)
                    ownLow = pointwiseMin(ownLow, own)
                    ownHigh = pointwiseMax(ownHigh, own)
                    notANumber .|= (rest .!= rest) .| (own .!= own)
                    k &+= 4
                }
                while k < n {
                    let own = grid?.snap(scale * x[k]) ?? scale * x[k]
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

    /// The decomposition for the design columns `columns` of a feature, or nil when it needs re-scoring:
    /// a formula factor reads the feature together with other columns (e.g. `I(a*b)`), an interaction
    /// column has more than two factors (its product order could not be kept), or a permuted interaction
    /// could leave the `grid`'s exact range.
    static func make(feature: String, columns: [Int], encoding: DesignEncoding, beta: [Double], x: Matrix,
                     table: Table, grid: ScoreGrid?, columnBounds: [Double]) throws -> LinearContribution? {
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
                // Two factors: U·V is the design's product bit for bit (multiplication commutes); with more,
                // the design multiplies left to right and a split could round differently.
                guard parts.count == 2 else { return nil }
                auxColumns.append(own)
                auxColumns.append(parts.filter { !factors[$0.factor].columns.contains(feature) })
                auxBeta.append(beta[j])
            }
        }
        if auxColumns.isEmpty, additiveColumns.count == 1 {
            let j = additiveColumns[0]
            return LinearContribution(scaledColumn: ScaledColumn(storage: x.storage, offset: j * x.rows, count: x.rows, beta: beta[j]),
                                      grid: grid)
        }
        var additive: [Double]?
        for j in additiveColumns {
            var a = additive ?? [Double](repeating: 0, count: x.rows)
            additive = nil
            let b = beta[j]
            x.storage.withUnsafeBufferPointer { s in
                let base = j * x.rows
                if let grid {
                    for i in 0..<x.rows { a[i] += grid.snap(s[base + i] * b) }
                } else {
                    for i in 0..<x.rows { a[i] += b * s[base + i] }
                }
            }
            additive = a
        }
        var mixed = [InteractionPart]()
        if !auxColumns.isEmpty {
            let aux = DesignEncoding(formula: encoding.formula, termNames: auxColumns.indices.map { "aux\($0)" },
                                     termSources: auxColumns.map { _ in [] }, responseName: nil,
                                     factors: encoding.factors, columns: auxColumns)
            let u = try DesignBuilder.apply(aux, to: table, requireResponse: false).x
            let n = u.rows
            for k in auxBeta.indices {
                let feature = Array(u.storage[((2 * k) * n)..<((2 * k + 1) * n)])
                let other = Array(u.storage[((2 * k + 1) * n)..<((2 * k + 2) * n)])
                mixed.append(InteractionPart(beta: auxBeta[k], feature: feature, other: other))
            }
        }
        if let grid, !mixed.isEmpty {
            // A permuted interaction pairs U and V of different rows, so its |β·U·V| may exceed every design
            // value: every permuted row's |η| must still stay where the grid is exact. (Without interaction
            // parts the grid's own bound, Σⱼ max|βⱼxⱼ| over all columns, covers every permutation.)
            var bound = 0.0
            for j in 0..<x.columns where !columns.contains(j) { bound += columnBounds[j] }
            bound += additive?.reduce(0) { max($0, abs($1)) } ?? 0
            for part in mixed { bound += abs(part.beta) * part.feature.reduce(0) { max($0, abs($1)) } * part.other.reduce(0) { max($0, abs($1)) } }
            guard grid.holds(bound * 1.01) else { return nil }
        }
        return LinearContribution(additive: additive, mixed: mixed, grid: grid)
    }
}

/// One interaction column of a feature: β·(U·V) with U the feature's factor and V the other factor.
struct InteractionPart: Sendable {
    let beta: Double
    let feature: [Double]
    let other: [Double]

    /// β·(U[featureRow]·V[row]), snapped to the grid when there is one: the contribution of row `row` when it
    /// takes the feature value of row `featureRow`.
    @inline(__always)
    func contribution(featureRow f: Int, row i: Int, grid: ScoreGrid?) -> Double {
        let value = beta * (feature[f] * other[i])
        return grid?.snap(value) ?? value
    }
}

/// A design column times its coefficient, aᵢ = beta · storage[offset + i], as a view of the design matrix.
struct ScaledColumn: Sendable {
    let storage: [Double]
    let offset: Int
    let count: Int
    let beta: Double

    /// The products, computed as 0 + beta · x (the sum a multi-column additive part starts from), so that
    /// both forms give the same doubles; snapped to `grid` when given (then x · beta, as the grid η sums).
    func values(grid: ScoreGrid?) -> [Double] {
        storage.withUnsafeBufferPointer { s in
            if let grid { return (0..<count).map { i in grid.snap(s[offset + i] * beta) } }
            return (0..<count).map { i in 0 + beta * s[offset + i] }
        }
    }
}
