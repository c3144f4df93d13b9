import Foundation
import GlassboxCore
import GlassboxSimulation
import GlassboxTabular
import Testing
@testable import GlassboxModels

/// The table-level lookalike API an embedder uses: one-call fit, scores, audience, recovery, and the
/// one computation of the coefficient means every output shows.
@Suite("Lookalike table API")
struct LookalikeTableAPITests {
    @Test("mean coefficients: an estimate aliased in some rounds counts 0 there; aliased in every round it is nil")
    func meanCoefficients() {
        let fit = LookalikeFit(method: .pu, terms: ["(Intercept)", "a", "b"], rowCount: 10, seedCount: 2,
                               classifiers: [[1, nil, nil], [3, 2, nil]], labelFrequency: nil, heldOutSeeds: nil,
                               positiveShare: nil, similarity: nil, warnings: [])
        #expect(fit.meanCoefficients == [2, 1, nil])
        var similarity = fit
        similarity.classifiers = []
        #expect(similarity.meanCoefficients.isEmpty)
    }

    @Test("one-call fit = design + fit; scores, ranks and the audience of the rows not on the seed list")
    func oneCall() throws {
        let table = VoterFileSimulator(rows: 3000, seed: 5).generate()
        let formula = "~ log(income) + I((age - 50)/10) + C(party)"
        let model = LookalikeModel(method: .pu, randomSeed: 3)
        let file = try model.fit(formula: formula, on: table, seedColumn: "donor", dataPath: "voters.csv", dataSHA256: "abc")
        let prepared = try LookalikeDesign(table, formula: formula, seedColumn: "donor")
        #expect(file.fit == (try model.fit(prepared)))
        #expect(file.manifest.data?.rowsRead == 3000 && file.manifest.data?.sha256 == "abc" && file.manifest.seed == 3)

        let scores = try file.audienceScores(on: table)
        #expect(scores.seedColumn == "donor" && !scores.outOfBag)
        #expect(scores.seeds == (try LookalikeSeeds.read(table, column: "donor")))
        let audience = scores.audience(size: 0.1)
        let candidates = scores.scoredRows.filter { !scores.seeds[$0] }
        #expect(audience.count == Int((0.1 * Double(candidates.count)).rounded(.up)))
        #expect(audience.rows.allSatisfy { !scores.seeds[$0] })
        let lowestIn = audience.rows.map { scores.scores[$0] }.min()!
        #expect(candidates.filter { !audience.members[$0] }.allSatisfy { scores.scores[$0] <= lowestIn })
        let ranks = scores.ranks
        #expect(Set(scores.scoredRows.map { ranks[$0] }) == Set((1...scores.scoredRows.count).map(Double.init)))
        #expect(file.explanation(of: audience).map { $0.value } == file.fit.meanCoefficients)

        let recovery = try file.recovery(try file.design(of: table), holdout: 0.2, size: 0.1, randomSeed: 1)
        #expect(recovery.heldOutSeeds + recovery.trainingSeeds == prepared.seedCount)
        #expect((recovery.auc ?? 0) > 0.5)
    }

    @Test("library errors name the library's parameters")
    func errors() throws {
        let table = VoterFileSimulator(rows: 500, seed: 5).generate()
        #expect(throws: ModelError.formulaHasResponse) {
            try LookalikeDesign(table, formula: "donor ~ age", seedColumn: "donor")
        }
        #expect(ModelError.formulaHasResponse.description.contains("the seed list comes from the seed column"))
        #expect(throws: ModelError.formulaUsesSeedColumn(column: "donor")) {
            try LookalikeDesign(table, formula: "~ age + donor", seedColumn: "donor")
        }
    }
}
