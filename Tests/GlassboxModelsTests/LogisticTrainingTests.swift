import Foundation
import GlassboxCore
import GlassboxTabular
import Testing
@testable import GlassboxModels

/// `LogisticTraining`: the one library call behind `glassbox train logistic`.
@Suite("Logistic training from a formula and a table")
struct LogisticTrainingTests {
    static func table(missingRow: Bool = false) throws -> Table {
        var rng = SeededGenerator(seed: 7)
        let n = 300
        var x = (0..<n).map { _ in rng.nextNormal() }
        if missingRow { x[5] = .nan }
        let w = (0..<n).map { _ in Double(1 + rng.nextInt(below: 3)) }
        let household = (0..<n).map { "h\($0 / 3)" }
        let y = (0..<n).map { i in rng.nextUniform() < 1 / (1 + exp(-(0.2 + 0.8 * (x[i].isNaN ? 0 : x[i])))) ? 1.0 : 0.0 }
        return try Table(names: ["y", "x", "w", "household"],
                         columns: [.numeric(y), .numeric(x), .numeric(w), .categorical(CategoricalColumn(values: household))])
    }

    static let provenance = Provenance(commandLine: ["train"], data: .init(path: "d.csv", sha256: "00", rowsRead: 0, rowsUsed: 0, rowsDropped: 0,
                                                                           missingByColumn: [:]),
                                       blas: "test", environment: ["SOURCE_DATE_EPOCH": "0"])

    @Test("the one call gives the same model file as building the design and fitting by hand")
    func sameAsByHand() throws {
        let table = try Self.table()
        let training = LogisticTraining(formula: "y ~ x", weightsColumn: "w", clusterColumn: "household")
        let file = try training.fit(table, provenance: Self.provenance)

        let (encoding, design) = try DesignBuilder.fit(try Formula.parse("y ~ x"), on: table, extraColumns: ["w", "household"])
        let model = LogisticRegression(covariance: .cluster)
        guard case .numeric(let w) = try table.column(named: "w") else { Issue.record("w is numeric"); return }
        let clusters = (0..<table.rowCount).map { $0 / 3 }
        let fit = try model.fit(x: design.x, y: design.response!, termNames: encoding.termNames, responseName: "y",
                                weights: w, weightsName: "w", clusters: clusters)
        var manifest = Self.provenance
        manifest.data = .init(path: "d.csv", sha256: "00", rowsRead: 300, rowsUsed: 300, rowsDropped: 0, missingByColumn: design.droppedByColumn)
        let expected = LogisticModelFile(encoding: encoding, model: model, fit: fit, weights: "w", cluster: "household", manifest: manifest)
        #expect(file == expected)
        #expect(try file.encoded() == expected.encoded())
    }

    @Test("rows with a missing value are dropped and counted in the provenance")
    func droppedRowsCounted() throws {
        let file = try LogisticTraining(formula: "y ~ x").fit(try Self.table(missingRow: true), provenance: Self.provenance)
        #expect(file.manifest.data?.rowsRead == 300)
        #expect(file.manifest.data?.rowsUsed == 299)
        #expect(file.manifest.data?.rowsDropped == 1)
        #expect(file.manifest.data?.missingByColumn["x"] == 1)
    }

    @Test("library errors speak of the formula and columns, with the CLI's wording")
    func errors() throws {
        let table = try Self.table()
        #expect(throws: ModelError.formulaWithoutOutcome(formula: "~ x")) {
            try LogisticTraining(formula: "~ x").prepare(table)
        }
        #expect(throws: ModelError.columnNotNumeric(name: "household")) {
            try LogisticTraining(formula: "y ~ x", weightsColumn: "household").prepare(table)
        }
        let one = try Table(names: ["y", "x", "c"], columns: [.numeric([0, 1, 0, 1]), .numeric([1, 2, 3, 4]), .numeric([5, 5, 5, 5])])
        #expect(throws: ModelError.tooFewClusters(column: "c", count: 1)) {
            try LogisticTraining(formula: "y ~ x", clusterColumn: "c").prepare(one)
        }
        #expect(ModelError.formulaWithoutOutcome(formula: "~ x").description == "the formula \"~ x\" has no outcome: write it as \"outcome ~ predictors\"")
    }
}
