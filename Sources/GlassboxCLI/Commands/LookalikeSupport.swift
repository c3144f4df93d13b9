import GlassboxCore
import GlassboxModels
import GlassboxTabular

/// Prints a design warning of a lookalike table as every command does.
func printDesignWarning(_ warning: String) { printError("warning: " + warning) }

/// A lookalike model's warning (as the library words it, naming its parameters) in the CLI's words.
func lookalikeWarningWithOptionNames(_ warning: String) -> String {
    warning.replacingOccurrences(of: "(e.g. penalty .l2(1))", with: "(e.g. --l2 1)")
        .replacingOccurrences(of: "a smaller bagSize,", with: "a smaller --bag-size,")
}

/// The library's lookalike errors in the CLI's words where a case needs more than its parameters named
/// (those, `k` → `--k`, `holdout` → `--holdout`, the penalty → `--l2`, are named by ``OptionWording``):
/// the seed list → `--seed`, a too-large K, too few seeds to hold out.
func withLookalikeOptionNames<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ModelError {
        switch error {
        case .formulaHasResponse:
            throw CLIError(description: "a lookalike formula has no outcome: write it as \"~ a + b\"; the seed list comes from --seed")
        case let .kTooLarge(k, seeds):
            throw CLIError(description: "--k \(k) is larger than the seed list (\(seeds) seed rows); choose K ≤ \(seeds)")
        case let .tooFewSeedsToHoldOut(seeds, share):
            throw CLIError(description: "holding out \(share) of \(seeds) seed rows leaves too few on one side (need at least 1 held out and 1 kept); use more seeds or another --holdout")
        default:
            throw error
        }
    }
}
