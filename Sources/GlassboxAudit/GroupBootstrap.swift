import GlassboxCore

/// The one bootstrap of every audit, done on tallies rather than rows.
///
/// Replicate r draws from `SeededGenerator(seed:, stream: r)`, so results are reproducible and do not
/// depend on threads; replicates run in chunks of 25 on all cores and are gathered in replicate order.
/// Each replicate resamples tallies with one of the schemes below and writes its statistics (NaN when
/// undefined); intervals are percentile intervals with linear interpolation (numpy's default quantile),
/// leaving out the replicates in which a statistic is undefined.
///
/// Schemes:
/// - ``resampleCells(_:rng:)`` (stratified by group, bias audit): drawing a group's n rows with
///   replacement is one multinomial draw of n over its four confusion cells with probabilities
///   (cell rows / n) — O(groups) per replicate instead of O(n), since every rate depends only on the
///   cells. With case weights, a replicate cell's weight is its drawn row count times the cell's mean
///   weight (an approximation that ignores the spread of weights within a cell).
/// - ``resampleSelected(_:rng:)`` (stratified by group, targeting audit): the group's selected rows
///   t*_g ~ Binomial(n_g, t_g / n_g), i.e. the multinomial over its two cells selected / not selected.
/// - ``resampleSelectedSet(_:size:rng:)`` (lookalike composition): the selected set (audience) of size A
///   is one multinomial draw of A over the groups with its observed shares.
package enum GroupBootstrap {
    /// Runs `replicates` replicates of `statistics` values each; returns `values[k][r]` for statistic `k`
    /// and replicate `r`. `draw` fills one replicate's statistics (its buffer starts as NaN). `label`
    /// names the work for `progress`.
    package static func run(replicates: Int, statistics: Int, seed: UInt64, label: String, progress: ProgressObserver? = nil,
                            draw: @Sendable (inout SeededGenerator, inout [Double]) -> Void) -> [[Double]] {
        let chunkSize = 25
        let ranges = stride(from: 0, to: replicates, by: chunkSize).map { $0..<min(replicates, $0 + chunkSize) }
        let counter = progress?.start(label, total: replicates, unit: "replicates")
        defer { counter?.finish() }
        let parts = Parallel.map(ranges) { range -> [Double] in
            defer { counter?.advance(by: range.count) }
            // Replicate-major within the chunk: part[(r − start) · statistics + k].
            var part = [Double](), values = [Double](repeating: .nan, count: statistics)
            part.reserveCapacity(range.count * statistics)
            for r in range {
                var rng = SeededGenerator(seed: seed, stream: UInt64(r))
                for k in values.indices { values[k] = .nan }
                draw(&rng, &values)
                part += values
            }
            return part
        }
        var out = [[Double]](repeating: [], count: statistics)
        for k in out.indices { out[k].reserveCapacity(replicates) }
        for part in parts {
            let count = part.count / max(statistics, 1)
            for r in 0..<count { for k in 0..<statistics { out[k].append(part[r * statistics + k]) } }
        }
        return out
    }

    /// One stratified resample of a group: a multinomial draw of its rows over the four confusion cells.
    package static func resampleCells(_ c: ConfusionCounts, rng: inout SeededGenerator) -> ConfusionCounts {
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

    /// One stratified resample of a group's selected rows: Binomial(n_g, t_g / n_g) (0 for an empty group).
    package static func resampleSelected(_ c: GroupCounts, rng: inout SeededGenerator) -> Int {
        c.rows > 0 ? rng.nextBinomial(n: c.rows, p: Double(c.selectedRows) / Double(c.rows)) : 0
    }

    /// One resample of the selected set: `size` rows drawn over the groups with weights `selected[g]`.
    package static func resampleSelectedSet(_ selected: [Int], size: Int, rng: inout SeededGenerator) -> [Int] {
        rng.nextMultinomial(n: size, weights: selected.map(Double.init))
    }

    /// The `q` quantile (0…1) of the defined values, linear interpolation between order statistics
    /// (Hyndman & Fan type 7, numpy's default). Nil when no value is defined.
    package static func quantile(_ values: [Double], _ q: Double) -> Double? {
        let sorted = values.filter { !$0.isNaN }.sorted()
        guard !sorted.isEmpty else { return nil }
        let h = Double(sorted.count - 1) * q
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    /// The percentile interval at level 1 − α: the α/2 and 1 − α/2 quantiles.
    package static func interval(_ values: [Double], alpha: Double) -> (lower: Double?, upper: Double?) {
        (quantile(values, alpha / 2), quantile(values, 1 - alpha / 2))
    }
}
