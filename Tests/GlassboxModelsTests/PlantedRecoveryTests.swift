import GlassboxSimulation
import GlassboxTabular
import Testing
@testable import GlassboxModels

/// The simulator plants a turnout model with known coefficients; the fit must find them.
@Suite("Logistic regression recovers the simulator's planted turnout model")
struct PlantedRecoveryTests {
    @Test("every planted coefficient lies within 4 standard errors at 200,000 voters, and the CI covers most")
    func recovery() throws {
        let table = VoterFileSimulator(rows: 200_000, seed: 1).generate()
        let (encoding, design) = try DesignBuilder.fit(try Formula.parse(PlantedTruth.turnoutFormula), on: table)
        let fit = try LogisticRegression().fit(x: design.x, y: try #require(design.response), termNames: encoding.termNames)
        #expect(fit.converged)
        #expect(Set(encoding.termNames) == Set(PlantedTruth.turnoutCoefficients.keys))
        let se = try #require(fit.standardErrors)
        var covered = 0
        for (j, term) in encoding.termNames.enumerated() {
            let truth = try #require(PlantedTruth.turnoutCoefficients[term])
            #expect(abs(fit.estimates[j] - truth) < 4 * se[j], "\(term): \(fit.estimates[j]) vs planted \(truth) (se \(se[j]))")
            if let row = fit.coefficientTable().first(where: { $0.term == term }), row.ciLower! <= truth, truth <= row.ciUpper! { covered += 1 }
        }
        #expect(covered >= 6)
    }
}
