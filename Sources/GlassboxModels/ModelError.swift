import GlassboxCore
/// Every error the modelling layer reports, with a message that names the offending column, value or
/// setting (library parameters by their Swift names: `k`, `holdout`, `penalty`…).
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

    // Lookalike models.
    /// The seed column is not in the data (the first 20 columns are listed).
    case seedColumnMissing(column: String, available: [String])
    /// The seed column holds a value that is neither seed (1/true/yes) nor not (0/false/no/empty).
    case seedValueInvalid(column: String, example: String)
    /// No row is a seed.
    case noSeeds(column: String, rows: Int)
    /// Every row is a seed.
    case everyRowSeed(column: String, rows: Int)
    /// K-nearest similarity asks for more neighbours than there are seeds.
    case kTooLarge(k: Int, seeds: Int)
    /// A feature has one value in every row (it cannot be standardised).
    case constantFeature(term: String)
    /// A feature is missing in every row.
    case featureEntirelyMissing(column: String)
    /// The formula has no feature (only an intercept).
    case noFeatures
    /// A setting out of its range; the message names the parameter (`k`, `holdout`, `size`, `bagSize`, `method`).
    case invalidSetting(ParameterMessage)
    /// The hold-out share leaves no seed held out or none kept.
    case tooFewSeedsToHoldOut(seeds: Int, share: Double)
    /// Quasi-complete separation in the PU fit: the rows of these terms (e.g. a level with no seed)
    /// are all non-seeds (`allSeeds` false) or all seeds, so their coefficients run off to infinity.
    case separation(terms: [String], allSeeds: [Bool])
    /// The lookalike formula names a response (`y ~ a`); features only (`~ a + b`), the seed list is the seed column.
    case formulaHasResponse
    /// The formula uses the seed column as a feature.
    case formulaUsesSeedColumn(column: String)
    /// A group attribute of the composition audit is not a column of the data.
    case groupColumnMissing(column: String, available: [String])

    // Imported tree ensembles.
    /// A well-formed model file using a construct Glassbox does not score (multiclass, ranking objectives,
    /// DART with dropped trees, linear trees, unknown PMML elements); the message names the construct.
    case unsupportedModel(String)
    /// A model feature has no column of that name in the data (the first 20 columns are listed).
    case featureColumnMissing(feature: String, available: [String])
    /// A categorical feature's column holds a level the model has no code for.
    case unseenCategory(feature: String, level: String)
    /// A numeric feature's column holds text (`expected` "numbers"), or a feature's column is otherwise
    /// of the wrong type.
    case featureTypeMismatch(feature: String, expected: String)

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

        case let .seedColumnMissing(column, available):
            return "seed column '\(column)' is not in the data (columns: \(available.prefix(20).joined(separator: ", ")))"
        case let .seedValueInvalid(column, example):
            return "seed column '\(column)' must hold 1/true (on the seed list) or 0/false/empty (the rest), but holds '\(example)'"
        case let .noSeeds(column, rows):
            return "seed column '\(column)' marks no row as a seed (0 of \(rows) rows): there is nothing to look alike"
        case let .everyRowSeed(column, rows):
            return "seed column '\(column)' marks every row (\(rows)) as a seed: there is no one left to expand to"
        case let .kTooLarge(k, seeds):
            return "k = \(k) is larger than the seed list (\(seeds) seed rows); choose k ≤ \(seeds)"
        case let .constantFeature(term):
            return "feature '\(term)' is constant in the data: it cannot be standardised and carries no information; remove it from the formula"
        case let .featureEntirelyMissing(column):
            return "feature '\(column)' is missing in every row; remove it from the formula"
        case .noFeatures:
            return "the formula has no features: write it as \"~ a + b + C(c)\""
        case .invalidSetting, .separation:
            return message.description
        case .formulaHasResponse:
            return "a lookalike formula has no outcome: write it as \"~ a + b\"; the seed list comes from the seed column"
        case let .formulaUsesSeedColumn(column):
            return "the formula uses the seed column '\(column)'; leave it out"
        case let .groupColumnMissing(column, available):
            return "group column '\(column)' is not in the data (columns: \(available.prefix(20).joined(separator: ", ")))"
        case let .unsupportedModel(message):
            return "unsupported model: \(message)"
        case let .featureColumnMissing(feature, available):
            return "the model's feature '\(feature)' is not a column of the data (columns: \(available.prefix(20).joined(separator: ", ")))"
        case let .unseenCategory(feature, level):
            return "categorical feature '\(feature)' has the level '\(level)', which the model has no category for"
        case let .featureTypeMismatch(feature, expected):
            return "the model's feature '\(feature)' needs \(expected), but its column holds text"
        case let .tooFewSeedsToHoldOut(seeds, share):
            return "holding out \(share) of \(seeds) seed rows leaves too few on one side (need at least 1 held out and 1 kept); use more seeds or another holdout share"
        case let .separatedPropensity(treated, rows, separation):
            return "the estimated propensity of '\(treated)' is 0 or 1 for \(rows) row(s): the predictors separate treated from control rows (\(separation) separation), so their effect cannot be estimated; drop the predictors that determine treatment or use the design propensity (UpliftPropensity.design)"
        }
    }

    /// "the seed list separates the rows on 'county[Dune]' (no seed) …": the terms, at most ten.
    static func separated(_ terms: [String], _ allSeeds: [Bool]) -> String {
        let shown = zip(terms, allSeeds).prefix(10).map { "'\($0)' (\($1 ? "every such row is a seed" : "no seed"))" }.joined(separator: ", ")
        return "the seed list separates the rows on \(shown)\(terms.count > 10 ? " and \(terms.count - 10) more" : "") in the rows used for "
            + "fitting, so \(terms.count == 1 ? "its coefficient runs" : "their coefficients run") off to infinity"
    }

    /// The warning of a PU fit that converged despite separation (the estimates of those terms are
    /// their runaway values, and ĉ may sit at its bound).
    package static func separationWarning(terms: [String], allSeeds: [Bool]) -> String {
        "separation: \(separated(terms, allSeeds)); their estimates are not maximum-likelihood values and ĉ is unreliable; "
            + "add a ridge penalty (e.g. penalty .l2(1)), or merge or drop those levels"
    }

    private func formatted(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    }
}
