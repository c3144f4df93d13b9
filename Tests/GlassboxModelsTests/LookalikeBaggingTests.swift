import Foundation
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxMetrics
import GlassboxTabular
import Testing
@testable import GlassboxModels

@Suite("Lookalike bagging PU (Mordelet & Vert 2014): out-of-bag training scores")
struct LookalikeBaggingTests {
    static let terms = ["(Intercept)", "x1", "x2"]

    /// 60 rows, 15 seeds drawn independently of x (so no round separates the classes).
    static func tiny() -> (Matrix, [Bool]) {
        var rng = SeededGenerator(seed: 31)
        let x = Matrix(rowMajor: (0..<60).map { _ in [1, rng.nextNormal(), rng.nextNormal()] })
        var seeds = [Bool](repeating: false, count: 60)
        var order = Array(0..<60)
        rng.shuffle(&order)
        for i in order.prefix(15) { seeds[i] = true }
        return (x, seeds)
    }

    @Test("tiny example: each non-seed row's score is the hand-computed mean over the rounds that did not draw it")
    func handComputed() throws {
        let (x, seeds) = Self.tiny()
        let model = LookalikeModel(method: .pu, bagging: 6, randomSeed: 4)
        let (fit, training) = try model.fitWithTrainingScores(x: x, termNames: Self.terms, interceptIndex: 0, seeds: seeds)
        let draws = try model.baggingDraws(seeds: seeds)
        #expect(draws.count == 6 && draws.allSatisfy { $0.count == 15 && $0.allSatisfy { !seeds[$0] } })
        #expect(fit.bagSize == 15)
        let inductive = try fit.score(x)
        var differs = 0
        for i in 0..<60 {
            var sum = 0.0, count = 0.0, all = 0.0
            for (t, beta) in fit.classifiers.enumerated() {
                var eta = 0.0
                for j in 0..<3 { eta += x[i, j] * beta[j]! }
                let p = 1 / (1 + exp(-eta))
                all += p
                if !draws[t].contains(i) { sum += p; count += 1 }
            }
            if seeds[i] {
                #expect(training.outOfBagRounds[i] == 0)
                #expect(abs(training.scores[i] - all / 6) < 1e-12)
            } else {
                #expect(training.outOfBagRounds[i] == Int(count))
                #expect(abs(training.scores[i] - (count > 0 ? sum / count : all / 6)) < 1e-12)
            }
            #expect(abs(inductive[i] - all / 6) < 1e-12)
            if abs(training.scores[i] - inductive[i]) > 1e-6 { differs += 1 }
        }
        #expect(differs > 10, "out-of-bag scores differ from the all-rounds mean on drawn rows")
        #expect(training.neverOutOfBag == 0 && fit.rowsNeverOutOfBag == 0)
    }

    @Test("planted PU: out-of-bag ranking of the unlabelled rows is at least as good as in-bag, near the Bayes rule")
    func planted() throws {
        let data = PlantedPU(rows: 30_000, c: 0.3, seed: 8)
        let model = LookalikeModel(method: .pu, bagging: 15, randomSeed: 2)
        let (fit, training) = try model.fitWithTrainingScores(x: data.x, termNames: Self.terms, interceptIndex: 0, seeds: data.seeds)
        let inBag = try fit.score(data.x)
        let unlabelled = data.seeds.indices.filter { !data.seeds[$0] }
        let truth = unlabelled.map { data.y[$0] }
        let oobAUC = try #require(BinaryMetrics.auc(scores: unlabelled.map { training.scores[$0] }, outcomes: truth))
        let inBagAUC = try #require(BinaryMetrics.auc(scores: unlabelled.map { inBag[$0] }, outcomes: truth))
        let bayes = try #require(BinaryMetrics.auc(scores: unlabelled.map { data.truth[$0] }, outcomes: truth))
        #expect(oobAUC >= inBagAUC - 0.002, "OOB \(oobAUC) vs in-bag \(inBagAUC)")
        #expect(abs(oobAUC - bayes) < 0.005, "OOB \(oobAUC) vs Bayes \(bayes)")
        // A drawn row was a negative in its in-bag rounds, which pull its all-rounds mean down.
        let drawn = unlabelled.filter { training.outOfBagRounds[$0] < 15 }
        let shift = drawn.reduce(0.0) { $0 + training.scores[$1] - inBag[$1] } / Double(drawn.count)
        #expect(shift > 0, "mean OOB − in-bag over drawn rows \(shift)")
        #expect(training.neverOutOfBag == 0)
    }

