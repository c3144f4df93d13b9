import Foundation
import GlassboxMetrics
import GlassboxSimulation
import GlassboxTabular
import Testing
@testable import GlassboxModels

/// The uplift entry points an embedder uses (issue 14 item 2): a fit from a formula and a `Table`, the
/// per-arm evaluation of a model or of a score column, and their errors, which name the library's
/// parameters rather than CLI flags.
@Suite("Uplift library API")
struct UpliftLibraryAPITests {
    static let formula = "voted_2024 ~ I((age - 50)/10) + voted_2018 + voted_2020 + voted_2022 + female"
    static let canvass = UpliftTreatment(column: "canvassed", treated: ["1"], control: "0")
    static let table = VoterFileSimulator(rows: 3000, seed: 11).generate()

    @Test("fit(formula:on:treatment:) is the design and fit done by hand")
    func formulaFitMatchesManualFit() throws {
        let model = UpliftModel(learner: .xLearner)
        let file = try model.fit(formula: Self.formula, on: Self.table, treatment: Self.canvass)
        let rows = try UpliftRows(Self.table, treatment: Self.canvass)
        let (encoding, design) = try DesignBuilder.fit(try Formula.parse(Self.formula), on: rows.table)
        let fit = try model.fit(x: design.x, termNames: encoding.termNames, y: try #require(design.response),
                                arm: design.rowIndices.map { rows.arms[$0] }, treatments: ["1"], control: "0", responseName: "voted_2024")
        #expect(file.arms == fit.arms)
        #expect(file.encoding == encoding)
        #expect(file.options.learner == .xLearner)

        let data = try UpliftTrainingData(formula: Self.formula, table: Self.table, treatment: Self.canvass)
        #expect(data.rowsRead == 3000 && data.experimentRows == 3000 && data.otherRows == 0 && data.droppedRowCount == 0)
        let source = data.dataSource(path: "voters.csv", sha256: "abc")
        #expect(source.rowsUsed == 3000 && source.rowsRead == 3000 && source.path == "voters.csv")
    }

    @Test("a formula without an outcome or using the treatment column is refused with the message the CLI prints")
    func formulaErrors() {
        #expect(throws: ModelError.unsupportedOption("the formula \"~ age\" has no outcome: write it as \"outcome ~ predictors\"")) {
            try UpliftTrainingData(formula: "~ age", table: Self.table, treatment: Self.canvass)
        }
        #expect(throws: ModelError.unsupportedOption("the formula uses the treatment column 'canvassed'; leave it out: the learner adds the treatment itself")) {
            try UpliftTrainingData(formula: "voted_2024 ~ age + canvassed", table: Self.table, treatment: Self.canvass)
        }
    }

    @Test("evaluate(on:) gives each arm the UpliftEvaluation of its rows; a score column is evaluated the same way")
    func evaluationPerArm() throws {
        let file = try UpliftModel(learner: .twoModel).fit(formula: Self.formula, on: Self.table, treatment: Self.canvass)
        let evaluation = try file.evaluate(on: Self.table, ks: [0.25], bins: 5, bootstrap: 10, seed: 3)
        #expect(evaluation.outcome == "voted_2024")
        #expect(evaluation.treatment == Self.canvass)
        #expect(evaluation.rowsUsed == 3000 && evaluation.rowsDropped == 0)
        let arm = try #require(evaluation.arms.first)
        #expect(evaluation.arms.count == 1 && arm.treated == "1" && arm.control == "0")

        // The same numbers from the model's predictions and UpliftEvaluation directly.
        let design = try DesignBuilder.apply(file.encoding, to: Self.table, requireResponse: true)
        let uplift = try #require(try file.upliftFit.predict(design.x).first).uplift
        let t = try UpliftTreatment(column: "canvassed", treated: ["1"], control: "0").armCodes(in: Self.table).map(Double.init)
        let direct = try UpliftEvaluation(outcomes: try #require(design.response), uplift: uplift, treatment: t, ks: [0.25], bins: 5,
                                          bootstrap: 10, seed: 3)
        #expect(arm.evaluation == direct)
        #expect(arm.rows == Array(0..<3000) && arm.treatment == t)
        #expect(try evaluation.experiment.table(rows: [4, 2]).rowCount == 2)

        // A column holding the same scores evaluates to the same numbers.
        var scored = Self.table
        try scored.append(name: "score", column: .numeric(uplift))
        let column = try UpliftModelEvaluation(scoreColumn: "score", on: scored, treatment: Self.canvass, outcome: "voted_2024", ks: [0.25], bins: 5, bootstrap: 10, seed: 3)
        #expect(column.arms.first?.evaluation == direct)
    }

    @Test("evaluation errors: a treated value the model lacks, a text score column, a non-binary outcome")
    func evaluationErrors() throws {
        let file = try UpliftModel(learner: .twoModel).fit(formula: Self.formula, on: Self.table, treatment: Self.canvass)
        #expect(throws: ModelError.unsupportedOption("the model has no uplift for treatment '0'; it was trained on: 1")) {
            try file.evaluate(on: Self.table, treatment: UpliftTreatment(column: "canvassed", treated: ["0"], control: "1"))
        }
        #expect(throws: ModelError.unsupportedOption("column 'race' must be numeric, but it holds text")) {
            try UpliftModelEvaluation(scoreColumn: "race", on: Self.table, treatment: Self.canvass, outcome: "voted_2024")
        }
        #expect(throws: ModelError.self) { try file.evaluate(on: Self.table, outcome: "age") }
    }

    @Test("a separated propensity names the library's parameter, not a CLI flag")
    func separatedPropensityMessage() {
        let message = ModelError.separatedPropensity(treated: "T", rows: 200, separation: "complete").description
        #expect(message.hasPrefix("the estimated propensity of 'T' is 0 or 1 for 200 row(s): the predictors separate treated from control rows (complete separation)"))
        #expect(message.contains("UpliftPropensity.design") && !message.contains("--"))
    }
}
