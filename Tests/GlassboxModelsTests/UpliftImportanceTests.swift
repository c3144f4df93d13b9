import GlassboxSimulation
import GlassboxTabular
import Testing
@testable import GlassboxModels

@Suite("Uplift permutation importance (Qini)")
struct UpliftImportanceTests {
    @Test("The planted effect modifier (voted_2022) is the most important column; results are seeded")
    func plantedModifier() throws {
        let table = VoterFileSimulator(rows: 20_000, seed: 3).generate()
        let formula = "voted_2024 ~ I((age - 50)/10) + voted_2018 + voted_2020 + voted_2022 + female"
        let (encoding, design) = try DesignBuilder.fit(try Formula.parse(formula), on: table)
        let arms = try UpliftTreatment(column: "canvassed", treated: ["1"], control: "0").armCodes(in: table)
        let y = try #require(design.response)
        let fit = try UpliftModel(learner: .twoModel).fit(x: design.x, termNames: encoding.termNames, y: y, arm: arms,
                                                          treatments: ["1"], control: "0")
        #expect(design.droppedRowCount == 0)
        let t = arms.map(Double.init)
        let result = try UpliftPermutationImportance.compute(encoding: encoding, fit: fit, treated: "1", table: table, outcomes: y,
                                                            treatment: t, repeats: 3, seed: 9)
        #expect(result.permutationImportance.map(\.feature) == ["age", "voted_2018", "voted_2020", "voted_2022", "female"])
        let top = try #require(result.permutationImportance.max { $0.mean < $1.mean })
        #expect(top.feature == "voted_2022", "\(result.permutationImportance.map { ($0.feature, $0.mean) })")
        for f in result.permutationImportance {
            let mean = f.values.reduce(0, +) / 3
            #expect(abs(f.mean - mean) < 1e-15 && f.values.count == 3)
        }
        let again = try UpliftPermutationImportance.compute(encoding: encoding, fit: fit, treated: "1", table: table, outcomes: y,
                                                           treatment: t, repeats: 3, seed: 9)
        #expect(again == result)
    }
}
