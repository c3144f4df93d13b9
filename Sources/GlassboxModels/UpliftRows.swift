import GlassboxTabular

/// The rows of an experiment that belong to the control arm or one of the treatments, with their arm
/// codes: what every uplift fit and evaluation works on.
package struct UpliftRows: Sendable {
    /// The table restricted to control and treated rows, in their original order.
    public var table: Table
    /// Per row of ``table``: 0 for control, k ∈ 1…K for the k-th treated value.
    public var arms: [Int]
    /// Per row of ``table``: its row in the table the rows were taken from.
    public var sourceRows: [Int]
    /// Rows of the original table that were in another arm or had a missing treatment.
    public var otherRows: Int

    /// The control and treated rows of `full`, coded by ``UpliftTreatment/armCodes(in:)``.
    /// - Throws: ``ModelError`` when the treatment column is missing, a value does not occur in it, or
    ///   the control or a treated value has no row.
    public init(_ full: Table, treatment: UpliftTreatment) throws {
        let codes = try treatment.armCodes(in: full)
        let rows = codes.indices.filter { codes[$0] >= 0 }
        table = rows.count == full.rowCount ? full : try Self.selecting(rows, of: full)
        arms = rows.map { codes[$0] }
        sourceRows = rows
        otherRows = full.rowCount - rows.count
        let counts = Self.countsByArm(arms, arms: treatment.treated.count + 1)
        for (k, value) in ([treatment.control] + treatment.treated).enumerated() where counts[k] == 0 {
            throw ModelError.unsupportedOption("no rows have \(treatment.column) = '\(value)'")
        }
    }

    /// The rows `rows` of ``table`` (every column, in the order given), e.g. one evaluated arm's rows
    /// (``UpliftModelEvaluation/Arm/rows``).
    public func table(rows: [Int]) throws -> Table {
        try Self.selecting(rows, of: table)
    }

    /// Per arm code 0..<`arms`, the indices of `codes` holding it, in order: the rows of every arm in one scan
    /// (codes outside 0..<`arms`, such as −1 for another arm, are skipped).
    static func indicesByArm(_ codes: [Int], arms: Int) -> [[Int]] {
        var rows = [[Int]](repeating: [], count: arms)
        for (i, code) in codes.enumerated() where code >= 0 && code < arms { rows[code].append(i) }
        return rows
    }

    /// Rows per arm code 0..<`arms` of `codes`, counted in one scan (codes outside 0..<`arms` are skipped).
    static func countsByArm(_ codes: [Int], arms: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: arms)
        for code in codes where code >= 0 && code < arms { counts[code] += 1 }
        return counts
    }

    static func selecting(_ rows: [Int], of table: Table) throws -> Table {
        var out = Table(rowCount: rows.count)
        for (name, column) in zip(table.columnNames, table.columns) {
            switch column {
            case .numeric(let values):
                try out.append(name: name, column: .numeric(rows.map { values[$0] }))
            case .categorical(let c):
                try out.append(name: name, column: .categorical(CategoricalColumn(levels: c.levels, codes: rows.map { c.codes[$0] })))
            }
        }
        return out
    }
}
