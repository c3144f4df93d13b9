import Foundation
import GlassboxCore
@testable import GlassboxExplain
import GlassboxModels
import GlassboxSimulation
import GlassboxTabular
import GlassboxTestSupport
import Testing

/// A tree ensemble routes missing inputs itself, so its explanations use every row it scores (as scikit-learn's
/// `permutation_importance` and shap keep an XGBoost model's NaN inputs); rows missing the outcome or weights
/// are dropped, and the proxy models, which need complete rows, say how many they used.
@Suite("Explainers on tree ensembles keep rows with missing inputs")
struct TreeModelMissingInputTests {
    /// The simulated voter file of ``TreeModelExplainerTests`` with `column` blanked in a seeded `share` of rows.
    static func blanking(_ column: String, share: Double, seed: UInt64, in table: Table = TreeModelExplainerTests.table) throws -> (Table, Int) {
        var generator = SeededGenerator(seed: seed)
        var blanked = 0
        let replaced: Column
        switch try table.column(named: column) {
        case .numeric(let values):
            replaced = .numeric(values.map { v in
                guard Double(generator.next() % 1_000_000) / 1_000_000 < share else { return v }
                blanked += 1
                return .nan
            })
        case .categorical(let c):
            replaced = .categorical(CategoricalColumn(levels: c.levels, codes: c.codes.map { code in
                guard Double(generator.next() % 1_000_000) / 1_000_000 < share else { return code }
                blanked += 1
                return -1
            }))
        }
        return (try table.replacing(column, with: replaced), blanked)
    }

