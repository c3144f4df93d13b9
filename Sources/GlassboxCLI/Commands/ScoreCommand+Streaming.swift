import GlassboxCore
import GlassboxModels
import GlassboxTabular

extension ScoreCommand {
    /// Scores a CSV larger than the memory budget through ``StreamingScorer`` (docs/scale.md, "Scoring"),
    /// writing the output incrementally to a temporary file renamed at the end; false (nothing done) when
    /// the file is read whole. Same output bytes and messages as the in-memory path.
    func scoreStreamed(_ loaded: AnyModel) throws -> Bool {
        if case .lookalike = loaded {} else if size != nil { return false }
        let copied = [id].compactMap { $0 } + (keep.map(commaList) ?? [])
        var needed = copied + loaded.inputColumns
        if case .lookalike(let file) = loaded,
           let header = try? CSVReader.headerNames(path: input.data, options: try input.csvOptions()), header.contains(file.seedColumn) {
            needed.append(file.seedColumn)
        }
        guard let chunkBytes = try streaming.chunkBytes(for: input, columns: Set(needed).count, allowPreparation: true) else { return false }
        try FileCheck.requireReadableFile(input.data)
        let columns = try input.clashingDerivedColumns(adding: try input.projection(adding: Set(needed))) ?? Set(needed)
        let scorer = StreamingScorer(path: input.data, options: try input.csvOptions(), chunkBytes: chunkBytes, columns: columns,
                                     copiedColumns: copied, derivations: input.derivations, filters: input.filters)
        let summary = try AtomicFile.writeIncrementally(to: output.out, force: output.force) { append in
            try scorer.score(loaded, size: size, progress: display.observer, write: append)
        }
        if let filtered = summary.filterSummary { DataOptions.printFilterNote(filtered) }
        if summary.unscoredRowCount > 0 {
            printError("note: \(summary.unscoredRowCount) of \(summary.rowCount) rows have a missing model value; their score is empty")
        }
        try writeLine("wrote \(output.out): \(summary.rowCount) rows, \(summary.rowCount - summary.unscoredRowCount) scored"
                      + (summary.audienceCount.map { ", \($0) in the audience" } ?? ""))
        return true
    }
}
