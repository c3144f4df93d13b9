import ArgumentParser
import GlassboxLinearAlgebra
import GlassboxModels
import GlassboxTabular

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a CSV file with a saved model; writes one output row per input row.",
        discussion: """
        The output has the --id column (if given), the --keep columns, and 'score' (the predicted \
        probability; for an imported tree model the maker's score, with missing values sent down each tree's \
        default branch, so every row is scored). For an uplift model it has 'uplift', 'p_treated' and 'p_control' (each suffixed \
        with [treatment] when the model has several treatments) and 'recommended_treatment' (the treatment \
        with the largest positive uplift, else the control value). A row with a missing value in a model column gets an empty score, and the number of \
        such rows is reported. A categorical level not seen in training is an error naming the column and level.
        """
    )

    @Argument(help: "Model file written by 'glassbox train'.")
    var model: String
    @OptionGroup var input: DataOptions
    @Option(help: "Identifier column to copy to the output.")
    var id: String?
    @Option(help: "Comma-separated columns to copy to the output.")
    var keep: String?
    @Option(help: "Lookalike models: mark the top fraction F of non-seed rows as the expanded audience (column 'audience').")
    var size: Double?
    @OptionGroup var output: OutputOptions
    @Flag(help: "Print phase timings (read, score, write) on stderr (for benchmarks).")
    var timings = false

    @OptionGroup var display: ProgressOptions

    func validate() throws {
        if let size, !(size > 0 && size <= 1) { throw ValidationError("--size must be in (0, 1], got \(size)") }
    }

    func run() throws {
        try runReportingErrors {
            try output.preflight(inputs: [input.data, model])
            let loaded = try AnyModel.load(path: model)
            if case .lookalike(let file) = loaded { return try scoreLookalike(file) }
            if size != nil { throw CLIError(description: "--size applies to lookalike models only") }
            let copied = ([id].compactMap { $0 } + (keep?.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } ?? []))
            // Only the model's columns and the copied ones are parsed.
            var clock = Stopwatch()
            let csv = try input.read(progress: display.observer, columns: Set(copied + loaded.inputColumns))
            let table = csv.table
            clock.lap("read")
            for name in copied { _ = try table.column(named: name) }
            let scores: [(name: String, column: Column)]
            let unscored: Int
            if case .uplift(let file) = loaded {
                let scored = try file.scoreColumns(on: table)
                (scores, unscored) = (scored.columns, scored.unscoredRowCount)
            } else {
                let scored = try loaded.scores(on: table)
                (scores, unscored) = ([("score", .numeric(scored.values))], scored.unscoredRowCount)
            }
            clock.lap("score")
            try write(copied, of: table, scores: scores, unscored: unscored)
            clock.lap("write")
            if timings { printError(clock.json) }
        }
    }

    /// Lookalike models write 'score', 'rank' (1 = highest) and, with --size, 'audience' (1 = in the
    /// expanded audience, 0 = not, empty for unscored rows); rows on the seed list (when the data hold
    /// the model's seed column) are never in the audience.
    private func scoreLookalike(_ file: LookalikeModelFile) throws {
        BLASLibrary.useSingleThreadedBLAS()
        let copied = ([id].compactMap { $0 } + (keep.map(commaList) ?? []))
        // Only the model's columns, the copied ones and the seed list (when the data have it) are parsed.
        let csv = try input.read(progress: display.observer, needed: NeededColumns(copied + file.inputColumns, optional: [file.seedColumn]))
        let table = csv.table
        for name in copied { _ = try table.column(named: name) }
        // Bagging PU on its own training file is scored out of bag, as `evaluate lookalike` and `report` do.
        let scored = try withLookalikeOptionNames {
            try file.scoreColumns(on: table, dataSHA256: csv.sha256, size: size, onWarning: printDesignWarning)
        }
        if scored.outOfBag {
            printError("note: this is the model's training file: its rows are scored out of bag (each by the bagging rounds that did not draw it)")
        }
        try write(copied, of: table, scores: scored.columns, unscored: scored.unscoredRowCount,
                  summary: scored.audienceCount.map { ", \($0) in the audience" } ?? "")
    }

    /// Writes the `copied` columns of `table` and the `scores` columns to --out, notes the `unscored` rows
    /// and says what was written (`summary` appended to that line).
    private func write(_ copied: [String], of table: Table, scores: [(name: String, column: Column)], unscored: Int,
                       summary: String = "") throws {
        var out = Table(rowCount: table.rowCount)
        for name in copied where !out.hasColumn(name) { try out.append(name: name, column: try table.column(named: name)) }
        for (name, column) in scores {
            if out.hasColumn(name) { throw CLIError(description: "a kept column is named '\(name)', which clashes with an output column") }
            try out.append(name: name, column: column)
        }
        try output.write(out.csvBytes())
        if unscored > 0 {
            printError("note: \(unscored) of \(table.rowCount) rows have a missing model value; their score is empty")
        }
        try writeLine("wrote \(output.out): \(table.rowCount) rows, \(table.rowCount - unscored) scored" + summary)
    }
}

import Foundation
