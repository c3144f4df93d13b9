import Foundation
import GlassboxTestSupport
import Testing
@testable import GlassboxModels

/// Rows the sklearn2pmml documents define no prediction for: `contacts` and `past` have no
/// `missingValueReplacement`, the decision tree says `missingValueStrategy="nullPrediction"` and the forest
/// and boosting trees (strategy `none`, `noTrueChildStrategy` `returnNullPrediction`) test each with a
/// complementary pair (`≤ t`, `> t`), so a missing value leaves no true child. A PMML evaluator returns no
/// score for such a row (DMG PMML 4.4, TreeModel: "missing value handling", "noTrueChildStrategy");
/// Glassbox scores it NaN and counts it unscored. A row whose path never tests the missing field keeps
/// its score, and complete rows in the same batch still equal scikit-learn's `predict_proba` to 1e-12.
@Suite struct PMMLNullPredictionTests {
    typealias Reference = PMMLReferenceTests

    @Test(arguments: ["tree", "rf", "gbm"])
    func rowsMissingAFieldWithoutRuleHaveNoScore(_ name: String) throws {
        let meta = try Reference.meta()
        let ensemble = try Reference.load(name).model.ensemble
        let expected = try TreeReferenceRows.float64s(Reference.directory.appendingPathComponent("pmml-\(name).predictions.f64"))
        let base = TreeReferenceRows.rows(seed: UInt64(try #require(meta["testSeed"] as? Int)), count: 3_000)
        let contacts = try #require(ensemble.features.firstIndex { $0.name == "contacts" })
        let past = try #require(ensemble.features.firstIndex { $0.name == "past" })
        // Every third row misses contacts, every third past; the rest are complete.
        var rows = base.map { Reference.featureRow($0, ensemble: ensemble) }
        for i in rows.indices where i % 3 != 2 { rows[i][i % 3 == 0 ? contacts : past] = .nan }
        let matrix = TreeFeatureMatrix(rows: rows.count, columns: ensemble.features.count, values: rows.flatMap { $0 })
        let batch = TreeEnsembleScorer(ensemble).scores(matrix)
        var unscored = 0, scoredWithMissing = 0
        for (i, row) in rows.enumerated() {
            let single = ensemble.score(margin: ensemble.margin(row))
            #expect(single.isNaN == batch[i].isNaN && (single.isNaN || single == batch[i]), "row \(i)")
            if i % 3 == 2 {
                #expect(abs(batch[i] - expected[i]) <= 1e-12, "complete row \(i)")
                continue
            }
            if batch[i].isNaN {
                unscored += 1
            } else {
                // A scored row's path never tests the missing field: any value gives the same score.
                scoredWithMissing += 1
                let j = i % 3 == 0 ? contacts : past
                for value in [0.0, 0.5, 1, 2, 5] {
                    var filled = row
                    filled[j] = value
                    #expect(ensemble.score(margin: ensemble.margin(filled)) == batch[i], "row \(i), value \(value)")
                }
            }
        }
        print("PMML \(name): \(unscored) of 2,000 rows with a missing field have no score, \(scoredWithMissing) do")
        #expect(unscored > 0)
        // The forest and the boosting sum test contacts and past in some tree of nearly every path.
        if name == "tree" { #expect(scoredWithMissing > 0) }
    }

    /// A missing value under an `isMissing` test, or on a replaced field, is known: those rows keep a score.
    @Test func knownMissingValuesKeepTheirScore() throws {
        let ensemble = try Reference.load("tree").model.ensemble
        let age = try #require(ensemble.features.firstIndex { $0.name == "age" })
        let base = TreeReferenceRows.rows(seed: 29, count: 200).map { Reference.featureRow($0, ensemble: ensemble) }
        for var row in base {
            row[age] = .nan
            #expect(!ensemble.margin(row).isNaN)
        }
    }
}
