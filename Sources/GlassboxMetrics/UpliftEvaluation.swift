import GlassboxCore

/// Everything Glassbox reports when it evaluates predicted uplift on experiment data (observed
/// treatment and outcome): the average effect, scikit-uplift's Qini/AUUC/uplift@k, curves, the
/// by-percentile table and bootstrap intervals.
public struct UpliftEvaluation: Sendable, Codable, Equatable {
    /// scikit-uplift's `uplift_at_k` for one share of the population and one strategy (read through ``upliftAtK``).
    package struct AtK: Sendable, Codable, Equatable {
        package var k: Double
        package var strategy: UpliftMetrics.Strategy
        package var value: Double?
    }

    /// Percentile bootstrap interval from `replicates` resamples of rows with replacement (read through ``qiniAucInterval``).
    package struct Interval: Sendable, Codable, Equatable {
        package var ciLower: Double
        package var ciUpper: Double
        package var replicates: Int
        package var seed: UInt64
    }

    /// The JSON names of the stored values (the names the public readers have).
    enum CodingKeys: String, CodingKey {
        case n, averageEffect, qiniAuc, upliftAuc
        case atK = "upliftAtK", qiniAucBootstrap = "qiniAucInterval", upliftAucBootstrap = "upliftAucInterval"
        case percentileBins = "byPercentile", qiniCurvePoints = "qiniCurve", upliftCurvePoints = "upliftCurve"
    }

    /// Rows evaluated (treated and control).
    public var n: Int
    /// The average treatment effect on these rows.
    public var averageEffect: AverageEffect
    /// scikit-uplift's `qini_auc_score`: (A(model) − A(random)) / (A(perfect) − A(random)) for the
    /// areas under the Qini curves, the random curve joining (0, 0) to the perfect curve's last point;
    /// NaN where scikit-uplift raises.
    public var qiniAuc: Double
    /// scikit-uplift's `uplift_auc_score`: the same normalisation of the uplift curve (AUUC).
    public var upliftAuc: Double
    package var atK: [AtK]
    package var qiniAucBootstrap: Interval?
    package var upliftAucBootstrap: Interval?
    package var percentileBins: [UpliftMetrics.PercentileBin]
    package var qiniCurvePoints: UpliftCurve
    package var upliftCurvePoints: UpliftCurve

    /// Uplift@k for every requested share `k` and both strategies: the response rate of the targeted
    /// treated rows minus that of the targeted control rows (``UpliftMetrics/upliftAtK(outcomes:uplift:treatment:fraction:strategy:)``);
    /// nil when one arm has no targeted row.
    public var upliftAtK: [(k: Double, strategy: UpliftMetrics.Strategy, value: Double?)] { atK.map { ($0.k, $0.strategy, $0.value) } }
    /// Percentile bootstrap interval of ``qiniAuc`` (the α/2 and 1 − α/2 quantiles of the finite replicate
    /// values, from `replicates` resamples of rows with replacement with `seed`); nil without bootstrap.
    public var qiniAucInterval: (ciLower: Double, ciUpper: Double, replicates: Int, seed: UInt64)? {
        qiniAucBootstrap.map { ($0.ciLower, $0.ciUpper, $0.replicates, $0.seed) }
    }
    /// Percentile bootstrap interval of ``upliftAuc``, from the same resamples; nil without bootstrap.
    public var upliftAucInterval: (ciLower: Double, ciUpper: Double, replicates: Int, seed: UInt64)? {
        upliftAucBootstrap.map { ($0.ciLower, $0.ciUpper, $0.replicates, $0.seed) }
    }
    /// scikit-uplift's `uplift_by_percentile` with `strategy='overall'` (``UpliftMetrics/upliftByPercentile(outcomes:uplift:treatment:strategy:bins:)``).
    public var byPercentile: [(percentile: Int, nTreatment: Int, nControl: Int, responseRateTreatment: Double, responseRateControl: Double, uplift: Double, stdUplift: Double)] {
        percentileBins.map(\.row)
    }
    /// Points of the exact Qini curve (``UpliftMetrics/qiniCurve(outcomes:uplift:treatment:)``): all of them up
    /// to `curvePoints`, else the first point at or past each of `curvePoints` equally spaced population
    /// shares; always the first and last.
    public var qiniCurve: (x: [Double], y: [Double]) { (qiniCurvePoints.x, qiniCurvePoints.y) }
    /// Points of the uplift curve, thinned the same way.
    public var upliftCurve: (x: [Double], y: [Double]) { (upliftCurvePoints.x, upliftCurvePoints.y) }

