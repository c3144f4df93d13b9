import GlassboxCore

/// Everything Glassbox reports when it evaluates predicted uplift on experiment data (observed
/// treatment and outcome): the average effect, scikit-uplift's Qini/AUUC/uplift@k, curves, the
/// by-percentile table and bootstrap intervals.
public struct UpliftEvaluation: Sendable, Codable, Equatable {
    /// Difference in means with Neyman's interval: τ̂ = ȳ_T − ȳ_C, SE = √(s²_T/n_T + s²_C/n_C) with
    /// sample variances s² (denominator n − 1), interval τ̂ ± z_{1−α/2}·SE (Neyman 1923; Imbens & Rubin
    /// 2015, *Causal Inference*, ch. 6).
    public struct AverageEffect: Sendable, Codable, Equatable {
        /// τ̂ = ȳ_T − ȳ_C.
        public var estimate: Double
        /// Neyman's standard error of τ̂.
        public var stdError: Double
        /// Lower end of the interval τ̂ − z·SE.
        public var ciLower: Double
        /// Upper end of the interval τ̂ + z·SE.
        public var ciUpper: Double
        /// ȳ_T, the treated rows' response rate.
        public var treatedRate: Double
        /// ȳ_C, the control rows' response rate.
        public var controlRate: Double
        /// Treated rows.
        public var nTreated: Int
        /// Control rows.
        public var nControl: Int
    }

    /// scikit-uplift's `uplift_at_k` for one share of the population and one strategy
    /// (``UpliftMetrics/upliftAtK(outcomes:uplift:treatment:k:strategy:)``).
    public struct AtK: Sendable, Codable, Equatable {
        /// The share of the population targeted, highest predicted uplift first.
        public var k: Double
        /// Whether the top share is taken over all rows or within each arm.
        public var strategy: UpliftMetrics.Strategy
        /// Response rate of the targeted treated rows minus that of the targeted control rows; nil when
        /// one arm has no targeted row.
        public var value: Double?
    }

    /// Percentile bootstrap interval from `replicates` resamples of rows with replacement.
    public struct Interval: Sendable, Codable, Equatable {
        /// The α/2 quantile of the finite replicate values.
        public var ciLower: Double
        /// The 1 − α/2 quantile of the finite replicate values.
        public var ciUpper: Double
        /// Number of resamples.
        public var replicates: Int
        /// Seed of the resamples.
        public var seed: UInt64
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
    /// Uplift@k for every requested share and both strategies.
    public var upliftAtK: [AtK]
    /// Bootstrap interval of ``qiniAuc``; nil without bootstrap.
    public var qiniAucInterval: Interval?
    /// Bootstrap interval of ``upliftAuc``; nil without bootstrap.
    public var upliftAucInterval: Interval?
    /// scikit-uplift's `uplift_by_percentile` with `strategy='overall'`.
    public var byPercentile: [UpliftMetrics.PercentileBin]
    /// Points of the exact curves (all of them up to `curvePoints`, else the first point at or past each
    /// of `curvePoints` equally spaced population shares; always the first and last).
    public var qiniCurve: UpliftCurve
    /// Points of the uplift curve, thinned the same way.
    public var upliftCurve: UpliftCurve

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
        guard count[0] > 1 && count[1] > 1 else {
            throw UpliftMetricsError.invalidK("evaluation needs at least two treated and two control rows (found \(count[1]) and \(count[0]))")
        }
        let r1 = sum[1] / Double(count[1]), r0 = sum[0] / Double(count[0])
        // For 0/1 outcomes s² = n/(n − 1)·r(1 − r).
        let v1 = r1 * (1 - r1) * Double(count[1]) / Double(count[1] - 1), v0 = r0 * (1 - r0) * Double(count[0]) / Double(count[0] - 1)
        let se = (v1 / Double(count[1]) + v0 / Double(count[0])).squareRoot()
        let z = NormalDistribution.quantile(1 - (1 - level) / 2)
        averageEffect = AverageEffect(estimate: r1 - r0, stdError: se, ciLower: r1 - r0 - z * se, ciUpper: r1 - r0 + z * se,
                                      treatedRate: r1, controlRate: r0, nTreated: count[1], nControl: count[0])

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
        upliftAtK = atK
        byPercentile = try UpliftMetrics.upliftByPercentile(outcomes: outcomes, uplift: uplift, treatment: treatment, bins: bins)
        let counts = scorer.groups.cumulativeCounts(outcomes: outcomes, treatment: treatment)
        qiniCurve = Self.thinned(counts.qini, points: curvePoints)
        upliftCurve = Self.thinned(counts.uplift, points: curvePoints)

        if bootstrap > 0 {
            let replicates = Self.bootstrap(scorer, count: bootstrap, seed: seed, progress: progress)
            let alpha = (1 - level) / 2
            func interval(_ values: [Double]) -> Interval {
                let sorted = values.filter(\.isFinite).sorted()
                return Interval(ciLower: Self.quantile(sorted, alpha), ciUpper: Self.quantile(sorted, 1 - alpha), replicates: bootstrap, seed: seed)
            }
            qiniAucInterval = interval(replicates.map(\.qiniAuc))
            upliftAucInterval = interval(replicates.map(\.upliftAuc))
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
