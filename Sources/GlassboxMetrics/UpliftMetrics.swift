/// Uplift (persuasion) model evaluation on experimental data, defined exactly as scikit-uplift 0.5
/// (`sklift.metrics`) defines it, so every number can be checked against that library.
///
/// Inputs: `outcomes` yᵢ ∈ {0, 1}, predicted `uplift` sᵢ, `treatment` tᵢ ∈ {0, 1}. Rows are taken in
/// descending order of sᵢ; tied scores enter the curves together (one point per distinct score), and
/// within a tie the later row comes first where the order matters (``upliftAtK(outcomes:uplift:treatment:fraction:strategy:)``),
/// as NumPy's reversed stable sort gives. With N(t), Y_T(t), Y_C(t), N_T(t), N_C(t) the rows, treated
/// responders, control responders, treated and control rows among the top t:
/// - Qini curve Q(t) = Y_T(t) − Y_C(t)·N_T(t)/N_C(t) (Radcliffe 2007);
/// - uplift curve U(t) = (Y_T(t)/N_T(t) − Y_C(t)/N_C(t))·N(t) (a ratio with a zero count is 0);
/// - Qini AUC = (A(Q) − A(baseline)) / (A(Q*) − A(baseline)), with A the trapezoidal area, Q* the
///   perfect Qini curve and the baseline the straight line from (0, 0) to the perfect curve's end;
///   the uplift AUC (AUUC) is the same ratio for U and the perfect uplift curve.
///
/// Curves are returned as their points: `x[i]` the number of rows targeted (highest predicted uplift
/// first, tied scores taken together), `y[i]` the curve's value there, starting at (0, 0).
///
/// References: Radcliffe (2007) "Using control groups to target on predicted lift", *Direct Marketing
/// Analytics Journal* 3: 14–21; Devriendt, Guns & Verbeke (2020) "Learning to rank for uplift modeling",
/// arXiv:2002.05897; scikit-uplift `sklift/metrics/metrics.py`.
public enum UpliftMetrics {
    /// How ``upliftAtK(outcomes:uplift:treatment:fraction:strategy:)`` picks the top rows.
    public enum Strategy: String, Sendable, Codable, CaseIterable {
        /// Top k of all rows together, then the response rate of each arm among them.
        case overall
        /// Top k of each arm separately.
        case byGroup = "by_group"
    }

    /// How many rows `upliftAtK` takes.
    package enum K: Sendable, Equatable {
        /// A proportion in (0, 1); the count is ⌊n·k⌋ (per arm for `byGroup`).
        case fraction(Double)
        /// An absolute count in 1..<n.
        case count(Int)
    }

    /// scikit-uplift's `qini_curve`.
    public static func qiniCurve(outcomes: [Double], uplift: [Double], treatment: [Double]) throws -> (x: [Double], y: [Double]) {
        try check(outcomes, uplift, treatment)
        return UpliftTieGroups(uplift: uplift).cumulativeCounts(outcomes: outcomes, treatment: treatment).qini.points
    }

    /// scikit-uplift's `uplift_curve`.
    public static func upliftCurve(outcomes: [Double], uplift: [Double], treatment: [Double]) throws -> (x: [Double], y: [Double]) {
        try check(outcomes, uplift, treatment)
        return UpliftTieGroups(uplift: uplift).cumulativeCounts(outcomes: outcomes, treatment: treatment).uplift.points
    }

    /// scikit-uplift's `perfect_qini_curve`: with `negativeEffect` the Qini curve of the score
    /// yᵢtᵢ − yᵢ(1 − tᵢ); without it the three points (0, 0), (r, r), (n, r) with r = Y_T − N_T·Y_C/N_C
    /// (scikit-uplift's own, unusual, choice of x for the middle point).
    public static func perfectQiniCurve(outcomes: [Double], treatment: [Double], negativeEffect: Bool = true) throws -> (x: [Double], y: [Double]) {
        try check(outcomes, outcomes, treatment)
        return UpliftCells(outcomes: outcomes, treatment: treatment, multiplicity: nil).perfectQini(negativeEffect: negativeEffect).points
    }

    /// scikit-uplift's `perfect_uplift_curve`: the uplift curve of the score 2·1(yᵢ = tᵢ) + zᵢ, where
    /// zᵢ = yᵢ when control responders outnumber treated non-responders and zᵢ = tᵢ otherwise.
    public static func perfectUpliftCurve(outcomes: [Double], treatment: [Double]) throws -> (x: [Double], y: [Double]) {
        try check(outcomes, outcomes, treatment)
        return UpliftCells(outcomes: outcomes, treatment: treatment, multiplicity: nil).perfectUplift.points
    }

    /// scikit-uplift's `qini_auc_score` (the Qini coefficient, normalised by the perfect Qini curve).
    public static func qiniAuc(outcomes: [Double], uplift: [Double], treatment: [Double], negativeEffect: Bool = true) throws -> Double {
        try check(outcomes, uplift, treatment)
        return UpliftScorer(uplift: uplift, outcomes: outcomes, treatment: treatment).scores(multiplicity: nil, negativeEffect: negativeEffect).qiniAuc
    }

