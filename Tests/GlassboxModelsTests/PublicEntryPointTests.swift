import GlassboxCore
import GlassboxSimulation
import GlassboxTabular
import Testing
@testable import GlassboxModels

/// The public calls that stand in for types made `package` (issue 14, item 5): they give an embedder
/// what `glassbox score` and `glassbox train logistic` compute.
@Suite("Public entry points behind package types")
struct PublicEntryPointTests {
    static let voters = VoterFileSimulator(rows: 2_000, seed: 6).generate()

    /// Whether `table` holds exactly `columns`, in order (NaN equals NaN).
    static func same(_ table: Table, _ columns: [(name: String, column: Column)]) throws -> Bool {
        guard table.columnNames == columns.map(\.name) else { return false }
        return try columns.allSatisfy { name, column in
            switch (try table.column(named: name), column) {
            case let (.numeric(a), .numeric(b)): a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
            case let (.categorical(a), .categorical(b)): a == b
            default: false
            }
        }
    }

    @Test("a lookalike model's scoreTable holds the columns glassbox score writes, out of bag on its training data")
    func lookalikeScoreTable() throws {
        let file = try LookalikeModel(method: .pu, bagging: 5, randomSeed: 3)
            .fit(formula: "~ age + female", on: Self.voters, seedColumn: "donor", dataPath: "voters.csv", dataSHA256: "abc")
        for (digest, size) in [("abc", 0.1 as Double?), ("other", nil)] {
            let output = try file.scoreColumns(on: Self.voters, dataSHA256: digest, size: size)
            #expect(try Self.same(file.scoreTable(on: Self.voters, dataSHA256: digest, size: size), output.columns))
        }
    }

    @Test("an uplift model's scoreTable holds uplift, outcome probabilities and the recommendation")
    func upliftScoreTable() throws {
        let file = try UpliftModel(learner: .twoModel)
            .fit(formula: "voted_2024 ~ age + female", on: Self.voters, treatment: UpliftTreatment(column: "canvassed", treated: ["1"], control: "0"))
        let table = try file.scoreTable(on: Self.voters)
        #expect(table.columnNames == ["uplift", "p_treated", "p_control", "recommended_treatment"])
        #expect(try Self.same(table, file.scoreColumns(on: Self.voters).columns))
    }

    @Test("training from a consumed table reports the design warnings and fits as prepare-then-fit does")
    func logisticFromConsumedTable() throws {
        let table = try LogisticTrainingTests.table(missingRow: true)
        let training = LogisticTraining(formula: "y ~ x")
        var expectedWarnings = [String]()
        let expected = try training.fit(try training.prepare(table) { expectedWarnings.append($0) }, provenance: LogisticTrainingTests.provenance)
        var warnings = [String]()
        let copy = table
        let file = try training.fit(consume copy, provenance: LogisticTrainingTests.provenance, onWarning: { warnings.append($0) })
        #expect(warnings == expectedWarnings)
        #expect(try file.encoded() == expected.encoded())
    }
}