    /// Evaluates predictions `uplift` against outcomes and treatment flags (0/1).
    /// - Parameters:
    ///   - ks: the shares of the population for uplift@k (both strategies).
    ///   - bins: bins of the by-percentile table (10 = deciles).
    ///   - bootstrap: number of resamples for the Qini/AUUC intervals (0 = none); the sort is reused, so
    ///     each replicate costs O(n).
    ///   - level: confidence level of every interval.
    ///   - progress: hears of each bootstrap replicate.
    public init(outcomes: [Double], uplift: [Double], treatment: [Double], ks: [Double] = [0.1, 0.2, 0.3], bins: Int = 10,
                bootstrap: Int = 0, seed: UInt64 = 0, level: Double = 0.95, curvePoints: Int = 100,
                progress: ProgressObserver? = nil) throws {
        try UpliftMetrics.check(outcomes, uplift, treatment)
        n = outcomes.count
        var sum = [0.0, 0.0], count = [0, 0]
        for i in outcomes.indices { let a = Int(treatment[i]); sum[a] += outcomes[i]; count[a] += 1 }
        guard count[0] > 1 && count[1] > 1,
              let effect = AverageEffect(treatedSum: sum[1], nTreated: count[1], controlSum: sum[0], nControl: count[0], level: level) else {
            throw UpliftMetricsError.invalidK("evaluation needs at least two treated and two control rows (found \(count[1]) and \(count[0]))")
        }
        averageEffect = effect

        let scorer = UpliftScorer(uplift: uplift, outcomes: outcomes, treatment: treatment)
        let point = scorer.scores(multiplicity: nil)
        qiniAuc = point.qiniAuc
        upliftAuc = point.upliftAuc
        var atK = [AtK]()
        for k in ks {
            for strategy in UpliftMetrics.Strategy.allCases {
                let v = try UpliftMetrics.upliftAtK(outcomes: outcomes, uplift: uplift, treatment: treatment, k: .fraction(k), strategy: strategy)
                atK.append(AtK(k: k, strategy: strategy, value: v.isFinite ? v : nil))
            }
        }
        self.atK = atK
        percentileBins = try UpliftMetrics.percentileBins(outcomes: outcomes, uplift: uplift, treatment: treatment, strategy: .overall, bins: bins)
        let counts = scorer.groups.cumulativeCounts(outcomes: outcomes, treatment: treatment)
        qiniCurvePoints = Self.thinned(counts.qini, points: curvePoints)
        upliftCurvePoints = Self.thinned(counts.uplift, points: curvePoints)

        if bootstrap > 0 {
            let replicates = Self.bootstrap(scorer, count: bootstrap, seed: seed, progress: progress)
            let alpha = (1 - level) / 2
            func interval(_ values: [Double]) -> Interval {
                let sorted = values.filter(\.isFinite).sorted()
                return Interval(ciLower: Self.quantile(sorted, alpha), ciUpper: Self.quantile(sorted, 1 - alpha), replicates: bootstrap, seed: seed)
            }
            qiniAucBootstrap = interval(replicates.map(\.qiniAuc))
            upliftAucBootstrap = interval(replicates.map(\.upliftAuc))
        }
    }

    /// Replicate b draws n rows with replacement from its own stream `SeededGenerator(seed:, stream: b)`,
    /// so results do not depend on how replicates are spread over cores.
    static func bootstrap(_ scorer: UpliftScorer, count: Int, seed: UInt64, progress: ProgressObserver? = nil) -> [UpliftScorer.Scores] {
        let n = scorer.outcomes.count
        let chunks = (0..<count).map { $0..<($0 + 1) }
        let counter = progress?.start("Qini/AUUC bootstrap", total: count, unit: "replicates")
        defer { counter?.finish() }
        return Parallel.map(chunks) { range -> UpliftScorer.Scores in
            defer { counter?.advance() }
            var generator = SeededGenerator(seed: seed, stream: UInt64(range.lowerBound))
            var multiplicity = [Double](repeating: 0, count: n)
            for _ in 0..<n { multiplicity[generator.nextInt(below: n)] += 1 }
            return scorer.scores(multiplicity: multiplicity)
        }
    }

    /// Linear-interpolation quantile of sorted values (NumPy's default `percentile` method).
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = q * Double(sorted.count - 1)
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    static func thinned(_ curve: UpliftCurve, points: Int) -> UpliftCurve {
        guard curve.x.count > points + 1, let total = curve.x.last else { return curve }
        var keep = [0]
        var index = 0
        for step in 1...points {
            let target = total * Double(step) / Double(points)
            while index < curve.x.count - 1 && curve.x[index] < target { index += 1 }
            if index != keep.last { keep.append(index) }
        }
        return UpliftCurve(x: keep.map { curve.x[$0] }, y: keep.map { curve.y[$0] })
    }
}