    /// scikit-uplift's `uplift_auc_score` (area under the uplift curve, normalised by the perfect one).
    public static func upliftAuc(outcomes: [Double], uplift: [Double], treatment: [Double]) throws -> Double {
        try check(outcomes, uplift, treatment)
        return UpliftScorer(uplift: uplift, outcomes: outcomes, treatment: treatment).scores(multiplicity: nil, negativeEffect: true).upliftAuc
    }

    /// scikit-uplift's `uplift_at_k` with `k` a proportion in (0, 1): the treated minus the control
    /// response rate among the top rows. `overall` takes the first ⌊n·k⌋ rows of all rows; `byGroup` the
    /// first ⌊n_T·k⌋ treated and the first ⌊n_C·k⌋ control rows. An arm with no rows in the selection
    /// gives NaN (NumPy's mean of an empty array).
    public static func upliftAtK(outcomes: [Double], uplift: [Double], treatment: [Double], fraction k: Double, strategy: Strategy) throws -> Double {
        try upliftAtK(outcomes: outcomes, uplift: uplift, treatment: treatment, k: .fraction(k), strategy: strategy)
    }

    /// scikit-uplift's `uplift_at_k` with `k` a count in 1..<n: the treated minus the control response
    /// rate among the first `k` rows of all rows (`overall`), or the first `k` treated and the first `k`
    /// control rows (`byGroup`).
    public static func upliftAtK(outcomes: [Double], uplift: [Double], treatment: [Double], count k: Int, strategy: Strategy) throws -> Double {
        try upliftAtK(outcomes: outcomes, uplift: uplift, treatment: treatment, k: .count(k), strategy: strategy)
    }

    /// scikit-uplift's `uplift_at_k` for either kind of `k`.
    package static func upliftAtK(outcomes: [Double], uplift: [Double], treatment: [Double], k: K, strategy: Strategy) throws -> Double {
        try check(outcomes, uplift, treatment)
        let n = outcomes.count
        switch k {
        case .fraction(let f):
            guard f > 0 && f < 1 else { throw UpliftMetricsError.invalidK("k=\(f) should be a fraction in the (0, 1) range or a count between 1 and \(n - 1)") }
        case .count(let c):
            guard c > 0 && c < n else { throw UpliftMetricsError.invalidK("k=\(c) should be positive and smaller than the number of samples \(n)") }
        }
        let order = UpliftTieGroups(uplift: uplift).order
        let nTreated = treatment.reduce(0) { $0 + ($1 == 1 ? 1 : 0) }
        let nControl = n - nTreated
        func take(_ size: Int, of total: Int) -> Int {
            switch k {
            case .fraction(let f): Int(Double(total) * f)
            case .count(let c): c
            }
        }
        var sumT = 0.0, countT = 0, sumC = 0.0, countC = 0
        switch strategy {
        case .overall:
            for row in order.prefix(take(n, of: n)) {
                if treatment[row] == 1 { sumT += outcomes[row]; countT += 1 } else { sumC += outcomes[row]; countC += 1 }
            }
        case .byGroup:
            let wantC = take(nControl, of: nControl), wantT = take(nTreated, of: nTreated)
            guard wantC <= nControl else { throw UpliftMetricsError.invalidK("k=\(wantC) is larger than the \(nControl) control rows") }
            guard wantT <= nTreated else { throw UpliftMetricsError.invalidK("k=\(wantT) is larger than the \(nTreated) treated rows") }
            for row in order {
                if treatment[row] == 1 {
                    if countT < wantT { sumT += outcomes[row]; countT += 1 }
                } else if countC < wantC {
                    sumC += outcomes[row]; countC += 1
                }
                if countT == wantT && countC == wantC { break }
            }
        }
        return sumT / Double(countT) - sumC / Double(countC)
    }

    static func check(_ outcomes: [Double], _ uplift: [Double], _ treatment: [Double]) throws {
        guard outcomes.count == uplift.count && uplift.count == treatment.count else {
            throw UpliftMetricsError.lengthMismatch(outcomes: outcomes.count, uplift: uplift.count, treatment: treatment.count)
        }
        guard !outcomes.isEmpty else { throw UpliftMetricsError.emptyInput }
        if let bad = outcomes.first(where: { $0 != 0 && $0 != 1 }) { throw UpliftMetricsError.notBinary(name: "the outcome", example: bad) }
        if let bad = treatment.first(where: { $0 != 0 && $0 != 1 }) { throw UpliftMetricsError.notBinary(name: "the treatment indicator", example: bad) }
        if let bad = uplift.first(where: { !$0.isFinite }) { throw UpliftMetricsError.notBinary(name: "the uplift score (finite numbers)", example: bad) }
    }
}
