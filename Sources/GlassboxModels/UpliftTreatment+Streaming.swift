import GlassboxTabular

/// The treatment arms of a CSV read in chunks (docs/scale.md §7): each chunk's rows are coded as
/// ``UpliftTreatment/armCodes(in:)`` codes the whole table, and the checks that need the whole column (a
/// value that occurs nowhere, an arm without rows) run once every chunk has been seen, with the messages of
/// the whole-table read.
package struct UpliftChunkArms: Sendable {
    package let treatment: UpliftTreatment
    /// The kinds of the treatment and formula columns, which must agree among chunks.
    var kinds: ColumnKinds
    var texts: Set<String> = []
    var numbers: Set<Double> = []
    /// Experiment rows per arm (0 control, k treated k), before rows with missing values are dropped.
    package internal(set) var rowsPerArm: [Int]

    package init(treatment: UpliftTreatment, formulaColumns: [String]) {
        self.treatment = treatment
        kinds = ColumnKinds(columns: [treatment.column] + formulaColumns.filter { $0 != treatment.column })
        rowsPerArm = .init(repeating: 0, count: treatment.treated.count + 1)
    }

    /// Per row of `chunk`: 0 control, k ∈ 1…K treated, −1 another arm or missing. A value absent from this
    /// chunk is not an error here (see ``finish()``); a column that reads as numbers in one chunk and as text
    /// in another is, since the whole table would read it as text and match or encode it differently.
    package mutating func codes(in chunk: Table) throws -> [Int] {
        try kinds.check(chunk)
        let wanted = [treatment.control] + treatment.treated
        let codes: [Int]
        switch try chunk.column(named: treatment.column) {
        case .categorical(let c):
            let used = Set(c.codes.filter { $0 >= 0 })
            for code in used { texts.insert(c.levels[Int(code)]) }
            let arm = c.levels.map { wanted.firstIndex(of: $0) ?? -1 }
            codes = c.codes.map { $0 >= 0 ? arm[Int($0)] : -1 }
        case .numeric(let values):
            var armOfValue = [Double: Int]()
            for (arm, value) in wanted.enumerated() { if let number = Double(value) { armOfValue[number] = arm } }
            for v in values where !v.isNaN { numbers.insert(v) }
            codes = values.map { armOfValue[$0] ?? -1 }
        }
        for code in codes where code >= 0 { rowsPerArm[code] += 1 }
        trimFound()
        return codes
    }

    /// Values found kept before trimming.
    static let foundLimit = 4_096

    /// Keeps the values found bounded: the error of ``finish()`` lists only the first 20 (and "…" for more),
    /// so the 21 smallest and the wanted values present are all it needs.
    mutating func trimFound() {
        let limit = Self.foundLimit, shown = 21
        let wanted = [treatment.control] + treatment.treated
        if texts.count > limit {
            let first = texts.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.prefix(shown)
            texts = Set(first).union(wanted.filter(texts.contains))
        }
        if numbers.count > limit {
            let present = wanted.compactMap(Double.init).filter(numbers.contains)
            numbers = Set(numbers.sorted().prefix(shown)).union(present)
        }
    }

    /// The whole-column checks: ``UpliftTreatment/armCodes(in:)`` on the distinct values seen (the same
    /// errors and listing), then ``UpliftRows``' check that every arm has rows.
    package func finish() throws {
        var distinct = Table(rowCount: 0)
        if kinds.readsAsText(treatment.column) == true {
            let levels = texts.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            distinct = Table(rowCount: levels.count)
            try distinct.append(name: treatment.column, column: .categorical(CategoricalColumn(levels: levels, codes: levels.indices.map { Int32($0) })))
        } else {
            let values = numbers.sorted()
            distinct = Table(rowCount: values.count)
            try distinct.append(name: treatment.column, column: .numeric(values))
        }
        _ = try treatment.armCodes(in: distinct)
        for (k, value) in ([treatment.control] + treatment.treated).enumerated() where rowsPerArm[k] == 0 {
            throw ModelError.unsupportedOption("no rows have \(treatment.column) = '\(value)'")
        }
    }
}
