import Foundation
import GlassboxCore
import GlassboxTabular
import Testing
@testable import GlassboxModels

/// `StreamingScorer`: an embedder scoring a CSV chunk by chunk gets the bytes of scoring the whole table,
/// with a categorical input whose levels differ from chunk to chunk (levels are the model's).
@Suite("Streaming scorer")
struct StreamingScorerTests {
    @Test("chunks of any size give the whole table's scored CSV, with the model's levels in every chunk")
    func sameAsWholeTable() throws {
        var rng = SeededGenerator(seed: 11)
        let n = 2_000
        let x = (0..<n).map { i in i % 13 == 4 ? Double.nan : rng.nextNormal() }
        // Level "c" appears only in the last quarter, "a" only in the first half: chunks see different level sets.
        let group = (0..<n).map { i in i < n / 2 ? (i % 2 == 0 ? "a" : "b") : (i < 3 * n / 4 ? "b" : (i % 3 == 0 ? "c" : "b")) }
        let y = (0..<n).map { i in rng.nextUniform() < 1 / (1 + exp(-(x[i].isNaN ? 0 : x[i]))) ? 1.0 : 0.0 }
        let table = try Table(names: ["id", "y", "x", "g"], columns: [.numeric((0..<n).map(Double.init)), .numeric(y), .numeric(x),
                                                                       .categorical(CategoricalColumn(values: group))])
        let model = try LogisticTraining(formula: "y ~ x + C(g)").fit(table, provenance: LogisticTrainingTests.provenance)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("streaming-scorer-\(getpid()).csv").path
        try Data(table.csvBytes()).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }

        let whole = try model.scores(on: table)
        let expected = try Table(names: ["id", "score"], columns: [table.column(named: "id"), .numeric(whole.values)])
        for chunkBytes in [64, 1_000, 1 << 20] {
            let scorer = StreamingScorer(path: path, options: CSVOptions(), chunkBytes: chunkBytes, columns: ["id", "x", "g"], copiedColumns: ["id"])
            var bytes = [UInt8]()
            let summary = try scorer.score(model) { bytes += $0 }
            #expect(bytes == expected.csvBytes(), "chunk size \(chunkBytes)")
            #expect(summary.rowCount == n && summary.unscoredRowCount == whole.unscoredRowCount)
        }
    }
}
