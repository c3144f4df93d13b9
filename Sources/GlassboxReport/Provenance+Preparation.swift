import GlassboxCore

extension Provenance.DataSource {
    /// `filters`, `derivedColumns` and `database` as JSON members, only those recorded (none: no
    /// member, so a file's record without them renders exactly as before).
    var preparationJSON: [(String, JSONValue)] {
        var pairs = [(String, JSONValue)]()
        if let derivedColumns { pairs.append(("derivedColumns", .array(derivedColumns.map(JSONValue.string)))) }
        if let filters { pairs.append(("filters", .array(filters.map(JSONValue.string)))) }
        if let database { pairs.append(("database", database.json)) }
        return pairs
    }

    /// The database read, derived columns and row filters as (label, text) lines, unescaped (the
    /// renderer escapes them for its language), only those recorded.
    var preparationLines: [(label: String, text: String)] {
        var lines = [(label: String, text: String)]()
        if let database {
            let what = database.query.map { "query \($0)" } ?? database.table.map { "table \($0)" } ?? ""
            lines.append(("Database", "\(what) on \(database.kind) (server version \(database.serverVersion)); SHA-256 of the rows as \(database.rowEncoding)"))
        }
        if let derivedColumns { lines.append(("Derived columns", derivedColumns.joined(separator: "; "))) }
        if let filters { lines.append(("Row filters (all hold)", filters.joined(separator: "; "))) }
        return lines
    }
}
