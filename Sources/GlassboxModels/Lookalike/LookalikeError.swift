/// Problems specific to lookalike modelling, each naming the column, value or setting at fault.
public enum LookalikeError: Error, Equatable, CustomStringConvertible, Sendable {
    case seedColumnMissing(column: String, available: [String])
    case seedValueInvalid(column: String, example: String)
    case noSeeds(column: String, rows: Int)
    case everyRowSeed(column: String, rows: Int)
    case kTooLarge(k: Int, seeds: Int)
    case constantFeature(term: String)
    case featureEntirelyMissing(column: String)
    case noFeatures
    case invalidSetting(String)
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
    /// The score of a table row (0-based) is not a number (∞ − ∞ from terms near the double range).
    case undefinedScore(row: Int)

    public var description: String {
        switch self {
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
        case let .invalidSetting(message):
            return message
        case let .separation(terms, allSeeds):
            return "separation: \(Self.separated(terms, allSeeds)), so the scaled-logistic (SCAR) fit has no finite maximum "
                + "(its information matrix is singular); add a ridge penalty (e.g. penalty .l2(1)), or merge or drop those levels"
        case .formulaHasResponse:
            return "a lookalike formula has no outcome: write it as \"~ a + b\"; the seed list comes from the seed column"
        case let .formulaUsesSeedColumn(column):
            return "the formula uses the seed column '\(column)'; leave it out"
        case let .groupColumnMissing(column, available):
            return "group column '\(column)' is not in the data (columns: \(available.prefix(20).joined(separator: ", ")))"
        case let .undefinedScore(row):
            return "the score of data row \(row + 1) (line \(row + 2) of the file) is not a number: its terms overflow double precision (an infinite value minus an infinite one); check that row for values near ±1e308"
        case let .tooFewSeedsToHoldOut(seeds, share):
            return "holding out \(share) of \(seeds) seed rows leaves too few on one side (need at least 1 held out and 1 kept); use more seeds or another holdout share"
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
    public static func separationWarning(terms: [String], allSeeds: [Bool]) -> String {
        "separation: \(separated(terms, allSeeds)); their estimates are not maximum-likelihood values and ĉ is unreliable; "
            + "add a ridge penalty (e.g. penalty .l2(1)), or merge or drop those levels"
    }
}
