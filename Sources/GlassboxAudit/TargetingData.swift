import GlassboxModels
import GlassboxTabular

/// The rows of a targeting audit: predicted uplift, binary outcome, treatment flag (1 treated, 0
/// control) and group attributes. Only rows in the treated or the control arm take part; rows whose
/// uplift or outcome is missing are dropped (as R's `na.omit`); a missing group value is kept as the
/// `(missing)` group.
package struct TargetingData: Sendable {
    package var uplift: [Double]
    package var outcomes: [Double]
    /// 1 for the treated arm, 0 for control.
    package var treatment: [Double]
    package var attributes: [GroupAttribute]
    package var rowsRead: Int
    /// Rows in neither arm (another treatment, or a missing treatment value).
    package var otherArmRows: Int
    /// Rows of the two arms with a missing value, per column.
    package var missingByColumn: [String: Int]

    package var rowsUsed: Int { uplift.count }
    package var rowsDropped: Int { rowsRead - uplift.count }
    package var treatedRows: Int { treatment.reduce(0) { $0 + ($1 == 1 ? 1 : 0) } }
    package var controlRows: Int { rowsUsed - treatedRows }

    package init(uplift: [Double], outcomes: [Double], treatment: [Double], attributes: [GroupAttribute],
                rowsRead: Int? = nil, otherArmRows: Int = 0, missingByColumn: [String: Int] = [:]) {
        (self.uplift, self.outcomes, self.treatment, self.attributes) = (uplift, outcomes, treatment, attributes)
        (self.rowsRead, self.otherArmRows, self.missingByColumn) = (rowsRead ?? uplift.count, otherArmRows, missingByColumn)
    }

    /// Builds the audit rows from a table.
    ///
    /// - Parameters:
    ///   - uplift: precomputed predicted uplift per table row (NaN = missing), e.g. an uplift model's
    ///     predictions; otherwise `upliftColumn` is read.
    ///   - treatment: the treatment column with exactly one treated value and the control value.
    /// - Throws: ``AuditError`` (uplift not numeric, an arm left empty), ``AuditError`` (outcome not
    ///   binary, group column missing, no rows left), `ModelError` (a treated or control value that does
    ///   not occur, listing the values found), `TabularError` (a column that does not exist).
    package static func from(table: Table, uplift precomputed: [Double]? = nil, upliftColumn: String?, treatment: UpliftTreatment,
                            outcome: String, groups: [String]) throws -> TargetingData {
        guard treatment.treated.count == 1 else {
            throw AuditError.invalidSetting("a targeting audit compares one treatment with control; got \(treatment.treated.count) treated values (\(treatment.treated.joined(separator: ", "))): give one treated value")
        }
        let upliftName = upliftColumn ?? "(model uplift)"
        let score: [Double]
        if let precomputed {
            score = precomputed
        } else {
            guard let upliftColumn else { throw AuditError.invalidSetting("give an uplift column or an uplift model") }
            switch try table.column(named: upliftColumn) {
            case .numeric(let v): score = v
            case .categorical(let c):
                throw AuditError.upliftNotNumeric(column: upliftColumn, example: c.firstTextExample)
            }
        }
        let y: [Double]
        switch try table.column(named: outcome) {
        case .numeric(let v):
            let odd = Set(v.lazy.filter { !$0.isNaN && $0 != 0 && $0 != 1 }.prefix(20))
            if !odd.isEmpty {
                let all = Set(v.lazy.filter { !$0.isNaN }.prefix(10_000)).union(odd)
                throw AuditError.outcomeNotBinary(column: outcome, valuesFound: all.sorted().prefix(20).map(AuditData.label))
            }
            y = v
        case .categorical(let c):
            throw AuditError.outcomeNotBinary(column: outcome, valuesFound: Array(c.levels.prefix(20)))
        }
        try AuditData.requireGroups(groups, in: table)
        let arms = try treatment.armCodes(in: table)

        var missing = [upliftName: 0, outcome: 0]
        var rows = [Int](), other = 0
        rows.reserveCapacity(table.rowCount)
        for i in 0..<table.rowCount {
            guard arms[i] >= 0 else { other += 1; continue }
            var keep = true
            if !score[i].isFinite { missing[upliftName]! += 1; keep = false }
            if y[i].isNaN { missing[outcome]! += 1; keep = false }
            if keep { rows.append(i) }
        }
        guard !rows.isEmpty else { throw AuditError.noRowsLeft(rowsRead: table.rowCount, missingByColumn: missing) }
        let t = rows.map { arms[$0] == 1 ? 1.0 : 0.0 }
        if !t.contains(1) { throw AuditError.emptyArm(arm: "treated", column: treatment.column, value: treatment.treated[0]) }
        if !t.contains(0) { throw AuditError.emptyArm(arm: "control", column: treatment.column, value: treatment.control) }
        let attributes = try groups.map { GroupAttribute(name: $0, column: try table.column(named: $0), rows: rows) }
        return TargetingData(uplift: rows.map { score[$0] }, outcomes: rows.map { y[$0] }, treatment: t, attributes: attributes,
                             rowsRead: table.rowCount, otherArmRows: other, missingByColumn: missing)
    }
}
