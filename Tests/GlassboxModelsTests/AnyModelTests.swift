import Foundation
import GlassboxCore
import GlassboxSimulation
import GlassboxTabular
import Testing
@testable import GlassboxModels

@Suite("AnyModel: one loader, every kind scores as its own path does")
struct AnyModelTests {
    static let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("models")

    static func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: models.appendingPathComponent(name))) }

    /// Today's per-kind path: the design of the table, the fit's scores, spread to table rows.
    static func spread(_ design: DesignMatrix, _ values: [Double], rows: Int) -> [Double] {
        var out = [Double](repeating: .nan, count: rows)
        for (k, row) in design.rowIndices.enumerated() { out[row] = values[k] }
        return out
    }

    static func same(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    @Test("A logistic file loads as .logistic and scores P(y = 1) bit for bit, with missing rows NaN and counted")
    func logistic() throws {
        var table = VoterFileSimulator(rows: 2_000, seed: 5).generate()
        let age = try table.column(named: "age")
        if case .numeric(var v) = age { v[3] = .nan; v[10] = .nan; table = try Self.replacing(table, "age", .numeric(v)) }
        let loaded = try AnyModel.load(bytes: try Self.bytes("turnout-simulated.json"), path: "turnout-simulated.json")
        guard case .logistic(let file) = loaded else { Issue.record("not logistic"); return }
        #expect(loaded.modelKind == .logistic && loaded.inputColumns == file.encoding.predictorColumns)
        let design = try DesignBuilder.apply(file.encoding, to: table, requireResponse: false)
        let expected = Self.spread(design, try file.logisticFit.predictProbabilities(design.x), rows: table.rowCount)
        let scores = try loaded.scores(on: table)
        #expect(Self.same(scores.values, expected))
        #expect(scores.unscoredRowCount == 2 && scores.values[3].isNaN)
        #expect(loaded.manifest == file.manifest)
    }

    @Test("A lookalike file loads as .lookalike and scores as its fit does")
    func lookalike() throws {
        let table = VoterFileSimulator(rows: 2_000, seed: 6).generate()
        let loaded = try AnyModel.load(bytes: try Self.bytes("lookalike-simulated.json"), path: "lookalike-simulated.json")
        guard case .lookalike(let file) = loaded else { Issue.record("not lookalike"); return }
        let design = try DesignBuilder.apply(file.encoding, to: table, requireResponse: false)
        let expected = Self.spread(design, try file.fit.score(design.x), rows: table.rowCount)
        #expect(Self.same(try loaded.scores(on: table).values, expected))
    }

    @Test("An uplift file loads as .uplift; its score is the first arm's uplift and every arm is reachable")
    func uplift() throws {
        let table = VoterFileSimulator(rows: 4_000, seed: 3).generate()
        let formula = "voted_2024 ~ I((age - 50)/10) + voted_2018 + voted_2022 + female"
        let (encoding, design) = try DesignBuilder.fit(try Formula.parse(formula), on: table)
        let treatment = UpliftTreatment(column: "canvassed", treated: ["1"], control: "0")
        let arms = try treatment.armCodes(in: table)
        let model = UpliftModel(learner: .twoModel)
        let fit = try model.fit(x: design.x, termNames: encoding.termNames, y: try #require(design.response), arm: arms,
                                treatments: ["1"], control: "0")
        let file = UpliftModelFile(encoding: encoding, treatment: treatment, model: model, fit: fit,
                                   manifest: Provenance(commandLine: [], data: nil, blas: "test", environment: ["SOURCE_DATE_EPOCH": "0"]))
        let loaded = try AnyModel.load(bytes: try file.encoded(), path: "u.json")
        guard case .uplift(let again) = loaded else { Issue.record("not uplift"); return }
        let x = try DesignBuilder.apply(again.encoding, to: table, requireResponse: false)
        let expected = Self.spread(x, try again.upliftFit.predict(x.x)[0].uplift, rows: table.rowCount)
        #expect(Self.same(try loaded.scores(on: table).values, expected))
        #expect(Self.same(try again.arm("1").scores(on: table).values, expected))
        let columns = try again.scoreColumns(on: table)
        #expect(columns.columns.map(\.name) == ["uplift", "p_treated", "p_control", "recommended_treatment"])
        #expect(throws: ModelError.unsupportedOption("the model has no treatment '2'")) { try again.arm("2") }
    }

    @Test("The loader keeps each kind's messages: a wrong header is reported as before")
    func messages() throws {
        #expect(throws: ModelError.invalidModelFile("m.json is empty")) { try AnyModel.load(bytes: [], path: "m.json") }
        let text = Array(#"{"schemaVersion": 1, "kind": "forest"}"#.utf8)
        #expect(throws: ModelError.invalidModelFile("m.json holds a 'forest' model, but a 'logistic' model is needed here")) {
            try AnyModel.load(bytes: text, path: "m.json")
        }
    }

    static func replacing(_ table: Table, _ name: String, _ column: Column) throws -> Table {
        try Table(names: table.columnNames, columns: zip(table.columnNames, table.columns).map { $0 == name ? column : $1 })
    }
}
