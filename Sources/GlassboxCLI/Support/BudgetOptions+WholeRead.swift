import GlassboxCore
import GlassboxDatabase
import GlassboxStatFiles

extension BudgetOptions {
    /// Refuses (exit 64) an explicit `--memory` for a command path that reads the CSV file whole, when the
    /// table of its `columns` columns would not fit the budget: the option would otherwise be ignored.
    /// When the table fits, the budget is kept and the run goes on. Without `--memory`, and for databases and
    /// Stata/SPSS/SAS files (whose size is not estimated), nothing is checked here: the read's own memory check applies.
    ///
    /// - Parameters:
    ///   - target: what reads the data whole, e.g. "the targeting audit of an uplift model".
    ///   - remedy: what the user can do instead, e.g. "raise --memory or split the file".
    func refuseWholeRead(of input: DataOptions, columns: Int, target: String, remedy: String) throws {
        guard let memory, !DatabaseReader.isDatabaseLocation(input.data), !StatFileReader.reads(path: input.data),
              let budget = try budget(), let estimate = try wholeReadEstimate(of: input, columns: columns),
              estimate.bytes > Double(budget) else { return }
        throw CLIError(description: "--memory \(memory) is too small for \(target), which reads the data whole: '\(input.data)' needs an estimated "
                       + "\(MemoryBudget.bytes(UInt64(estimate.bytes))) in memory (about \(estimate.rows) rows × \(max(1, columns)) columns), "
                       + "more than the budget of \(MemoryBudget.bytes(budget)); \(remedy)", status: .usage)
    }
}