    @Test("explain on a tree model with 30 % of age missing uses every row: importance, PD, SHAP")
    func explainUsesEveryRow() throws {
        let model = try TreeModelExplainerTests.model()
        let (table, blanked) = try Self.blanking("age", share: 0.3, seed: 3)
        #expect(blanked > 800)
        let options = ExplanationOptions(repeats: 2, seed: 5, partialDependence: ["age"], shap: true, shapRows: 3_000)
        let report = try ExplanationReport.explain(model, table: table, manifest: Provenance(commandLine: ["test"], data: nil, blas: ""),
                                                   options: options)
        #expect(report.rowsUsed == table.rowCount)
        #expect(report.rowsDropped == 0)
        #expect(report.permutationImportance?.count == model.inputColumns.count)
        // The PD grid comes from the present ages only.
        let pd = try #require(report.partialDependence?.first)
        let grid = try #require(pd.grid)
        #expect(!grid.contains { $0.isNaN })
        guard case .numeric(let ages) = try table.column(named: "age") else { Issue.record("age"); return }
        #expect(grid == PartialDependenceCalculator.numericGrid(ages.filter { !$0.isNaN }, points: options.gridPoints,
                                                                  percentiles: options.percentiles))
        #expect(pd.average.allSatisfy { $0.isFinite })
        // SHAP of every row, missing ages included, adds up to the ensemble's margin.
        let shap = try #require(report.shap)
        #expect(shap.rows.count == table.rowCount)
        let matrix = try model.ensemble.featureMatrix(table)
        let p = matrix.columns, ageIndex = try #require(model.ensemble.features.firstIndex { $0.name == "age" })
        var missingRows = 0
        for (k, row) in shap.rows.enumerated() {
            let values = Array(matrix.values[row * p..<(row + 1) * p])
            if values[ageIndex].isNaN { missingRows += 1 }
            #expect(abs(shap.values[k].reduce(shap.expectedValue, +) - model.ensemble.margin(values)) < 1e-9)
        }
        #expect(missingRows == blanked)
        // Dependence bins hold the present ages only.
        if let age = shap.dependence?.first(where: { $0.feature == "age" }) {
            #expect(age.bins.reduce(0) { $0 + $1.rows } <= table.rowCount - blanked)
        }
    }

    @Test("rows missing the outcome or the weights are still dropped and counted")
    func outcomeAndWeightsStillRequired() throws {
        let model = try TreeModelExplainerTests.model()
        let (withAge, _) = try Self.blanking("age", share: 0.3, seed: 3)
        let (table, missingOutcome) = try Self.blanking("voted_2024", share: 0.05, seed: 9, in: withAge)
        var weighted = table
        var generator = SeededGenerator(seed: 11)
        var missingWeights = 0
        guard case .numeric(let y) = try table.column(named: "voted_2024") else { Issue.record("outcome"); return }
        try weighted.append(name: "w", column: .numeric((0..<table.rowCount).map { i in
            guard generator.next() % 20 == 0 else { return 1 + Double(i % 3) }
            if !y[i].isNaN { missingWeights += 1 }
            return .nan
        }))
        let data = try ExplainData.forModel(model, table: weighted, weights: "w", withOutcome: true)
        #expect(data.rowsDropped == missingOutcome + missingWeights)
        #expect(data.outcome?.contains { $0.isNaN } == false)
        // Without the outcome (PD, SHAP) the outcome's gaps do not matter.
        let noOutcome = try ExplainData.forModel(model, table: table, weights: nil, withOutcome: false)
        #expect(noOutcome.rowsDropped == 0)
    }

    @Test("permutation importance with missing inputs equals a whole-ensemble re-score on all rows (1e-12 on the grid, 1e-6 against the maker's scorer)")
    func importanceEqualsRescore() throws {
        let model = try TreeModelExplainerTests.model()
        let (table, _) = try Self.blanking("age", share: 0.3, seed: 3)
        let (both, _) = try Self.blanking("income", share: 0.2, seed: 4, in: table)
        let options = ExplanationOptions(metric: .auc, repeats: 2, seed: 5)
        let fast = try PermutationImportanceResult.compute(model: model, table: both, options: options)
        #expect(fast.rows == both.rowCount)
        try TreePermutationRescoreOracle.expectMatches(fast, model: model, table: both, seed: 5, repeats: 2)
        // The generic scorer (a permuted table re-scored by the maker's arithmetic) on the same rows.
        let data = try ExplainData.forModel(model, table: both, weights: nil, withOutcome: true)
        let slow = try PermutationImportance.compute(scorer: ModelScorer(model: model), data: data, options: options)
        for (a, b) in zip(fast.permutationImportance, slow.permutationImportance) {
            #expect(a.feature == b.feature)
            for (x, z) in zip(a.values, b.values) { #expect(abs(x - z) < 1e-6, "\(a.feature): \(x) vs \(z)") }
        }
    }

    /// The TreeSHAP fixture as a model file and a table of its rows (missing values blank).
    static func fixture(_ name: String) throws -> (TreeEnsembleModelFile, TreeSHAPCases, Table) {
        let (ensemble, cases) = try TreeSHAPCases.load(name)
        let file = TreeEnsembleModelFile(ensemble: ensemble, source: .init(format: .xgboost, makerVersion: nil, objective: nil, fileName: "x",
                                                                          sha256: ""),
                                         manifest: Provenance(commandLine: ["test"], data: nil, blas: ""))
        let columns = ensemble.features.indices.map { j in Column.numeric(cases.rows.map { $0[j] ?? .nan }) }
        return (file, cases, try Table(names: ensemble.features.map(\.name), columns: columns))
    }

    @Test("TreeSHAP through the explainers equals XGBoost's pred_contribs on rows with missing values")
    func pathDependentMatchesXGBoostOnMissingRows() throws {
        let (model, cases, table) = try Self.fixture("xgboost")
        let result = try LinearSHAPResult.compute(model: model, table: table, options: ExplanationOptions(seed: 1, shapRows: table.rowCount))
        #expect(result.rows.count == table.rowCount)
        let p = model.ensemble.features.count
        var missing = 0
        for (k, row) in result.rows.enumerated() where cases.rows[row].contains(where: { $0 == nil }) {
            missing += 1
            let maker = cases.contributions![row]
            for (f, name) in model.ensemble.features.map(\.name).enumerated() {
                let c = try #require(result.columns.firstIndex(of: name))
                #expect(abs(result.values[k][c] - maker[f]) / max(1, abs(maker[f])) < 1e-6)
            }
            #expect(abs(result.expectedValue - maker[p]) < 1e-6 * max(1, abs(result.expectedValue)))
        }
        #expect(missing > 100)
    }

    @Test("interventional TreeSHAP with missing values in the explained and background rows is additive")
    func interventionalWithMissingBackground() throws {
        let (model, cases, table) = try Self.fixture("lightgbm-numeric")
        var options = ExplanationOptions(seed: 2, shapRows: table.rowCount)
        options.treeSHAP = .interventional(backgroundRows: 50)
        let result = try LinearSHAPResult.compute(model: model, table: table, options: options)
        #expect(result.rows.count == table.rowCount)
        #expect(result.backgroundRows == 50)
        let background = TreeModelScorer.backgroundRows(count: table.rowCount, wanted: 50, seed: 2)
        #expect(background.contains { cases.rows[$0].contains(where: { $0 == nil }) })
        let matrix = try model.ensemble.featureMatrix(table)
        let p = matrix.columns
        // φ₀ is the background's mean margin; Σφ + φ₀ is each row's margin.
        let expected = background.reduce(0) { $0 + model.ensemble.margin(Array(matrix.values[$1 * p..<($1 + 1) * p])) } / 50
        #expect(abs(result.expectedValue - expected) < 1e-9)
        for (k, row) in result.rows.enumerated() {
            #expect(abs(result.values[k].reduce(result.expectedValue, +) - model.ensemble.margin(Array(matrix.values[row * p..<(row + 1) * p]))) < 1e-9)
        }
    }

    @Test("proxy detection on a tree model with missing inputs uses the complete rows and says how many")
    func proxiesReportTheirRows() throws {
        let model = try TreeModelExplainerTests.model()
        let (withAge, missingAge) = try Self.blanking("age", share: 0.3, seed: 3)
        let options = ExplanationOptions(seed: 5, protected: ["race"])
        let report = try ProxyReport.detect(model: model, table: withAge, options: options)
        #expect(report.rowsUsed == withAge.rowCount - missingAge)
        #expect(report.rowsDropped == missingAge)
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains("\"rowsUsed\":\(withAge.rowCount - missingAge)"))
        // Complete data: nothing left out, nothing written.
        let complete = try ProxyReport.detect(model: model, table: TreeModelExplainerTests.table, options: options)
        #expect(complete.rowsUsed == nil && complete.rowsDropped == nil)
        #expect(!String(decoding: try JSONEncoder().encode(complete), as: UTF8.self).contains("rowsUsed"))
        // Through explain: the explanation keeps every row, the proxy models say what they used.
        let explained = try ExplanationReport.explain(model, table: withAge, manifest: Provenance(commandLine: ["test"], data: nil, blas: ""),
                                                      options: ExplanationOptions(importance: false, seed: 5, protected: ["race"]))
        #expect(explained.rowsUsed == withAge.rowCount)
        #expect(explained.proxies?.rowsUsed == withAge.rowCount - missingAge)
    }
}
