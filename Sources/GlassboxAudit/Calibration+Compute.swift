extension Calibration {
    /// Calibration of probability scores within one group.
    ///
    /// Bins: the group's rows sorted by score (ties by row order) are cut into `bins` bins of equal
    /// row count (row at sorted position i goes to bin ⌊bins·i/n⌋); each bin reports its weighted mean
    /// score and weighted observed rate. Calibration-in-the-large = (Σwy − Σws)/Σw, the sums exact. The slope is
    /// b in the weighted logistic regression logit P(y=1) = a + b·logit(s), s clipped to [1e-12, 1 − 1e-12]
    /// (Cox 1958; Van Calster et al. 2019), fitted by Newton's method with step halving from the null
    /// model; 1 is perfect calibration. Computed by ``GroupRankStatistics`` (one sort, all groups).
    package static func compute(scores: [Double], outcomes: [Double], weights: [Double]?, bins: Int) -> Calibration {
        let one = GroupAttribute(name: "(all)", levels: ["(all)"], codes: [Int32](repeating: 0, count: scores.count))
        let data = AuditData(scores: scores, outcomes: outcomes, weights: weights, attributes: [one])
        return GroupRankStatistics.compute(data, attributes: [one], include: [[true]], bins: bins, probability: true)[0][0].calibration!
    }
}
