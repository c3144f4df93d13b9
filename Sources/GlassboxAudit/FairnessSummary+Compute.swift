extension FairnessSummary {
    /// fairlearn's between-groups summaries from per-group counts (pass only the groups to include).
    package static func compute(_ counts: [ConfusionCounts]) -> FairnessSummary {
        func spread(_ metric: RateMetric) -> (difference: Double, ratio: Double)? {
            let values = counts.compactMap { metric.value($0, selectedTotal: 0) }
            guard values.count == counts.count, let lo = values.min(), let hi = values.max() else { return nil }
            return (hi - lo, GroupRates.ratio(lo, hi) ?? .nan)
        }
        let sel = spread(.selectionRate), tpr = spread(.tpr), fpr = spread(.fpr)
        var s = FairnessSummary()
        s.demographicParityDifference = sel?.difference
        s.demographicParityRatio = sel.flatMap { $0.ratio.isNaN ? nil : $0.ratio }
        if let tpr, let fpr {
            s.equalizedOddsDifference = max(tpr.difference, fpr.difference)
            if !tpr.ratio.isNaN && !fpr.ratio.isNaN { s.equalizedOddsRatio = min(tpr.ratio, fpr.ratio) }
        }
        s.equalOpportunityDifference = tpr?.difference
        return s
    }
}
