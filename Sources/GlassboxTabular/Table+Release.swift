extension Table {
    /// Removes the columns named in `names` (names not in the table are ignored); ``rowCount`` is kept.
    /// A consumer that owns the only copy of the table frees those columns' storage this way as soon as
    /// it no longer reads them (the design builder, so that a large table and its design matrix are not
    /// held at once). O(columns).
    package mutating func removeColumns(_ names: Set<String>) {
        guard columnNames.contains(where: names.contains) else { return }
        var remaining = Table(rowCount: rowCount)
        for (name, column) in zip(columnNames, columns) where !names.contains(name) {
            // Cannot throw: the names are unique and every column has `rowCount` rows.
            try! remaining.append(name: name, column: column)
        }
        self = remaining
    }
}
