import GlassboxModels

/// Runs `body`, naming the CLI's option (`--propensity design`) where the library's separated-propensity
/// error names its parameter (`train uplift`, `merge uplift`).
func withPropensityOptionName<R>(_ body: () throws -> R) throws -> R {
    do {
        return try body()
    } catch let ModelError.separatedPropensity(treated, rows, separation) {
        throw CLIError(description: "the estimated propensity of '\(treated)' is 0 or 1 for \(rows) row(s): the predictors separate treated from control rows (\(separation) separation), so their effect cannot be estimated; drop the predictors that determine treatment or use --propensity design")
    }
}
