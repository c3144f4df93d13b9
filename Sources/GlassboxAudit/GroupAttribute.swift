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

    /// The intersection of several attributes: one group per combination that occurs, labelled by
    /// the component labels joined with `:`, ordered by the components' level order.
    package init(intersecting parts: [GroupAttribute]) {
        precondition(!parts.isEmpty)
        name = parts.map(\.name).joined(separator: ":")
        let n = parts[0].codes.count
        var strides = [Int](repeating: 1, count: parts.count)
        for k in stride(from: parts.count - 2, through: 0, by: -1) { strides[k] = strides[k + 1] * parts[k + 1].levels.count }
        var combined = [Int](repeating: 0, count: n)
        var seen = Set<Int>()
        for i in 0..<n {
            var key = 0
            for (k, p) in parts.enumerated() { key += Int(p.codes[i]) * strides[k] }
            combined[i] = key
            seen.insert(key)
        }
        let keys = seen.sorted()
        var index = [Int: Int32]()
        for (j, key) in keys.enumerated() { index[key] = Int32(j) }
        levels = keys.map { key in
            parts.enumerated().map { k, p in p.levels[(key / strides[k]) % p.levels.count] }.joined(separator: ":")
        }
        codes = combined.map { index[$0]! }
    }
}
