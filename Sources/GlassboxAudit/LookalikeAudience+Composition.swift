import GlassboxModels
import GlassboxTabular

extension LookalikeAudience {
    /// Throws ``ModelError/groupColumnMissing(column:available:)`` for the first of `groups` that
    /// is not a column of `table` (callers check before the slow steps of an assessment).
    public static func requireGroups(_ groups: [String], in table: Table) throws {
        if let missing = groups.first(where: { !table.hasColumn($0) }) {
            throw ModelError.groupColumnMissing(column: missing, available: table.columnNames)
        }
    }

    /// The composition audit of this audience (``CompositionAudit``) by each attribute in `groups`
    /// (columns of `table`, the table the scores came from, preferably not model features): the
    /// population is every scored row, the seed list and the audience are compared with it. Of
    /// `settings` the audit reads `tau`, `minGroupSize`, `bootstrap`, `confidenceLevel` and `seed`.
    public func composition(of table: Table, groups: [String], settings: AuditConfiguration = .init()) throws
        -> [CompositionAudit] {
        try Self.requireGroups(groups, in: table)
        let rows = scores.scoredRows
        let attributes = try groups.map { GroupAttribute(name: $0, column: try table.column(named: $0), rows: rows) }
        return try CompositionAudit.run(attributes: attributes, seeds: rows.map { scores.seeds[$0] }, audience: rows.map { members[$0] },
                                    settings: settings)
    }
}
