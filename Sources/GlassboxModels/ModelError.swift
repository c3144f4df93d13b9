/// Every error the modelling layer reports, with a message that names the offending column or value.
public enum ModelError: Error, Equatable, CustomStringConvertible, Sendable {
    case noObservations
    case responseNotBinary(name: String, example: Double, count: Int)
    case constantResponse(name: String, value: Double)
    case invalidWeights(name: String, row: Int, value: Double)
    case allWeightsZero(name: String)
    case invalidPenalty(String)
    case tooFewObservations(observations: Int, parameters: Int)
    case dimensionMismatch(String)
    case singularHessian(String)
    case invalidModelFile(String)
    case unsupportedOption(String)
    /// A design column whose magnitude overflows double precision in the fit (its squares, summed
    /// over the rows, exceed about 1.8e308).
    case numericalOverflow(term: String, value: Double)
    /// A linear predictor that is not a number (∞ − ∞ from terms near the double range), at a
    /// 0-based design row; callers that know the table rows say which row it is.
    case undefinedScore(designRow: Int)
    /// A formula given to fit a model of an outcome has no `outcome ~` part.
    case formulaWithoutOutcome(formula: String)
    /// A column that must hold numbers (case weights) holds text.
    case columnNotNumeric(name: String)
    /// Cluster-robust errors were asked for with a cluster column of fewer than two distinct values.
    case tooFewClusters(column: String, count: Int)
    /// ``undefinedScore(designRow:)`` located in the scored table: its 0-based row `row` (a CSV file's line
    /// row + 2, after the header).
    case undefinedScoreAtRow(row: Int)
    /// An uplift arm's estimated propensity is 0 or 1 for `rows` rows: the predictors separate treated
    /// from control rows (`separation` is the fit's separation kind), so the effect cannot be estimated.
    case separatedPropensity(treated: String, rows: Int, separation: String)

    public var description: String {
        switch self {
        case .noObservations:
            return "no observations left to fit (every row was dropped for missing values or had weight zero)"
        case let .responseNotBinary(name, example, count):
            return "outcome '\(name)' must be binary (0 or 1), but \(count) row(s) hold other values, e.g. \(formatted(example)); use I(\(name) >= threshold) to binarise it"
        case let .constantResponse(name, value):
            return "outcome '\(name)' is constant (every row is \(formatted(value))): a logistic model cannot be fitted"
        case let .invalidWeights(name, row, value):
            return "weights '\(name)' must be finite and non-negative, but row \(row) holds \(formatted(value))"
        case let .allWeightsZero(name):
            return "weights '\(name)' are zero for every row"
        case let .invalidPenalty(message):
            return "invalid penalty: \(message)"
        case let .tooFewObservations(observations, parameters):
            return "\(observations) observation(s) are too few for \(parameters) parameter(s)"
        case let .dimensionMismatch(message):
            return "dimension mismatch: \(message)"
        case let .singularHessian(message):
            return "the Hessian is singular: \(message)"
        case let .invalidModelFile(message):
            return "invalid model file: \(message)"
        case let .unsupportedOption(message):
            return message
        case let .undefinedScore(designRow):
            return "the score of scored row \(designRow + 1) is not a number: its terms overflow double precision (an infinite value minus an infinite one); check that row for values near ±1e308"
        case let .undefinedScoreAtRow(row):
            return "the score of data row \(row + 1) (line \(row + 2) of the file) is not a number: its terms overflow double precision (an infinite value minus an infinite one); check that row for values near ±1e308"
        case let .numericalOverflow(term, value):
            return "the term '\(term)' has values as large as \(value): the fit sums their squares, which overflow double precision; rescale it (divide by a power of ten, or use log()) or leave it out"
        case let .formulaWithoutOutcome(formula):
            return "the formula \"\(formula)\" has no outcome: write it as \"outcome ~ predictors\""
        case let .columnNotNumeric(name):
            return "column '\(name)' must be numeric, but it holds text"
        case let .tooFewClusters(column, count):
            return "cluster-robust errors need at least 2 clusters, but column '\(column)' has \(count)"

        case let .separatedPropensity(treated, rows, separation):
            return "the estimated propensity of '\(treated)' is 0 or 1 for \(rows) row(s): the predictors separate treated from control rows (\(separation) separation), so their effect cannot be estimated; drop the predictors that determine treatment or use the design propensity (UpliftPropensity.design)"
        }
    }

    private func formatted(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    }
}
