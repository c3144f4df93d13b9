import GlassboxCore
import GlassboxModels
import GlassboxSimulation
import GlassboxTabular
import Testing
@testable import GlassboxExplain

/// The public entry points of the explainers — static functions of the result types taking a model, a table
/// and one `ExplanationOptions` — give exactly what the engines give on the same rows and settings.
@Suite("Explainer entry points on the result types")
struct ExplainerEntryPointTests {
    static let table = VoterFileSimulator(rows: 2_000, seed: 4).generate()
    static let options = ExplanationOptions(repeats: 2, seed: 3, gridPoints: 5, iceRows: 4, shapRows: 3, protected: ["race"], proxyRepeats: 2)

    static func model() throws -> LogisticModelFile {
        try LogisticTraining(formula: "voted_2024 ~ age + female + C(county)")
            .fit(table, provenance: Provenance(commandLine: [], data: nil, blas: "test"))
    }

    @Test("importance, partial dependence, SHAP and proxies equal the engines' results")
    func sameAsEngines() throws {
        let model = try Self.model(), options = Self.options, table = Self.table
        let withOutcome = try ExplainData.forModel(model.encoding, table: table, weights: nil, withOutcome: true)
        let features = try ExplainData.forModel(model.encoding, table: table, weights: nil, withOutcome: false)
        let withProtected = try ExplainData.forModel(model.encoding, table: table, weights: nil, withOutcome: false, extraColumns: ["race"])
        #expect(try PermutationImportanceResult.compute(model: model, table: table, options: options)
                == PermutationImportance.compute(model: model, data: withOutcome, options: options))
        #expect(try PartialDependence.compute(model: model, table: table, feature: "age", options: options)
                == PartialDependenceCalculator.compute(model: model, data: features, feature: "age", options: options))
        #expect(try LinearSHAPResult.compute(model: model, table: table, options: options)
                == LinearSHAP.compute(model: model, data: features, listRows: 3, seed: 3))
        #expect(try ProxyReport.detect(model: model, table: table, options: options)
                == ProxyDetection.run(model: model, data: withProtected, protected: ["race"], options: options))
        let surrogate = try SurrogateReport.fit(model: model, table: table, formula: "~ age + female", options: options)
        #expect(surrogate.formula == "~ age + female" && surrogate.trainRows + surrogate.holdoutRows == table.rowCount)
    }

    @Test("the explanation's sections equal the single explainers with the same options")
    func explanationEqualsParts() throws {
        let model = try Self.model(), table = Self.table
        var options = Self.options
        options.partialDependence = ["age"]
        options.shap = true
        let report = try ExplanationReport.explain(model, table: table, manifest: model.manifest, options: options)
        #expect(report.permutationImportance == (try PermutationImportanceResult.compute(model: model, table: table, options: options)).permutationImportance)
        #expect(report.partialDependence == [try PartialDependence.compute(model: model, table: table, feature: "age", options: options)])
        #expect(report.shap == (try LinearSHAPResult.compute(model: model, table: table, options: options)))
        #expect(report.proxies == (try ProxyReport.detect(model: model, table: table, options: options)))
    }

    @Test("importance of a model whose score predicts no single outcome is refused naming the section")
    func importanceRefused() throws {
        let lookalike = try LookalikeModel(method: .pu, randomSeed: 1).fit(formula: "~ age + female", on: Self.table, seedColumn: "donor")
        #expect(throws: ExplainError.self) { try PermutationImportanceResult.compute(model: AnyModel.lookalike(lookalike), table: Self.table) }
    }
}
