import GlassboxCore

/// Stratified bootstrap of the disparity ratios and differences, done on confusion counts.
///
/// Method: each replicate resamples every group separately (stratified by group, so group sizes
/// stay fixed) by drawing the group's n rows with replacement. Because every rate metric depends
/// only on the group's four confusion cells, drawing n rows with replacement is the same as one
/// multinomial draw of n over the cells with probabilities (cell rows / n) — O(groups) per
/// replicate instead of O(n). With case weights, a replicate cell's weight is its drawn row count
/// times the cell's mean weight (an approximation that ignores the spread of weights within a cell).
/// Replicate r draws from `SeededGenerator(seed:, stream: r)`, so results are reproducible and do not
/// depend on threads. Intervals are percentile intervals with linear interpolation (numpy's default
/// quantile); replicates in which a ratio is undefined (zero reference rate) are left out of that ratio's interval.
public enum GroupBootstrap {
    /// Replicate ratios and differences: `ratios[a][g][m][r]` (NaN when undefined) for attribute `a`,
    /// group `g`, metric index `m` of `metrics`, replicate `r`.
    public struct Replicates: Sendable {
        public var ratios: [[[[Double]]]]
        public var differences: [[[[Double]]]]
    }

    /// `progress` hears of each chunk of replicates done.
    public static func run(groups: [[ConfusionCounts]], references: [Int], metrics: [RateMetric], replicates: Int, seed: UInt64,
                           progress: ProgressObserver? = nil) -> Replicates {
        let chunkSize = 25
        let ranges = stride(from: 0, to: replicates, by: chunkSize).map { $0..<min(replicates, $0 + chunkSize) }
        let counter = progress?.start("bootstrap", total: replicates, unit: "replicates")
        defer { counter?.finish() }
        let parts = Parallel.map(ranges) { range -> Replicates in
            defer { counter?.advance(by: range.count) }
            var ratios = groups.map { $0.map { _ in metrics.map { _ in [Double]() } } }
            var differences = ratios
            for r in range {
                var rng = SeededGenerator(seed: seed, stream: UInt64(r))
                for (a, counts) in groups.enumerated() {
                    let drawn = counts.map { resample($0, rng: &rng) }
                    let selected = drawn.reduce(0) { $0 + $1.predictedPositive }
                    let ref = drawn[references[a]]
                    for g in drawn.indices {
                        for (m, metric) in metrics.enumerated() {
                            let v = metric.value(drawn[g], selectedTotal: selected)
                            let rv = metric.value(ref, selectedTotal: selected)
                            if let v, let rv {
                                ratios[a][g][m].append(rv > 0 ? v / rv : .nan)
                                differences[a][g][m].append(v - rv)
                            } else {
                                ratios[a][g][m].append(.nan)
                                differences[a][g][m].append(.nan)
                            }
                        }
                    }
                }
            }
            return Replicates(ratios: ratios, differences: differences)
        }
        var out = Replicates(ratios: groups.map { $0.map { _ in metrics.map { _ in [Double]() } } }, differences: [])
        out.differences = out.ratios
        for part in parts {
            for a in groups.indices { for g in groups[a].indices { for m in metrics.indices {
                out.ratios[a][g][m] += part.ratios[a][g][m]
                out.differences[a][g][m] += part.differences[a][g][m]
            } } }
        }
        return out
    }

    /// One stratified resample of a group: a multinomial draw of its rows over the four cells.
    static func resample(_ c: ConfusionCounts, rng: inout SeededGenerator) -> ConfusionCounts {
        let rows = [c.tpRows, c.fpRows, c.tnRows, c.fnRows]
        let draw = rng.nextMultinomial(n: c.rows, weights: rows.map(Double.init))
        func weight(_ total: Double, _ rows: Int, _ drawn: Int) -> Double { rows > 0 ? total / Double(rows) * Double(drawn) : 0 }
        var out = ConfusionCounts()
        out.tp = weight(c.tp, c.tpRows, draw[0]); out.tpRows = draw[0]
        out.fp = weight(c.fp, c.fpRows, draw[1]); out.fpRows = draw[1]
        out.tn = weight(c.tn, c.tnRows, draw[2]); out.tnRows = draw[2]
        out.fn = weight(c.fn, c.fnRows, draw[3]); out.fnRows = draw[3]
        return out
    }

    /// The `q` quantile (0…1) of the defined values, linear interpolation between order statistics
    /// (Hyndman & Fan type 7, numpy's default). Nil when no value is defined.
    public static func quantile(_ values: [Double], _ q: Double) -> Double? {
        let sorted = values.filter { !$0.isNaN }.sorted()
        guard !sorted.isEmpty else { return nil }
        let h = Double(sorted.count - 1) * q
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}
