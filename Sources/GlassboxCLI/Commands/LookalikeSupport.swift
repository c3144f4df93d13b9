import GlassboxCore
import GlassboxModels
import GlassboxTabular

/// Reads a lookalike model file with the same path checks as data files.
func loadLookalikeModel(_ path: String) throws -> LookalikeModelFile {
    try FileCheck.requireReadableFile(path)
    return try LookalikeModelFile.load(bytes: try readFileBytes(path), path: path)
}

/// Prints a design warning of a lookalike table as every command does.
func printDesignWarning(_ warning: String) { printError("warning: " + warning) }

/// The library's lookalike errors in the CLI's words: its parameters become the options that set them
/// (`k` → `--k`, `holdout` → `--holdout`, the seed list → `--seed`, an L2 penalty → `--l2`).
func withLookalikeOptionNames<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as LookalikeError {
        switch error {
        case .formulaHasResponse:
            throw CLIError(description: "a lookalike formula has no outcome: write it as \"~ a + b\"; the seed list comes from --seed")
        case let .kTooLarge(k, seeds):
            throw CLIError(description: "--k \(k) is larger than the seed list (\(seeds) seed rows); choose K ≤ \(seeds)")
        case let .tooFewSeedsToHoldOut(seeds, share):
            throw CLIError(description: "holding out \(share) of \(seeds) seed rows leaves too few on one side (need at least 1 held out and 1 kept); use more seeds or another --holdout")
        case .separation:
            throw CLIError(description: error.description.replacingOccurrences(of: "(e.g. penalty .l2(1))", with: "(e.g. --l2 1)"))
        case let .invalidSetting(message):
            for (parameter, option) in [("k ", "--k "), ("holdout ", "--holdout "), ("size ", "--size "), ("bagSize ", "--bag-size "),
                                        ("method ", "--method ")] where message.hasPrefix(parameter) {
                throw CLIError(description: option + message.dropFirst(parameter.count))
            }
            throw error
        default:
            throw error
        }
    }
}

extension LookalikeDesign {
    /// ``LookalikeDesign/init(_:formula:seedColumn:oneHot:onWarning:)`` with its warnings printed and errors in the CLI's words.
    init(table: Table, formula: String, seedColumn: String, oneHot: Bool = false) throws {
        self = try withLookalikeOptionNames {
            try LookalikeDesign(table, formula: formula, seedColumn: seedColumn, oneHot: oneHot, onWarning: printDesignWarning)
        }
    }
}

/// Scores every table row (NaN where a model value is missing) with a lookalike model.
func lookalikeScores(_ file: LookalikeModelFile, table: Table) throws -> (scores: [Double], design: DesignMatrix) {
    let scored = try file.audienceScores(on: table)
    return (scored.scores, scored.design)
}

/// Rank 1 = highest score among scored rows (ties by row order), and the audience flags: the top
/// ⌈size · n⌉ scored non-seed rows (``LookalikeScores/audience(size:)``).
func lookalikeRanks(_ scores: [Double], seeds: [Bool], size: Double?) -> (rank: [Double], audience: [Bool]) {
    (LookalikeScores.ranks(of: scores),
     size.map { LookalikeScores.audienceMembers(scores: scores, seeds: seeds, size: $0) } ?? [Bool](repeating: false, count: scores.count))
}

enum LookalikeAssessment {
    /// ``LookalikeModelFile/trainingScores(on:dataSHA256:prepared:)`` as `score` uses it.
    static func scores(_ file: LookalikeModelFile, table: Table, dataSHA256: String, seedColumn: String,
                       prepared: LookalikeDesign) throws -> (scores: [Double], design: DesignMatrix, outOfBag: Bool) {
        let scored = try file.trainingScores(on: table, dataSHA256: dataSHA256, prepared: prepared)
        return (scored.scores, scored.design, scored.outOfBag)
    }
}
