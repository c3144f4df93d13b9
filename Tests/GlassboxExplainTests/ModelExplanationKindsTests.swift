import GlassboxCore
import GlassboxModels
import GlassboxSimulation
import GlassboxTabular
import Testing
@testable import GlassboxExplain

/// `ExplanationReport.explain` on uplift and lookalike models: partial dependence and proxy detection run
/// through the generic `ScoringModel` scorer; permutation importance and exact SHAP, not defined for these
/// kinds, are refused before any work with `ExplainError.sectionNotDefined`.
@Suite("Model explanation of every model kind")
struct ModelExplanationKindsTests {
    static let table = VoterFileSimulator(rows: 3_000, seed: 9).generate()

    static func models() throws -> [any ScoringModel] {
        let uplift = try UpliftModel(learner: .twoModel).fit(formula: "voted_2024 ~ age + female", on: table,
                                                             treatment: UpliftTreatment(column: "canvassed", treated: ["1"], control: "0"))
        let lookalike = try LookalikeModel(method: .pu, randomSeed: 1).fit(formula: "~ age + female", on: table, seedColumn: "donor")
        return [uplift, AnyModel.lookalike(lookalike)]
    }

    static let provenance = Provenance(commandLine: [], data: nil, blas: "test")

    @Test("importance and exact SHAP are refused naming the section and the kind")
    func refused() throws {
        for model in try Self.models() {
            let kind = model.modelKind.rawValue
            #expect(throws: ExplainError.self) {
                try ExplanationReport.explain(model, table: Self.table, manifest: Self.provenance, options: ExplanationOptions())
            }
            do {
                _ = try ExplanationReport.explain(model, table: Self.table, manifest: Self.provenance, options: ExplanationOptions())
            } catch let ExplainError.sectionNotDefined(section, errorKind, _) {
                #expect(section == "permutation importance" && errorKind == kind)
            }
            do {
                _ = try ExplanationReport.explain(model, table: Self.table, manifest: Self.provenance,
                                                 options: ExplanationOptions(importance: false, shap: true))
                Issue.record("SHAP of a \(kind) model was not refused")
            } catch let ExplainError.sectionNotDefined(section, errorKind, _) {
                #expect(section == "exact SHAP" && errorKind == kind)
            }
        }
    }

    @Test("partial dependence is the mean re-scored model with the feature set to each grid value; proxies are computed")
    func partialDependenceAndProxies() throws {
        for model in try Self.models() {
            let report = try ExplanationReport.explain(model, table: Self.table, manifest: Self.provenance,
                                                      options: ExplanationOptions(importance: false, partialDependence: ["age"], gridPoints: 5,
                                                                                  protected: ["race"]))
            let pd = try #require(report.partialDependence?.first)
            let grid = try #require(pd.grid)
            #expect(grid.count == 5 && pd.average.count == 5)
            // The first grid point by hand: every row's age set to it, the model's mean score.
            var fixed = Table(rowCount: Self.table.rowCount)
            for name in Self.table.columnNames {
                try fixed.append(name: name, column: name == "age" ? .numeric([Double](repeating: grid[0], count: fixed.rowCount))
                                                                    : try Self.table.column(named: name))
            }
            let scores = try model.scores(on: fixed).values
            let mean = scores.reduce(0, +) / Double(scores.count)
            #expect(abs(pd.average[0] - mean) < 1e-12, "\(model.modelKind): \(pd.average[0]) vs \(mean)")
            #expect(report.proxies?.attributes.first?.attribute == "race")
            #expect(report.permutationImportance == nil && report.shap == nil)
        }
    }
}
