import GlassboxCore
import GlassboxModels
import GlassboxStatFiles

/// `report --memory`: the help text.
enum ReportMemoryHelp: MemoryOptionHelp {
    static let text = "Memory budget, e.g. 4GiB, 512MiB or bytes (default: half the available memory). With --sample, the bias audit streams every row of the CSV file within it; a report that reads the file whole (without --sample, or of an uplift or lookalike model) is refused when the file would not fit a budget given here."
}

extension ReportCommand {
    /// Refuses, before reading, a report whose whole read of the `needed` columns would not fit (docs/scale.md §6).
    /// Without `--sample`, and for uplift and lookalike models, the report reads its data whole: an explicit
    /// `--memory` it would exceed is refused (exit 64) rather than ignored. A logistic or tree model's or a score
    /// column's report of a CSV file whose table exceeds the memory limit itself
    /// (``MemoryBudget/check(path:delimiter:columnsRead:remedy:)``) is refused with the hint to pass `--sample`.
    func refuseWholeRead(needed: NeededColumns?) throws {
        guard sample == nil else { return }
        let kind = try model.map { try ModelFileHeader.read(path: $0).kind }
        let upliftOrLookalike = kind == UpliftModelFile.kindName || kind == LookalikeModelFile.kindName
        // What --sample would do here, when it applies (refuseSample(kind:)).
        let sampleHint: String? = upliftOrLookalike || format == .ipynb || !input.filters.isEmpty || !input.derivations.isEmpty ? nil
            : "pass --sample N (" + (model == nil ? "the audit of the score column then streams every row"
                                     : "the model is then explained on a seeded sample of N rows and the audit streams every row") + ")"
        if let sampleHint, DataOptions.isRegularFile(input.data), !StatFileReader.reads(path: input.data) {
            try MemoryBudget.check(path: input.data, delimiter: try input.csvOptions().delimiter, columnsRead: try input.columns(needed)?.count,
                                   remedy: sampleHint + ", use a machine with more memory or split the file")
        }
        guard streaming.memory != nil else { return }
        let columns = try input.columns(needed)?.count
            ?? MemoryBudget.estimate(path: input.data, delimiter: try input.csvOptions().delimiter).map { Int($0.columns) } ?? 1
        let target = upliftOrLookalike ? (kind == UpliftModelFile.kindName ? "an uplift" : "a lookalike") + " model's report" : "a report without --sample"
        let remedy = sampleHint.map { $0 + " or raise --memory" }
            ?? "raise --memory or split the file" + (upliftOrLookalike ? " (--sample applies to logistic and tree models and score columns only)" : "")
        try streaming.refuseWholeRead(of: input, columns: columns, target: target, remedy: remedy)
    }
}
