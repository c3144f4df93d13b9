import GlassboxCore
import GlassboxTabular

extension Table {
    /// A fairness audit of a score against a binary outcome, by group: per group (and intersection)
    /// fairlearn's rates, Aequitas' disparities against a reference group with bootstrap intervals, the
    /// 80 %-rule verdicts, AUC, Brier score, calibration, fairlearn's summaries and a threshold sweep,
    /// all from one group-metrics core of weighted confusion counts.
    ///
    /// Rows whose score, outcome or weight is missing are dropped (as R's `na.omit`); a missing group
    /// value forms the `(missing)` group. Small groups are suppressed, primary and complementary, so no
    /// suppressed group's counts can be derived from the rows shown.
    ///
    /// - Parameters:
    ///   - scores: the score of every row (NaN = missing), e.g. a model's predictions; otherwise `scoreColumn` is read.
    ///   - scoreColumn: the numeric score column (or, with `scores`, the name the report gives them).
    ///   - outcome: the binary outcome: a column, a 0/1 array, or a formula response such as `I(decile_score >= 5)`.
    ///   - groups: the group attribute columns.
    ///   - weights: an optional column of non-negative case weights.
    ///   - configuration: decisions (threshold or top fraction), reference groups, intersection, bootstrap,
    ///     confidence level, τ, group-size limits, calibration bins and sweep points.
    ///   - progress: hears of the bootstrap's replicates.
    /// - Throws: ``AuditError`` naming the column or setting to fix (score not numeric, outcome not
    ///   binary, group column missing, bad weights, no rows left, a reference that is absent or too small).
    public func biasAudit(scores: [Double]? = nil, scoreColumn: String?, outcome: AuditOutcome, groups: [String], weights: String? = nil,
                          configuration: AuditConfiguration = .init(), progress: ProgressObserver? = nil) throws -> AuditReport {
        let data = try AuditData.from(table: self, scores: scores, scoreColumn: scoreColumn, outcome: outcome, groups: groups, weights: weights)
        return try BiasAudit.run(data, configuration: configuration, progress: progress)
    }
}
