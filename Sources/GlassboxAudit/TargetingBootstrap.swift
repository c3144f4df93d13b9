import GlassboxCore

/// Stratified bootstrap of the targeting ratios, done on counts as ``GroupBootstrap`` does for the
/// bias audit.
///
/// The targeting ratio of group g is (t_g / K) / (n_g / N) = (t_g / n_g) / (K / N), with t_g of its
/// n_g rows targeted, K targeted rows out of N. Each replicate resamples every group separately (group
/// sizes fixed): drawing n_g rows with replacement leaves t*_g ~ Binomial(n_g, t_g / n_g) targeted,
/// then K* = Σ_g t*_g over the attribute's groups — O(groups) per replicate. Replicate r draws from
/// `SeededGenerator(seed:, stream: r)`, so results are reproducible and independent of threads. A
/// replicate with K* = 0 leaves the ratio undefined (NaN, left out of the interval). As in any
/// percentile bootstrap, a group with no (or every) row targeted has a degenerate interval.
enum TargetingBootstrap {
    /// `ratios[a][g][r]` for attribute `a`, group `g`, replicate `r`.
    static func run(groups: [[TargetingCounts]], replicates: Int, seed: UInt64, progress: ProgressObserver? = nil) -> [[[Double]]] {
        let chunkSize = 25
        let ranges = stride(from: 0, to: replicates, by: chunkSize).map { $0..<min(replicates, $0 + chunkSize) }
        let counter = progress?.start("targeting bootstrap", total: replicates, unit: "replicates")
        defer { counter?.finish() }
        let parts = Parallel.map(ranges) { range -> [[[Double]]] in
            defer { counter?.advance(by: range.count) }
            var ratios = groups.map { $0.map { _ in [Double]() } }
            for r in range {
                var rng = SeededGenerator(seed: seed, stream: UInt64(r))
                for (a, counts) in groups.enumerated() {
                    let drawn = counts.map { c in c.rows > 0 ? rng.nextBinomial(n: c.rows, p: Double(c.targeted) / Double(c.rows)) : 0 }
                    let total = counts.reduce(0) { $0 + $1.rows }, selected = drawn.reduce(0, +)
                    for g in counts.indices {
                        let rate = counts[g].rows > 0 ? Double(drawn[g]) / Double(counts[g].rows) : .nan
                        ratios[a][g].append(selected > 0 ? rate / (Double(selected) / Double(total)) : .nan)
                    }
                }
            }
            return ratios
        }
        var out = groups.map { $0.map { _ in [Double]() } }
        for part in parts { for a in groups.indices { for g in groups[a].indices { out[a][g] += part[a][g] } } }
        return out
    }
}
