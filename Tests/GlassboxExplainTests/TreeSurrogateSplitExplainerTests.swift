import Foundation
import GlassboxCore
@testable import GlassboxExplain
@testable import GlassboxModels
import GlassboxTestSupport
import Testing

/// The explainers on a tree with surrogate splits (R's rpart without `maxdepth`, whose PMML import keeps the
/// surrogates, Tests/Fixtures/reference/trees/rpmml-rpartdeep.pmml): permutation importance re-walks every tree
/// a feature reaches through a surrogate too and equals the ensemble's own margins; the SHAP section is defined.
@Suite struct TreeSurrogateSplitExplainerTests {
    static func model() throws -> TreeEnsembleModelFile {
        let bytes = try [UInt8](Data(contentsOf: Repository.fixture("reference/trees/rpmml-rpartdeep.pmml")))
        return try TreeEnsembleModelFile.importing(.pmml, bytes: bytes, fileName: "rpmml-rpartdeep.pmml", outcome: "voted",
                                                   manifest: Provenance(commandLine: ["test"], data: nil, blas: ""))
    }

    /// The seeded reference rows (missing values included) in the ensemble's feature order, categories as codes.
    static func matrix(_ ensemble: TreeEnsemble, count: Int) -> TreeFeatureMatrix {
        let rows = TreeReferenceRows.rows(seed: 29, count: count).map { row in
            ensemble.features.map { feature -> Double in
                let j = TreeReferenceRows.columns.firstIndex(of: feature.name)!
                guard case let .categorical(levels) = feature.kind else { return row[j] }
                guard row[j] >= 0 else { return .nan }
                let text = (feature.name == "county" ? TreeReferenceRows.countyLevels : TreeReferenceRows.partyLevels)[Int(row[j])]
                return levels.firstIndex(of: text).map(Double.init) ?? .nan
            }
        }
        return TreeFeatureMatrix(rows: rows.count, columns: ensemble.features.count, values: rows.flatMap { $0 })
    }

    @Test func permutationPlansFollowSurrogates() throws {
        let model = try Self.model()
        let ensemble = model.ensemble
        #expect(ensemble.hasSurrogateSplits)
        let scorer = TreeModelScorer(model: model)
        let matrix = Self.matrix(ensemble, count: 4_000)
        // The path-interval pass reads one feature per node: it declines, the per-tree plans take over.
        #expect(TreePathPermutation(scorer, matrix: matrix) == nil)
        let (margins, plans) = try #require(TreeFeaturePermutation.plans(scorer, matrix: matrix))
        var generator = SeededGenerator(seed: 3)
        let permutation = generator.permutation(count: matrix.rows)
        let p = matrix.columns
        for plan in plans {
            #expect(plan.trees == [0], "\(ensemble.features[plan.feature].name) is read by a split or a surrogate")
            let permuted = plan.permuted(margins: margins, rows: nil, permutation: permutation)
            for i in 0..<matrix.rows {
                var row = Array(matrix.values[i * p..<(i + 1) * p])
                row[plan.feature] = matrix.values[permutation[i] * p + plan.feature]
                #expect(abs(permuted[i] - ensemble.margin(row)) < 1e-9, "\(plan.feature) row \(i)")
            }
        }
        // TreeSHAP follows the surrogates too (TreeSHAPSurrogateTests), so the SHAP section is defined.
        try ExplanationReport.checkSections(model, options: ExplanationOptions(shap: true))
    }
}
