import GlassboxTabular

/// One audited attribute (a `--group` column, or the intersection of several): every row's group
/// as a code into `levels`. Missing values form their own group, ``missingLabel``, listed last.
package struct GroupAttribute: Sendable, Equatable {
    /// The label of the group of rows whose value is missing.
    package static let missingLabel = "(missing)"

    /// Column name, or the column names joined by `:` for an intersection.
    package var name: String
    /// Group labels: sorted values (UTF-8 byte order), then `(missing)` if any row is missing.
    package var levels: [String]
    /// Per-row index into `levels` (never negative).
    package var codes: [Int32]

    package init(name: String, levels: [String], codes: [Int32]) {
        self.name = name
        self.levels = levels
        self.codes = codes
    }

    /// The attribute of one table column restricted to `rows`. Numeric values are labelled by
    /// their shortest text (`2` rather than `2.0` for whole numbers).
    package init(name: String, column: Column, rows: [Int]) {
        self.init(name: name, column: column, selected: rows)
    }

    /// The attribute of one table column on `rows` (nil: every row, without an index array).
    init(name: String, column: Column, selected rows: [Int]?) {
        self.name = name
        let count = rows?.count ?? column.count
        @inline(__always) func row(_ k: Int) -> Int { rows?[k] ?? k }
        switch column {
        case .categorical(let c):
            // Reuse the column's sorted levels; keep only those that occur in `rows`.
            var used = [Bool](repeating: false, count: c.levels.count), anyMissing = false
            for k in 0..<count { let code = c.codes[row(k)]; if code < 0 { anyMissing = true } else { used[Int(code)] = true } }
            var remap = [Int32](repeating: -1, count: c.levels.count), kept = [String]()
            for (k, level) in c.levels.enumerated() where used[k] { remap[k] = Int32(kept.count); kept.append(level) }
            let missing = Int32(kept.count)
            levels = kept + (anyMissing ? [Self.missingLabel] : [])
            codes = (0..<count).map { let code = c.codes[row($0)]; return code < 0 ? missing : remap[Int(code)] }
        case .numeric(let v):
            var labels = [String?]()
            labels.reserveCapacity(count)
            for k in 0..<count {
                let x = v[row(k)]
                if x.isNaN { labels.append(nil) } else if x == x.rounded(), abs(x) < 1e15 { labels.append(String(Int64(x))) } else { labels.append("\(x)") }
            }
            let coded = CategoricalColumn(values: labels)
            levels = coded.levels
            let missing = Int32(levels.count)
            codes = coded.codes.map { $0 < 0 ? missing : $0 }
            if codes.contains(missing) { levels.append(Self.missingLabel) }
        }
    }
}
