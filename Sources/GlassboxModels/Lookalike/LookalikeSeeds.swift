import GlassboxTabular

/// Reading the seed list from a table column.
package enum LookalikeSeeds {
    /// Per row, whether it is on the seed list: numeric 1 = seed, 0 or missing = not; text
    /// `1`/`true`/`yes` = seed, `0`/`false`/`no`/empty = not (case-insensitive). Anything else is an error.
    /// - Parameter requireBoth: fail when there is no seed or no non-seed row.
    public static func read(_ table: Table, column: String, requireBoth: Bool = true) throws -> [Bool] {
        guard table.hasColumn(column) else {
            throw ModelError.seedColumnMissing(column: column, available: table.columnNames)
        }
        var out = [Bool]()
        out.reserveCapacity(table.rowCount)
        switch try table.column(named: column) {
        case .numeric(let values):
            for v in values {
                if v.isNaN || v == 0 { out.append(false) } else if v == 1 { out.append(true) } else {
                    throw ModelError.seedValueInvalid(column: column, example: v == v.rounded() ? String(Int64(v)) : "\(v)")
                }
            }
        case .categorical(let c):
            let meaning: [Bool?] = c.levels.map { level in
                switch level.lowercased() {
                case "1", "true", "yes", "1.0": true
                case "0", "false", "no", "0.0", "": false
                default: nil
                }
            }
            if let bad = c.levels.indices.first(where: { meaning[$0] == nil }) {
                throw ModelError.seedValueInvalid(column: column, example: c.levels[bad])
            }
            for code in c.codes { out.append(code >= 0 ? meaning[Int(code)]! : false) }
        }
        if requireBoth {
            let seeds = out.reduce(0) { $0 + ($1 ? 1 : 0) }
            if seeds == 0 { throw ModelError.noSeeds(column: column, rows: out.count) }
            if seeds == out.count { throw ModelError.everyRowSeed(column: column, rows: out.count) }
        }
        return out
    }
}
