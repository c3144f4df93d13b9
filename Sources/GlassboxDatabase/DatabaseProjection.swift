/// The result columns a read keeps (`CSVOptions/columns`), and the SQL that selects only them.
///
/// A query is wrapped, `SELECT "a", "b" FROM (query) AS glassbox_source`, and a table's columns are selected
/// directly, `SELECT "a", "b" FROM "t"`; every name is quoted by ``DatabaseSelection/quotedIdentifier(_:)``.
/// The database then never sends the other columns, so a column of a type Glassbox cannot read fails only a
/// command that uses it. Every column is read (no projection) when no columns are asked for, when the
/// result repeats a name (a wrapped query could not name one of the repeats), when none of the wanted
/// names is a result column, or when every result column is wanted. Wanted names the result lacks are
/// ignored: the table then lacks them, and the caller reports them as for any missing column.
struct DatabaseProjection: Equatable {
    /// The kept result columns' positions, in result order.
    let indices: [Int]
    /// The kept names, nil when every column is read.
    let columns: [String]?

    init(resultNames: [String], wanted: Set<String>?) {
        let every = (Array(resultNames.indices), nil as [String]?)
        guard let wanted, Set(resultNames).count == resultNames.count else { (indices, columns) = every; return }
        let kept = resultNames.indices.filter { wanted.contains(resultNames[$0]) }
        guard !kept.isEmpty, kept.count < resultNames.count else { (indices, columns) = every; return }
        indices = kept
        columns = kept.map { resultNames[$0] }
    }

    /// The SQL reading the kept columns of `selection`.
    func sql(_ selection: DatabaseSelection) -> String {
        guard let columns else { return selection.sql }
        let list = columns.map(DatabaseSelection.quotedIdentifier).joined(separator: ", ")
        switch selection {
        case let .table(name): return "SELECT \(list) FROM \(DatabaseSelection.quotedIdentifier(name))"
        // The line break ends a trailing `--` comment of the query.
        case let .query(text): return "SELECT \(list) FROM (\(text)\n) AS glassbox_source"
        }
    }
}
