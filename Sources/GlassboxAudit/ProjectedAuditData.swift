import GlassboxCore

/// The rows of a streamed audit (``StreamingAuditReader``) in its ``ProjectionCache``, with what an
/// ``AuditData`` holds besides the rows. The rows are not readable one column at a time: ``loaded()`` reads
/// them all into memory once, so no caller re-reads the mapping on each access.
package struct ProjectedAuditData: Sendable {
    /// The cache holding score, outcome, weight and each attribute's code (indexing ``attributeLabels``) of every row.
    package let cache: ProjectionCache
    /// Name and labels of each attribute, in the order given.
    package let attributeLabels: [AuditData.AttributeLabels]
    package var rowsRead: Int
    /// Rows with a missing value, per column (a row can count under several columns).
    package var missingByColumn: [String: Int]
    /// What the score is, for the reports.
    package var scoreName: String?
    /// The outcome column's name, for the reports.
    package var outcomeName: String?
    /// The row budget M of the rank statistics' windows and where their window-ordered cache goes (the
    /// streamed audit's: ``StreamingAuditReader``); ``loaded()`` passes them on with the cache
    /// (``AuditData/rankSource``). Nil: the rank statistics come from the loaded rows.
    package var rankWindows: (rowBudget: Int, temporaryDirectory: TemporaryDirectory)?

    package var rowsUsed: Int { cache.rows }

    /// The same rows in memory: every column read once from the cache's mapping (one group's column at a
    /// time, its pages handed back as it goes).
    package func loaded() -> AuditData {
        var data = AuditData(scores: cache.scores(), outcomes: cache.outcomes(), weights: cache.weights(),
                             codes: attributeLabels.indices.map { cache.codes(attribute: $0) }, attributes: attributeLabels,
                             rowsRead: rowsRead, missingByColumn: missingByColumn)
        data.scoreName = scoreName
        data.outcomeName = outcomeName
        data.rankSource = rankWindows.map { (cache, $0.rowBudget, $0.temporaryDirectory) }
        return data
    }
}
