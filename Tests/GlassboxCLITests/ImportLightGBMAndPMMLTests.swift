import Foundation
import Testing
import GlassboxTestSupport

/// `glassbox import lightgbm|pmml` writes model files that `score` scores as the makers do: LightGBM's
/// `predict` and scikit-learn's `predict_proba` on the first 500 reference rows
/// (Tests/Fixtures/reference/trees, written by make_lightgbm_reference.py and make_pmml_reference.py).
@Suite("import and score LightGBM and PMML models", .serialized)
struct ImportLightGBMAndPMMLTests {
    static let fixtures = Repository.fixture("reference/trees")

    /// Imports `file` as `format`, scores the first 500 rows of seed 29 and compares with the stored
    /// predictions; returns `import`'s standard output.
    static func check(_ format: String, _ file: String, predictions: String, levels: Bool = true) throws -> String {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let imported = try GlassboxProcess.run(["import", format, Self.fixtures.appendingPathComponent(file).path, "--out", scratch.path("m.json")])
        #expect(imported.status == 0, "\(imported.stderr)")
        try TreeReferenceRows.csv(seed: 29, count: 500, levels: levels).write(toFile: scratch.path("d.csv"), atomically: true, encoding: .utf8)
        let scored = try GlassboxProcess.run(["score", scratch.path("m.json"), "--data", scratch.path("d.csv"), "--out", scratch.path("s.csv")])
        #expect(scored.status == 0, "\(scored.stderr)")
        let expected = try TreeReferenceRows.float64s(Self.fixtures.appendingPathComponent(predictions))
        let lines = try String(contentsOfFile: scratch.path("s.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(lines.count == 500)
        var maxDiff = 0.0
        for (i, line) in lines.enumerated() {
            let score = try #require(Double(line), "row \(i): '\(line)'")
            maxDiff = max(maxDiff, abs(score - expected[i]))
        }
        #expect(maxDiff <= 1e-12, "\(file): max difference \(maxDiff)")
        return imported.stdout
    }

    @Test func lightGBMWithPandasCategoricals() throws {
        let out = try Self.check("lightgbm", "lightgbm-gbdt.txt", predictions: "lightgbm-gbdt.predictions.f64")
        #expect(out.contains("40 trees, 6 features (lightgbm v4)"), "\(out)")
    }

    @Test func lightGBMForestWithCodes() throws {
        _ = try Self.check("lightgbm", "lightgbm-rf.txt", predictions: "lightgbm-rf.predictions.f64", levels: false)
    }

    @Test func pmmlGradientBoosting() throws {
        let out = try Self.check("pmml", "pmml-gbm.pmml", predictions: "pmml-gbm.predictions.f64")
        #expect(out.contains("40 trees, 6 features (pmml SkLearn2PMML package 0.133.1)"), "\(out)")
    }

    /// R's rpart trees (isMissing guards and surrogates, the deep one with surrogate splits) import as model
    /// files and score as the document says (`.document.f64`: the PMML rules walked by the reference script).
    @Test(arguments: ["rpmml-rpart", "rpmml-rpartdeep"])
    func pmmlRPackageTrees(name: String) throws {
        _ = try Self.check("pmml", name + ".pmml", predictions: name + ".document.f64")
    }

    @Test func pmmlRandomForest() throws {
        _ = try Self.check("pmml", "pmml-rf.pmml", predictions: "pmml-rf.predictions.f64")
    }
}

/// `glassbox score` on a PMML decision tree (`missingValueStrategy="nullPrediction"`) with `contacts` left
/// empty in every third row: rows whose path tests contacts get an empty score and are counted unscored,
/// as a PMML evaluator returns no score for them; the others equal scikit-learn's `predict_proba`.
@Suite("score PMML rows without a prediction")
struct ScorePMMLNullPredictionTests {
    @Test func rowsWithoutPredictionAreUnscored() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let fixtures = ImportLightGBMAndPMMLTests.fixtures
        let imported = try GlassboxProcess.run(["import", "pmml", fixtures.appendingPathComponent("pmml-tree.pmml").path, "--out", scratch.path("m.json")])
        #expect(imported.status == 0, "\(imported.stderr)")
        var lines = TreeReferenceRows.csv(seed: 29, count: 300).split(separator: "\n").map(String.init)
        for i in stride(from: 1, to: lines.count, by: 3) {  // row i - 1: contacts (the third column) empty
            var cells = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells[2] = ""
            lines[i] = cells.joined(separator: ",")
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: scratch.path("d.csv"), atomically: true, encoding: .utf8)
        let scored = try GlassboxProcess.run(["score", scratch.path("m.json"), "--data", scratch.path("d.csv"), "--out", scratch.path("s.csv")])
        #expect(scored.status == 0, "\(scored.stderr)")
        let expected = try TreeReferenceRows.float64s(fixtures.appendingPathComponent("pmml-tree.predictions.f64"))
        let scores = try String(contentsOfFile: scratch.path("s.csv"), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .dropFirst().dropLast().map(String.init)
        try #require(scores.count == 300)
        var empty = 0
        for (i, text) in scores.enumerated() {
            if text.isEmpty || text == "\"\"" {  // a one-column row with an empty cell is written quoted
                #expect(i % 3 == 0, "row \(i) is complete but has no score")
                empty += 1
            } else if i % 3 != 0 {
                #expect(abs(try #require(Double(text)) - expected[i]) <= 1e-12, "row \(i)")
            }
        }
        #expect(empty > 0 && empty <= 100)
        #expect(scored.stderr.contains("note: \(empty) of 300 rows have a missing model value; their score is empty"), "\(scored.stderr)")
        #expect(scored.stdout.contains("300 rows, \(300 - empty) scored"), "\(scored.stdout)")
    }
}
