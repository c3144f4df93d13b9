import GlassboxExplain
import GlassboxTabular

extension ExplainCommand {
    /// The data to explain: every row, or with `--sample N` a seeded uniform sample of N rows (seed `--seed`),
    /// with the sample's description for the outputs.
    func readData(needed: NeededColumns?) throws -> (CSVReadResult, ExplanationReport.RowSample?) {
        guard let sample else { return (try input.read(progress: display.observer, needed: needed), nil) }
        let drawn = try input.readSample(sample, seed: seed, progress: display.observer, needed: needed)
        return (drawn.read, drawn.sample)
    }
}
