import GlassboxCore
import GlassboxSimulation
import GlassboxTabular
import Testing
@testable import GlassboxModels

/// `LookalikeModelFile.scoreColumns`: what `glassbox score` writes for a lookalike model.
@Suite("Lookalike score columns")
struct LookalikeScoreColumnsTests {
    static let table = VoterFileSimulator(rows: 2_000, seed: 6).generate()

    func numbers(_ columns: ScoreColumns, _ name: String) throws -> [Double] {
        guard case .numeric(let values) = try #require(columns.columns.first { $0.name == name }?.column) else {
            Issue.record("\(name) is not numeric")
            return []
        }
        return values
    }

    @Test("bagging PU on its training data is scored out of bag; other data by every round; rank and audience from those scores")
    func baggingTrainingData() throws {
        let file = try LookalikeModel(method: .pu, bagging: 5, randomSeed: 3)
            .fit(formula: "~ age + female", on: Self.table, seedColumn: "donor", dataPath: "voters.csv", dataSHA256: "abc")
        let training = try file.scoreColumns(on: Self.table, dataSHA256: "abc", size: 0.1)
        #expect(training.outOfBag)
        #expect(training.columns.map(\.name) == ["score", "rank", "audience"])
        let prepared = try file.design(of: Self.table)
        let outOfBag = try file.trainingScores(on: Self.table, dataSHA256: "abc", prepared: prepared)
        #expect(try numbers(training, "score") == outOfBag.scores)
        let audience = outOfBag.audience(size: 0.1)
        #expect(try numbers(training, "audience") == audience.members.map { $0 ? 1 : 0 })
        #expect(training.audienceCount == audience.count)
        #expect(try numbers(training, "rank") == outOfBag.ranks)

        let other = try file.scoreColumns(on: Self.table, dataSHA256: "other")
        #expect(!other.outOfBag && other.audienceCount == nil)
        #expect(other.columns.map(\.name) == ["score", "rank"])
        #expect(try numbers(other, "score") == file.audienceScores(on: Self.table).scores)
    }
}
