/// Every rate, share, mean and disparity of an audit, computed from tallies (``GroupCounts``,
/// ``ConfusionCounts``): the one place their formulas live. Bias, targeting and composition audits,
/// the threshold sweep, fairlearn's summaries and the bootstraps all call these.
///
/// Conventions: a rate with a zero denominator is undefined (`nil`); a share of an empty total is 0.
package enum GroupRates {
    /// a / b; nil when b ≤ 0 (an undefined rate).
    @inline(__always)
    package static func ratio(_ a: Double, _ b: Double) -> Double? { b > 0 ? a / b : nil }

    /// part / total, 0 when the total is empty (a group's share of rows, weight or selected rows).
    @inline(__always)
    package static func share(_ part: Double, of total: Double) -> Double { total > 0 ? part / total : 0 }

    /// Every defined rate of a group.
    package static func rates(_ c: ConfusionCounts, selectedTotal: Double) -> [RateMetric: Double] {
        var out = [RateMetric: Double]()
        for m in RateMetric.allCases { if let v = m.value(c, selectedTotal: selectedTotal) { out[m] = v } }
        return out
    }

    /// Disparity of one rate: rate(group) / rate(reference) (NaN when the reference rate is 0) and
    /// rate(group) − rate(reference); nil when either rate is undefined.
    @inline(__always)
    package static func disparity(_ metric: RateMetric, _ c: ConfusionCounts, reference: ConfusionCounts,
                                  selectedTotal: Double) -> (ratio: Double, difference: Double)? {
        guard let v = metric.value(c, selectedTotal: selectedTotal), let rv = metric.value(reference, selectedTotal: selectedTotal) else { return nil }
        return (rv > 0 ? v / rv : .nan, v - rv)
    }

    /// Weighted mean score Σws / Σw.
    package static func meanScore(_ c: ConfusionCounts) -> Double? { ratio(c.scoreSum, c.total) }

    /// Brier score Σw(y − s)² / Σw.
    package static func brier(_ c: ConfusionCounts) -> Double? { ratio(c.squaredErrorSum, c.total) }

    /// Mean of `count` values summing to `sum`; nil when there is none.
    package static func mean(_ sum: Double, count: Int) -> Double? { count > 0 ? sum / Double(count) : nil }

    /// The representation ratio (selected share) / (population share) = (t_g / K) / (n_g / N): 1 when the
    /// selected set has the population's make-up (targeting ratio, audience ratio, seed ratio).
    @inline(__always)
    package static func representation(selectedShare: Double, populationShare: Double) -> Double { selectedShare / populationShare }

    /// The representation ratio in rate form, (t_g / n_g) / (K / N) — algebraically the same as
    /// ``representation(selectedShare:populationShare:)``; the targeting bootstrap's replicates use this
    /// order of operations. NaN when n_g = 0 or K = 0.
    @inline(__always)
    package static func representation(selected: Int, rows: Int, selectedTotal: Int, total: Int) -> Double {
        let rate = rows > 0 ? Double(selected) / Double(rows) : .nan
        return selectedTotal > 0 ? rate / (Double(selectedTotal) / Double(total)) : .nan
    }
}

extension RateMetric {
    /// The metric's value for `counts`; `selectedTotal` is the attribute's Σ(TP + FP), used by `ppr`.
    @inline(__always)
    package func value(_ c: ConfusionCounts, selectedTotal: Double) -> Double? {
        let ratio = GroupRates.ratio
        switch self {
        case .prevalence: return ratio(c.tp + c.fn, c.total)
        case .selectionRate: return ratio(c.tp + c.fp, c.total)
        case .ppr: return ratio(c.tp + c.fp, selectedTotal)
        case .tpr: return ratio(c.tp, c.tp + c.fn)
        case .fpr: return ratio(c.fp, c.fp + c.tn)
        case .fnr: return ratio(c.fn, c.tp + c.fn)
        case .tnr: return ratio(c.tn, c.tn + c.fp)
        case .precision: return ratio(c.tp, c.tp + c.fp)
        case .npv: return ratio(c.tn, c.tn + c.fn)
        case .fdr: return ratio(c.fp, c.tp + c.fp)
        case .forRate: return ratio(c.fn, c.tn + c.fn)
        case .accuracy: return ratio(c.tp + c.tn, c.total)
        }
    }
}
