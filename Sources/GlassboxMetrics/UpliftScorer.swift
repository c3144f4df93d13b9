/// Qini AUC and AUUC for one set of predictions, reusable across bootstrap resamples: the O(n log n)
/// sort is done once, and each resample (row multiplicities) costs O(n).
struct UpliftScorer: Sendable {
    let groups: UpliftTieGroups
    let outcomes: [Double]
    let treatment: [Double]

    /// The normalised areas of one (re)sample.
    struct Scores: Sendable, Equatable {
        var qiniAuc: Double
        var upliftAuc: Double
    }

    /// Inputs must already be checked (binary, equal lengths, finite scores).
    init(uplift: [Double], outcomes: [Double], treatment: [Double]) {
        groups = UpliftTieGroups(uplift: uplift)
        self.outcomes = outcomes
        self.treatment = treatment
    }

    /// Normalised areas (see ``UpliftMetrics``) with each row counted `multiplicity[row]` times.
    func scores(multiplicity: [Double]?, negativeEffect: Bool = true) -> Scores {
        let counts = groups.cumulativeCounts(outcomes: outcomes, treatment: treatment, multiplicity: multiplicity)
        let cells = UpliftCells(outcomes: outcomes, treatment: treatment, multiplicity: multiplicity)
        return Scores(qiniAuc: Self.normalised(counts.qini, perfect: cells.perfectQini(negativeEffect: negativeEffect)),
                      upliftAuc: Self.normalised(counts.uplift, perfect: cells.perfectUplift))
    }

    /// (A(actual) − A(baseline)) / (A(perfect) − A(baseline)), the baseline joining (0, 0) to the perfect curve's last point.
    /// NaN where scikit-uplift raises: the perfect curve's x not increasing (possible without negative
    /// effects when the overall effect is negative) or no area between perfect curve and baseline.
    static func normalised(_ actual: UpliftCurve, perfect: UpliftCurve) -> Double {
        guard zip(perfect.x, perfect.x.dropFirst()).allSatisfy({ $0 <= $1 }) else { return .nan }
        let baseline = UpliftCurve(x: [0, perfect.x.last ?? 0], y: [0, perfect.y.last ?? 0]).area
        let denominator = perfect.area - baseline
        guard denominator != 0 else { return .nan }
        return (actual.area - baseline) / denominator
    }
}
