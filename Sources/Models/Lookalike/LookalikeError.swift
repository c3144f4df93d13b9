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
            return "--k \(k) is larger than the seed list (\(seeds) seed rows); choose K ≤ \(seeds)"
        case let .constantFeature(term):
            return "feature '\(term)' is constant in the data: it cannot be standardised and carries no information; remove it from the formula"
        case let .featureEntirelyMissing(column):
            return "feature '\(column)' is missing in every row; remove it from the formula"
        case .noFeatures:
            return "the formula has no features: write it as \"~ a + b + C(c)\""
        case let .invalidSetting(message):
            return message
        case let .tooFewSeedsToHoldOut(seeds, share):
            return "holding out \(share) of \(seeds) seed rows leaves too few on one side (need at least 1 held out and 1 kept); use more seeds or another --holdout"
        }
    }
}
