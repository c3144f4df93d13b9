/// The column names a header gives, by pandas' rules: an empty name becomes `Unnamed: <index>` and a
/// repeated one `name.1`, `name.2`, … (skipping names already taken), each change with its warning.
/// One rule for every source (CSV, databases), so the same data get the same column names.
package enum ColumnNames {
    package static func uniqued(_ names: [String]) -> (names: [String], warnings: [String]) {
        var warnings: [String] = []
        var used = Set<String>()
        var counts: [String: Int] = [:]
        var result: [String] = []
        result.reserveCapacity(names.count)
        for (i, raw) in names.enumerated() {
            var name = raw
            if name.isEmpty {
                name = "Unnamed: \(i)"
                warnings.append("column \(i + 1) has an empty name; named it '\(name)'")
            }
            if used.insert(name).inserted {
                result.append(name)
                continue
            }
            var k = counts[name, default: 1]
            var candidate = "\(name).\(k)"
            while used.contains(candidate) {
                k += 1
                candidate = "\(name).\(k)"
            }
            counts[name] = k + 1
            used.insert(candidate)
            result.append(candidate)
            warnings.append("duplicate column name '\(name)' renamed to '\(candidate)'")
        }
        return (result, warnings)
    }
}
