import Foundation
import GlassboxCore
@testable import GlassboxExplain
import GlassboxModels
import GlassboxSimulation
import GlassboxTabular
import GlassboxTestSupport
import Testing

/// The explainers on an imported XGBoost model (Tests/Reference/make_xgboost_turnout.py): permutation
/// importance re-walking only the trees that split on the permuted feature gives what a naive re-score gives,
/// and SHAP is exact path-dependent TreeSHAP.
@Suite("Explainers on tree ensembles")
struct TreeModelExplainerTests {
    static let table = VoterFileSimulator(rows: 3_000, seed: 21).generate()

    static func model() throws -> TreeEnsembleModelFile {
        let bytes = try [UInt8](Data(contentsOf: Repository.fixture("reference/xgboost-turnout/turnout.json")))
        return try TreeEnsembleModelFile.importing(.xgboost, bytes: bytes, fileName: "turnout.json", outcome: "voted_2024",
                                                   manifest: Provenance(commandLine: ["test"], data: nil, blas: ""))
    }

    /// Permutation importance by re-scoring the whole model on a permuted table (the generic scorer).
    func naive(_ model: TreeEnsembleModelFile, options: ExplanationOptions) throws -> PermutationImportanceResult {
        let data = try ExplainData.forModel(model.encoding, table: Self.table, weights: options.weights, withOutcome: true)
        return try PermutationImportance.compute(scorer: ModelScorer(model: model), data: data, options: options)
    }

    @Test("permutation importance re-walking only the trees on the feature equals a naive re-score (auc, logloss, subsample)",
          arguments: [ImportanceMetric.auc, .logloss])
    func partialReevaluation(metric: ImportanceMetric) throws {
        let model = try Self.model()
        #expect(ModelScorer.forModel(model) is TreeModelScorer)
        for maxRows in [nil, 1_000] as [Int?] {
            let options = ExplanationOptions(metric: metric, repeats: 2, seed: 5, maxRows: maxRows)
            let fast = try PermutationImportanceResult.compute(model: model, table: Self.table, options: options)
            let slow = try naive(model, options: options)
            #expect(fast.permutationImportance.map(\.feature) == slow.permutationImportance.map(\.feature))
            // The fast path sums leaves exactly on a fixed-point grid, XGBoost in float32: the margins differ by
            // float32 rounding (≈ 1e-7), far below any difference permuting a feature makes.
            #expect(abs(fast.baseline - slow.baseline) < 1e-6)
            for (a, b) in zip(fast.permutationImportance, slow.permutationImportance) {
                for (x, y) in zip(a.values, b.values) { #expect(abs(x - y) < 1e-6, "\(metric) \(a.feature): \(x) vs \(y)") }
            }
        }
    }

    @Test("only the trees that split on a feature are walked again, and a permuted margin is the whole ensemble's")
    func plansCoverSplittingTrees() throws {
        let model = try Self.model()
        let scorer = TreeModelScorer(model: model)
        let matrix = try scorer.featureMatrix(Self.table)
        let (margins, plans) = try #require(TreeFeaturePermutation.plans(scorer, matrix: matrix))
        for plan in plans {
            let expected = model.ensemble.trees.indices.filter { t in
                model.ensemble.trees[t].nodes.contains { !$0.isLeaf && Int($0.feature) == plan.feature }
            }
            #expect(plan.trees == expected)
        }
        // Against the ensemble's own margin of the permuted rows (double arithmetic): equal to rounding.
        var generator = SeededGenerator(seed: 3)
        let permutation = generator.permutation(count: matrix.rows)
        let p = matrix.columns
        for plan in plans {
            let permuted = plan.permuted(margins: margins, rows: nil, permutation: permutation)
            for i in stride(from: 0, to: matrix.rows, by: 97) {
                var row = Array(matrix.values[i * p..<(i + 1) * p])
                row[plan.feature] = matrix.values[permutation[i] * p + plan.feature]
                #expect(abs(permuted[i] - model.ensemble.margin(row)) < 1e-9)
            }
        }
    }

    @Test("SHAP on a tree model is path-dependent TreeSHAP: additive to the margin, ranked by mean |φ|")
    func treeSHAP() throws {
        let model = try Self.model()
        try ExplanationReport.checkSections(model, options: ExplanationOptions(shap: true))
        let result = try LinearSHAPResult.compute(model: model, table: Self.table, options: ExplanationOptions(seed: 2, shapRows: 20))
        #expect(Set(result.columns) == Set(model.inputColumns))
        #expect(result.values.count == 20)
        let matrix = try model.ensemble.featureMatrix(Self.table)
        let p = matrix.columns
        for (k, row) in result.rows.enumerated() {
            let margin = model.ensemble.margin(Array(matrix.values[row * p..<(row + 1) * p]))
            #expect(abs(result.values[k].reduce(result.expectedValue, +) - margin) < 1e-9)
        }
        let means = result.features.map(\.meanAbs)
        #expect(means == means.sorted(by: >))
        // County (the proxy through which the vendor score's bias is learnt) moves the score.
        #expect((result.features.first { $0.feature == "county" }?.meanAbs ?? 0) > 0)
    }

    @Test("surrogate and proxy detection work on a tree model through ScoringModel: county carries race")
    func surrogateAndProxies() throws {
        let model = try Self.model()
        let surrogate = try SurrogateReport.fit(model: model, table: Self.table, formula: "~ age + voted_2018 + voted_2020 + voted_2022 + county")
        #expect(surrogate.linear.holdout.r2 > 0.5)
        let proxies = try ProxyReport.detect(model: model, table: Self.table, options: ExplanationOptions(protected: ["race"]))
        let hispanic = try #require(proxies.attributes.first?.levels.first { $0.level == "Hispanic" })
        #expect(hispanic.strong)
        #expect(hispanic.carriers.first?.feature == "county")
    }
}
