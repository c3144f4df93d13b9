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
    var additive: [Double]?
    var mixed: [(feature: [Double], other: [Double])]

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
        guard mixed.isEmpty, additive != nil else { return nil }
        var out = [Double](repeating: 0, count: eta.count)
        _ = out.withUnsafeMutableBufferPointer { permutedAllRows(eta: eta, generator: &generator, into: $0) }
        return out
    }

    /// ``permutedAllRows(eta:generator:)`` written into `out` (one value per row), returning the range
    /// of the values, gathered in the same pass for the bucketed AUC. Nil (and `out` untouched) when the
    /// feature has interaction parts or no additive part.
    func permutedAllRows(eta: [Double], generator: inout SeededGenerator,
                         into out: UnsafeMutableBufferPointer<Double>) -> ScoreRange? {
        guard mixed.isEmpty, let a = additive else { return nil }
        precondition(out.count == a.count && eta.count == a.count, "lengths differ")
        _ = out.initialize(from: a)
        generator.shuffle(out)
        // Four independent range accumulators: one min/max chain would wait on its own latency each row.
        var ranges = (ScoreRange(), ScoreRange(), ScoreRange(), ScoreRange())
        let n = out.count
        eta.withUnsafeBufferPointer { e in
            a.withUnsafeBufferPointer { a in
                var k = 0
                while k &+ 4 <= n {
                    let v0 = e[k] + (out[k] - a[k]), v1 = e[k &+ 1] + (out[k &+ 1] - a[k &+ 1])
                    let v2 = e[k &+ 2] + (out[k &+ 2] - a[k &+ 2]), v3 = e[k &+ 3] + (out[k &+ 3] - a[k &+ 3])
                    out[k] = v0
                    out[k &+ 1] = v1
                    out[k &+ 2] = v2
                    out[k &+ 3] = v3
                    ranges.0.include(v0)
                    ranges.1.include(v1)
                    ranges.2.include(v2)
                    ranges.3.include(v3)
                    k &+= 4
                }
                while k < n {
                    let value = e[k] + (out[k] - a[k])
                    out[k] = value
                    ranges.0.include(value)
                    k &+= 1
                }
            }
        }
        return ranges.0.merged(with: ranges.1).merged(with: ranges.2.merged(with: ranges.3))
    }

    /// Δη when every row takes the feature value of template row `t` (used for partial dependence).
    func delta(allRowsTakeRow t: Int, count n: Int) -> [Double] {
        var d = [Double](repeating: 0, count: n)
        if let a = additive { for i in 0..<n { d[i] = a[t] - a[i] } }
        for (b, v) in mixed { for i in 0..<n { d[i] += (b[t] - b[i]) * v[i] } }
        return d
    }

    /// The decomposition for the design columns `columns` of a feature, or nil when a formula
    /// factor reads the feature together with other columns (e.g. `I(a*b)`), which needs re-scoring.
    static func make(feature: String, columns: [Int], encoding: DesignEncoding, beta: [Double], x: Matrix,
                     table: Table) throws -> LinearContribution? {
        let factors = encoding.formula.factors
        var additive: [Double]?
        var auxColumns = [[DesignPart]]()
        var auxBeta = [Double]()
        for j in columns where beta[j] != 0 {
            let parts = encoding.columns[j]
            let own = parts.filter { factors[$0.factor].columns.contains(feature) }
            if own.contains(where: { factors[$0.factor].columns.contains { $0 != feature } }) { return nil }
            if own.count == parts.count {
                var a = additive ?? [Double](repeating: 0, count: x.rows)
                let b = beta[j]
                x.storage.withUnsafeBufferPointer { s in
                    let base = j * x.rows
                    for i in 0..<x.rows { a[i] += b * s[base + i] }
                }
                additive = a
            } else {
                auxColumns.append(own)
                auxColumns.append(parts.filter { !factors[$0.factor].columns.contains(feature) })
                auxBeta.append(beta[j])
            }
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
