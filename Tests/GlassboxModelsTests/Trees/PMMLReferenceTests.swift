import Foundation
import GlassboxTestSupport
import Testing
@testable import GlassboxModels

/// scikit-learn's `predict_proba` for pipelines exported with sklearn2pmml, on 50,000 seeded rows plus rows
/// at every threshold (`Tests/Fixtures/reference/trees/pmml-*`, written by
/// `Tests/Reference/make_pmml_reference.py`).
@Suite struct PMMLReferenceTests {
    static let directory = Repository.fixture("reference/trees")

    static func meta() throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("pmml-reference.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func load(_ name: String) throws -> (model: ImportedTreeModel, featuresWithoutMissingRule: [String]) {
        try PMMLModel.read(Array(try Data(contentsOf: directory.appendingPathComponent("pmml-\(name).pmml"))))
    }

    /// Generator rows in the ensemble's feature order; categorical codes re-mapped to the PMML levels.
    static func featureRow(_ row: [Double], ensemble: TreeEnsemble) -> [Double] {
        ensemble.features.map { feature in
            let j = TreeReferenceRows.columns.firstIndex(of: feature.name)!
            guard case let .categorical(levels) = feature.kind else { return row[j] }
            guard row[j] >= 0 else { return .nan }
            let text = (feature.name == "county" ? TreeReferenceRows.countyLevels : TreeReferenceRows.partyLevels)[Int(row[j])]
            return levels.firstIndex(of: text).map(Double.init) ?? .nan
        }
    }

    static func check(_ name: String) throws -> TreeEnsemble {
        let meta = try meta(), models = try #require(meta["models"] as? [String: [String: Any]])
        let model = try #require(models[name])
        let ensemble = try load(name).model.ensemble
        let base = TreeReferenceRows.rows(seed: UInt64(try #require(meta["testSeed"] as? Int)),
                                          count: try #require(meta["testRows"] as? Int))
        let splits = try #require(model["thresholdRows"] as? [[Any]])
        let rows = base + TreeReferenceRows.thresholdRows(base: base, splits: splits)
        let expected = try TreeReferenceRows.float64s(directory.appendingPathComponent(try #require(model["predictions"] as? String)))
        try #require(expected.count == rows.count)
        var maxDiff = 0.0, worst = 0
        for (i, row) in rows.enumerated() {
            let diff = abs(ensemble.score(margin: ensemble.margin(featureRow(row, ensemble: ensemble))) - expected[i])
            if !(diff <= maxDiff) { maxDiff = diff; worst = i }
        }
        print("PMML \(name): \(rows.count) rows (\(splits.count) at thresholds), max |Glassbox − scikit-learn| = \(maxDiff) at row \(worst)")
        #expect(maxDiff <= 1e-12)
        // The batch scorer `glassbox score` uses agrees as closely.
        let matrixRows = rows.map { featureRow($0, ensemble: ensemble) }
        let batch = TreeEnsembleScorer(ensemble).scores(TreeFeatureMatrix(rows: matrixRows.count, columns: ensemble.features.count,
                                                                           values: matrixRows.flatMap { $0 }))
        let batchDiff = zip(batch, expected).map { abs($0 - $1) }.max() ?? .nan
        print("  batch scorer: max diff \(batchDiff)")
        #expect(batchDiff <= 1e-12)
        return ensemble
    }

    @Test func compactDecisionTreeMatchesPredictProba() throws {
        let ensemble = try Self.check("tree")
        #expect(ensemble.trees.count == 1 && ensemble.link == .identity)
    }

    @Test func randomForestAverageMatchesPredictProba() throws {
        let ensemble = try Self.check("rf")
        #expect(ensemble.combination == .average && ensemble.trees.count == 20)
    }

    @Test func gradientBoostingModelChainMatchesPredictProba() throws {
        let ensemble = try Self.check("gbm")
        #expect(ensemble.link == .logistic && ensemble.trees.count == 40)
    }
}
