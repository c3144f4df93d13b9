import GlassboxCore
import GlassboxModels
import GlassboxTabular

extension Table {
    /// A targeting (persuasion) audit: who is in the targeted set of an uplift score — the highest-uplift
    /// fraction ``AuditConfiguration/top`` of the rows — and who is written off.
    ///
    /// Per group (and intersection): population and targeted shares, the targeting ratio (targeted
    /// share / population share) with a stratified bootstrap interval, the one-sided 80 %-rule verdict
    /// (a group fails when its ratio lies below τ), mean predicted uplift and the observed experimental
    /// effect within the group (Neyman's difference in means); on all rows scikit-uplift's `qiniAuc`,
    /// `upliftAuc` and `upliftAtK` with bootstrap intervals. Only rows of the treated or the control arm
    /// take part; rows whose uplift or outcome is missing are dropped.
    ///
    /// - Parameters:
    ///   - uplift: the predicted uplift of every row (NaN = missing), e.g. an uplift model's
    ///     predictions; otherwise `upliftColumn` is read.
    ///   - upliftColumn: the numeric uplift column.
    ///   - treatment: the treatment column with exactly one treated value and the control value.
    ///   - outcome: the binary outcome column.
    ///   - groups: the group attribute columns.
    ///   - configuration: `top`, bootstrap replicates (`bootstrap`, `metricBootstrap`), seed, confidence
    ///     level, τ, group-size limits and the uplift@k shares `ks`.
    ///   - progress: hears of the bootstrap replicates.
    /// - Throws: ``AuditError`` (uplift not numeric, outcome not binary, an arm left empty, group column
    ///   missing, no rows left, a setting outside its domain), `ModelError` (a treated or control value
    ///   that does not occur), `TabularError` (a column that does not exist).
    public func targetingAudit(uplift: [Double]? = nil, upliftColumn: String?, treatment: UpliftTreatment, outcome: String,
                               groups: [String], configuration: AuditConfiguration = .init(),
                               progress: ProgressObserver? = nil) throws -> TargetingReport {
        let data = try TargetingData.from(table: self, uplift: uplift, upliftColumn: upliftColumn, treatment: treatment,
                                          outcome: outcome, groups: groups)
        return try TargetingAudit.run(data, configuration: configuration, progress: progress)
    }
}
