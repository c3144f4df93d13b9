/// One factor of a formula term: the building block that `:` multiplies.
///
/// Whether a bare column is numeric or categorical is decided by the data when the design is fitted
/// (string columns are categorical, numeric columns numeric); `C(…)` forces categorical coding and
/// transforms are always numeric.
package enum FormulaFactor: Sendable, Hashable {
    /// A bare column, e.g. `age` or `` `odd name` ``.
    case column(String)
    /// `C(column)` or `C(column, ref="level")`: treatment coding against `reference`
    /// (the first level in sorted order when `nil`).
    case categorical(column: String, reference: String?)
    /// A numeric transform: `I(…)`, `log(…)`, `exp(…)`, `sqrt(…)`, …; the expression is the whole call.
    case transform(FormulaExpression)

    /// The prefix of the factor's design-column names: the column name for columns and `C()`
    /// (`race` in `race[Black]`), the R-deparsed text for transforms (`I(age^2)`, `log(income)`).
    package var name: String {
        switch self {
        case .column(let name): name
        case .categorical(let column, _): column
        case .transform(let expression): expression.deparsed
        }
    }

    /// Table columns the factor reads, in first-use order.
    package var columns: [String] {
        switch self {
        case .column(let name): [name]
        case .categorical(let column, _): [column]
        case .transform(let expression): expression.columns
        }
    }
}
