/// Rejection of formulas whose design columns could not be told apart by name.
extension DesignBuilder {
    /// Throws when two different factors share a name prefix (`race + C(race)`,
    /// `C(race) + C(race, ref="b")`, `x + C(x)`), or, as a backstop, when two planned design
    /// columns have the same name. Without this the design would hold two sets of identically
    /// named columns (and, with an intercept, be rank-deficient), which reports and saved
    /// models cannot tell apart.
    static func rejectNameClashes(_ planned: [PlannedColumn], formula: Formula, codings: [FactorCoding]) throws {
        let factors = formula.factors
        for j in factors.indices {
            for i in 0..<j where factors[i].name == factors[j].name {
                let a = columnPattern(codings[i]), b = columnPattern(codings[j])
                let shown = a == b ? "both name their design columns '\(a)'" : "they name their design columns '\(a)' and '\(b)'"
                throw TabularError.formula("the terms '\(factors[i].label)' and '\(factors[j].label)' use the same name '\(factors[i].name)': \(shown), which cannot be told apart; keep only one of them (C(…) codes a column as categorical, a bare column uses its type in the data)")
            }
        }
        var firstUse = [String: Int]()
        for (j, column) in planned.enumerated() {
            if let i = firstUse[column.name] {
                throw TabularError.formula("two design columns are both named '\(column.name)' (from the terms '\(termLabel(planned[i], formula))' and '\(termLabel(column, formula))'); keep only one of those terms")
            }
            firstUse[column.name] = j
        }
    }

    private static func columnPattern(_ coding: FactorCoding) -> String {
        coding.kind == .categorical ? "\(coding.name)[…]" : coding.name
    }

    private static func termLabel(_ column: PlannedColumn, _ formula: Formula) -> String {
        column.parts.isEmpty ? "(Intercept)" : column.parts.map { formula.factors[$0.factor].label }.joined(separator: ":")
    }
}