    @Test("seeded and deterministic: the same seed gives the same bytes; K is --bag-size; rows never out of bag are counted")
    func determinism() throws {
        let (x, seeds) = Self.tiny()
        let model = LookalikeModel(method: .pu, bagging: 5, bagSize: 20, randomSeed: 9)
        let first = try model.fitWithTrainingScores(x: x, termNames: Self.terms, interceptIndex: 0, seeds: seeds)
        let second = try model.fitWithTrainingScores(x: x, termNames: Self.terms, interceptIndex: 0, seeds: seeds)
        #expect(first.fit == second.fit)
        #expect(first.training.scores.map(\.bitPattern) == second.training.scores.map(\.bitPattern))
        let draws = try model.baggingDraws(seeds: seeds)
        #expect(first.fit.bagSize == 20 && draws.allSatisfy { $0.count == 20 })
        var other = model
        other.randomSeed = 10
        #expect(try other.fit(x: x, termNames: Self.terms, interceptIndex: 0, seeds: seeds).classifiers != first.fit.classifiers)

        let table = try Table(names: ["x1", "x2"], columns: [.numeric(x.column(1)), .numeric(x.column(2))])
        let encoding = try DesignBuilder.fit(try Formula.parse("~ x1 + x2"), on: table).0
        let manifest = Provenance(commandLine: [], data: nil, blas: "test", environment: ["SOURCE_DATE_EPOCH": "0"])
        let bytes = try LookalikeModelFile(encoding: encoding, seedColumn: "s", model: model, fit: first.fit, manifest: manifest).encoded()
        #expect(bytes == (try LookalikeModelFile(encoding: encoding, seedColumn: "s", model: model, fit: second.fit, manifest: manifest).encoded()))
        let loaded = try LookalikeModelFile.load(bytes: bytes, path: "m.json")
        #expect(loaded.model == model)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(throws: ModelError.self) {
            try LookalikeModelFile.load(bytes: Array(text.replacingOccurrences(of: "\"bagSize\" : 20,", with: "\"bagSize\" : 0,").utf8), path: "m.json")
        }

        // Two non-seed rows and K = 40 draws per round: both are drawn in every round.
        var few = [Bool](repeating: true, count: 60)
        few[3] = false
        few[50] = false
        let crowded = try LookalikeModel(method: .pu, bagging: 3, bagSize: 40, randomSeed: 1)
            .fitWithTrainingScores(x: x, termNames: Self.terms, interceptIndex: 0, seeds: few)
        #expect(crowded.training.neverOutOfBag == 2 && crowded.fit.rowsNeverOutOfBag == 2)
        #expect(crowded.fit.warnings.contains { $0.contains("2 non-seed rows were drawn in every bagging round") })
        let all = try crowded.fit.score(x)
        #expect(crowded.training.scores[3] == all[3] && crowded.training.scores[50] == all[50])
    }

    @Test("held-out recovery of bagging PU scores the candidates out of bag")
    func recovery() throws {
        let data = PlantedPU(rows: 20_000, c: 0.3, seed: 12)
        let result = try LookalikeEvaluation.run(LookalikeModel(method: .pu, bagging: 10, randomSeed: 3), x: data.x, termNames: Self.terms,
                                                 interceptIndex: 0, seeds: data.seeds, holdout: 0.25, size: 0.1, seed: 4)
        let hidden = 0.4 * 0.7 / (1 - 0.4 * 0.3)
        let auc = try #require(result.auc)
        #expect(abs(auc - (1 - hidden / 2)) < 0.02, "AUC \(auc)")
        #expect(result.lift > 2)
    }
}
