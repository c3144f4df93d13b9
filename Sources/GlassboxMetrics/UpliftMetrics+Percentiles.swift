extension UpliftMetrics {
    /// One bin of ``upliftByPercentile(outcomes:uplift:treatment:strategy:bins:)``.
    package struct PercentileBin: Sendable, Equatable, Codable {
        /// Upper edge of the bin in percent of the population (scikit-uplift's `round(p·100/bins)`).
        package var percentile: Int
        /// Treated rows in the bin.
        package var nTreatment: Int
        /// Control rows in the bin.
        package var nControl: Int
        /// Mean outcome of the bin's treated rows, r_T; NaN when the bin holds no treated row.
        package var responseRateTreatment: Double
        /// Mean outcome of the bin's control rows, r_C; NaN when the bin holds no control row.
        package var responseRateControl: Double
        /// Observed uplift r_T − r_C.
        package var uplift: Double
        /// √(r_T(1 − r_T)/n_T + r_C(1 − r_C)/n_C).
        package var stdUplift: Double

        /// The bin as the public readers give it.
        var row: (percentile: Int, nTreatment: Int, nControl: Int, responseRateTreatment: Double, responseRateControl: Double, uplift: Double, stdUplift: Double) {
            (percentile, nTreatment, nControl, responseRateTreatment, responseRateControl, uplift, stdUplift)
        }
    }

    /// scikit-uplift's `uplift_by_percentile(…, std=True)`: rows in descending uplift order (reversed
    /// stable sort) are split into `bins` consecutive parts of sizes ⌈n/bins⌉ for the first n mod bins
    /// parts and ⌊n/bins⌋ after (`numpy.array_split`); `overall` splits all rows, `byGroup` splits each
    /// arm's rows separately. Each bin reports the upper edge of the bin in percent of the population
    /// (scikit-uplift's `round(p·100/bins)`), its treated and control rows, their response rates r_T and
    /// r_C (NaN for an arm without rows), the observed uplift r_T − r_C and its standard error
    /// √(r_T(1 − r_T)/n_T + r_C(1 − r_C)/n_C).
    public static func upliftByPercentile(outcomes: [Double], uplift: [Double], treatment: [Double], strategy: Strategy = .overall,
                                          bins: Int = 10) throws -> [(percentile: Int, nTreatment: Int, nControl: Int, responseRateTreatment: Double, responseRateControl: Double, uplift: Double, stdUplift: Double)] {
        try percentileBins(outcomes: outcomes, uplift: uplift, treatment: treatment, strategy: strategy, bins: bins).map(\.row)
    }

    /// The bins of ``upliftByPercentile(outcomes:uplift:treatment:strategy:bins:)``.
    package static func percentileBins(outcomes: [Double], uplift: [Double], treatment: [Double], strategy: Strategy,
                                       bins: Int) throws -> [PercentileBin] {
        try check(outcomes, uplift, treatment)
        guard bins > 0 && bins < outcomes.count else {
            throw UpliftMetricsError.invalidK("the number of bins (\(bins)) must be positive and smaller than the number of rows (\(outcomes.count))")
        }
        let order = UpliftTieGroups(uplift: uplift).order
        func split(_ rows: [Int]) -> [ArraySlice<Int>] {
            let base = rows.count / bins, extra = rows.count % bins
            var parts = [ArraySlice<Int>](), start = 0
            for b in 0..<bins {
                let size = base + (b < extra ? 1 : 0)
                parts.append(rows[start..<(start + size)])
                start += size
            }
            return parts
        }
        let treatedParts: [ArraySlice<Int>], controlParts: [ArraySlice<Int>]
        switch strategy {
        case .overall:
            let parts = split(order)
            treatedParts = parts.map { $0.filter { treatment[$0] == 1 }[...] }
            controlParts = parts.map { $0.filter { treatment[$0] == 0 }[...] }
        case .byGroup:
            treatedParts = split(order.filter { treatment[$0] == 1 })
            controlParts = split(order.filter { treatment[$0] == 0 })
        }
        return (0..<bins).map { b in
            let nT = treatedParts[b].count, nC = controlParts[b].count
            let rT = treatedParts[b].reduce(0.0) { $0 + outcomes[$1] } / Double(nT)
            let rC = controlParts[b].reduce(0.0) { $0 + outcomes[$1] } / Double(nC)
            let variance = rT * ((1 - rT) / Double(nT)) + rC * ((1 - rC) / Double(nC))
            return PercentileBin(percentile: Int((Double(b + 1) * 100 / Double(bins)).rounded(.toNearestOrEven)), nTreatment: nT,
                                 nControl: nC, responseRateTreatment: rT, responseRateControl: rC, uplift: rT - rC,
                                 stdUplift: variance.squareRoot())
        }
    }
}
