import GlassboxCore

extension Provenance.DataSource {
    /// `filters` and `derivedColumns` as JSON members, only those recorded (none: no member, so a
    /// record without them renders exactly as before).
    var preparationJSON: [(String, JSONValue)] {
        var pairs = [(String, JSONValue)]()
        if let derivedColumns { pairs.append(("derivedColumns", .array(derivedColumns.map(JSONValue.string)))) }
        if let filters { pairs.append(("filters", .array(filters.map(JSONValue.string)))) }
        return pairs
    }

    /// The derived columns and row filters as (label, text) lines, unescaped, only those recorded.
    var preparationLines: [(label: String, text: String)] {
        var lines = [(label: String, text: String)]()
        if let derivedColumns { lines.append(("Derived columns", derivedColumns.joined(separator: "; "))) }
        if let filters { lines.append(("Row filters (all hold)", filters.joined(separator: "; "))) }
        return lines
    }
}
