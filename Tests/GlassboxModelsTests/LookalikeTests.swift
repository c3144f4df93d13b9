import Foundation
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxMetrics
import GlassboxTabular
import Testing
@testable import GlassboxModels

/// Synthetic positive-unlabelled data in Elkan & Noto's setting (positives and negatives nearly
/// separable, so g(x) ≈ c on the positives): y ~ Bernoulli(π); x | y ~ N(±μ·(1, 1), I), so the true
/// P(y = 1 | x) = σ(log(π/(1−π)) + 2μ(x₁ + x₂)); a positive is on the list with probability c
/// (selected completely at random).
struct PlantedPU {
    var x: Matrix
    var truth: [Double]
    var y: [Double]
    var seeds: [Bool]

    init(rows n: Int, c: Double, prior: Double = 0.4, mu: Double = 1.5, seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        var columns = [[Double]](repeating: [], count: 3)
        truth = []
        y = []
        seeds = []
        let offset = log(prior / (1 - prior))
        for _ in 0..<n {
            let positive = rng.nextUniform() < prior
            let sign = positive ? 1.0 : -1.0
            let a = rng.nextNormal() + sign * mu, b = rng.nextNormal() + sign * mu
            columns[0].append(1)
            columns[1].append(a)
            columns[2].append(b)
            truth.append(logistic(offset + 2 * mu * (a + b)))
            y.append(positive ? 1 : 0)
            seeds.append(positive && rng.nextUniform() < c)
        }
        x = Matrix(columns: columns)
    }
}

@Suite("Lookalike: positive-unlabelled learning recovers a planted positive class")
struct LookalikePUTests {
    static let terms = ["(Intercept)", "x1", "x2"]

    @Test("the naive logistic baseline ranks as well but is not calibrated for positives; bagging PU ranks well")
    func baselines() throws {
        let data = PlantedPU(rows: 30_000, c: 0.3, seed: 8)
        let naive = try LookalikeModel(method: .logistic).fit(x: data.x, termNames: Self.terms, interceptIndex: 0, seeds: data.seeds)
        let bagged = try LookalikeModel(method: .pu, bagging: 15, randomSeed: 2).fit(x: data.x, termNames: Self.terms, interceptIndex: 0, seeds: data.seeds)
        #expect(bagged.classifiers.count == 15)
        let bayes = try #require(BinaryMetrics.auc(scores: data.truth, outcomes: data.y))
        for fit in [naive, bagged] {
            let auc = try #require(BinaryMetrics.auc(scores: try fit.score(data.x), outcomes: data.y))
            #expect(abs(auc - bayes) < 0.005)
        }
        let naiveMean = try naive.score(data.x).reduce(0, +) / Double(data.y.count)
        #expect(naiveMean < 0.5 * data.y.reduce(0, +) / Double(data.y.count), "naive scores estimate P(listed), not P(positive)")
    }

    @Test("held-out evaluation: the AUC of hidden seeds is near the AUC of true positives, lift above 1")
    func evaluation() throws {
        let data = PlantedPU(rows: 30_000, c: 0.3, seed: 9)
        let result = try LookalikeEvaluation.run(LookalikeModel(method: .logistic), x: data.x, termNames: Self.terms, interceptIndex: 0,
                                                 seeds: data.seeds, holdout: 0.25, size: 0.1, seed: 4)
        let seeds = data.seeds.filter { $0 }.count
        #expect(result.heldOutSeeds == Int((0.25 * Double(seeds)).rounded()))
        #expect(result.candidates == data.seeds.count - result.trainingSeeds)
        #expect(result.audienceSize == Int((0.1 * Double(result.candidates)).rounded(.up)))
        // The candidates hide unlisted positives (share h ≈ π(1−c)/(1−πc) of the non-seeds); with nearly
        // separable classes a held-out seed outranks a negative and ties in expectation with a hidden
        // positive, so the AUC is about 1 − h/2.
        let hidden = 0.4 * 0.7 / (1 - 0.4 * 0.3)
        let auc = try #require(result.auc)
        #expect(abs(auc - (1 - hidden / 2)) < 0.02, "AUC \(auc)")
        #expect(result.lift > 2)
        #expect(abs(result.lift - result.precisionAtSize / result.baseRate) < 1e-12)
    }
}

@Suite("Lookalike: similarity scorers match a brute-force reference")
struct LookalikeSimilarityTests {
    /// Independent reference: standardise (population sd), normalise, all pairwise dot products, sort.
    static func bruteForce(_ x: [[Double]], seeds: [Bool], k: Int?) -> (scores: [Double], neighbours: [[Int]]) {
        let n = x.count, p = x[0].count
        var z = x
        for j in 0..<p {
            let mean = x.map { $0[j] }.reduce(0, +) / Double(n)
            let sd = (x.map { ($0[j] - mean) * ($0[j] - mean) }.reduce(0, +) / Double(n)).squareRoot()
            for i in 0..<n { z[i][j] = (x[i][j] - mean) / sd }
        }
        z = z.map { row in let norm = row.map { $0 * $0 }.reduce(0, +).squareRoot(); return row.map { $0 / norm } }
        let seedRows = (0..<n).filter { seeds[$0] }
        guard let k else {
            var centre = [Double](repeating: 0, count: p)
            for s in seedRows { for j in 0..<p { centre[j] += z[s][j] } }
            let norm = centre.map { $0 * $0 }.reduce(0, +).squareRoot()
            return (z.map { row in zip(row, centre).map { $0 * $1 / norm }.reduce(0, +) }, [])
        }
        var scores = [Double](), neighbours = [[Int]]()
        for i in 0..<n {
            var sims = [(Double, Int)]()
            for (t, s) in seedRows.enumerated() {
                var dot = 0.0
                for j in 0..<p { dot += z[i][j] * z[s][j] }
                sims.append((dot, t))
            }
            sims.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
            let top = Array(sims.prefix(k))
            scores.append(top.reduce(0.0) { $0 + $1.0 } / Double(k))
            neighbours.append(top.map { $0.1 })
        }
        return (scores, neighbours)
    }

    static func data(n: Int, p: Int, seed: UInt64) -> ([[Double]], [Bool]) {
        var rng = SeededGenerator(seed: seed)
        let rows = (0..<n).map { _ in (0..<p).map { j in rng.nextNormal() * Double(j + 1) + Double(j) } }
        let seeds = (0..<n).map { _ in rng.nextUniform() < 0.15 }
        return (rows, seeds)
    }

    @Test("K nearest seeds: same neighbours and mean similarity as brute force, for several tilings", arguments: [1, 7, 25])
    func nearest(k: Int) throws {
        let (rows, seeds) = Self.data(n: 700, p: 6, seed: UInt64(k))
        let x = Matrix(rowMajor: rows)
        let names = (0..<6).map { "f\($0)" }
        let fit = try LookalikeModel(method: .similarity, k: k).fit(x: x, termNames: names, interceptIndex: nil, seeds: seeds)
        let index = try #require(fit.similarity)
        let reference = Self.bruteForce(rows, seeds: seeds, k: k)
        let scores = try fit.score(x)
        for i in 0..<rows.count { #expect(abs(scores[i] - reference.scores[i]) < 1e-12) }
        let units = index.unitRows(x)
        for (rowTile, seedTile) in [(1, 1), (16, 8), (128, 2048)] {
            let found = NearestSeeds.search(rows: units, seeds: index.seeds, features: 6, k: k, rowTile: rowTile, seedTile: seedTile)
            for i in 0..<rows.count {
                #expect(found.neighbours[(i * k)..<((i + 1) * k)].map(Int.init) == reference.neighbours[i])
                #expect(abs(found.meanSimilarity[i] - reference.scores[i]) < 1e-12)
            }
        }
        // Contributions add up to the score.
        let contributions = index.contributions(x, rows: [0, 5, 99])
        for (r, i) in [0, 5, 99].enumerated() {
            #expect(abs(contributions[(r * 6)..<((r + 1) * 6)].reduce(0, +) - scores[i]) < 1e-12)
        }
    }

    @Test("centroid cosine matches brute force")
    func centroid() throws {
        let (rows, seeds) = Self.data(n: 500, p: 4, seed: 11)
        let x = Matrix(columns: [[Double](repeating: 1, count: 500)] + (0..<4).map { j in rows.map { $0[j] } })
        let fit = try LookalikeModel(method: .similarity).fit(x: x, termNames: ["(Intercept)", "a", "b", "c", "d"], interceptIndex: 0, seeds: seeds)
        let reference = Self.bruteForce(rows, seeds: seeds, k: nil)
        let scores = try fit.score(x)
        for i in 0..<500 { #expect(abs(scores[i] - reference.scores[i]) < 1e-12) }
    }
}

@Suite("Lookalike: bad input and the model file")
struct LookalikeInputTests {
    @Test("seed column missing, invalid, no seeds, every row a seed")
    func seeds() throws {
        let table = try Table(names: ["a", "s", "t"], columns: [.numeric([1, 2, 3]), .numeric([0, 0, 0]), .categorical(CategoricalColumn(values: ["yes", "maybe", nil]))])
        #expect(throws: ModelError.seedColumnMissing(column: "donor", available: ["a", "s", "t"])) { try LookalikeSeeds.read(table, column: "donor") }
        #expect(throws: ModelError.noSeeds(column: "s", rows: 3)) { try LookalikeSeeds.read(table, column: "s") }
        #expect(throws: ModelError.seedValueInvalid(column: "t", example: "maybe")) { try LookalikeSeeds.read(table, column: "t") }
        let all = try Table(names: ["s"], columns: [.categorical(CategoricalColumn(values: ["TRUE", "true", "1"]))])
        #expect(throws: ModelError.everyRowSeed(column: "s", rows: 3)) { try LookalikeSeeds.read(all, column: "s") }
        let mixed = try Table(names: ["s"], columns: [.numeric([1, .nan, 0])])
        #expect(try LookalikeSeeds.read(mixed, column: "s") == [true, false, false])
    }

    @Test("K larger than the seed list, a constant feature")
    func settings() throws {
        let x = Matrix(columns: [[1, 1, 1, 1], [1, 2, 3, 4], [5, 5, 5, 5]])
        let seeds = [true, false, true, false]
        #expect(throws: ModelError.kTooLarge(k: 3, seeds: 2)) {
            try LookalikeModel(method: .similarity, k: 3).fit(x: x.selectingColumns([0, 1]), termNames: ["(Intercept)", "a"], interceptIndex: 0, seeds: seeds)
        }
        for method in LookalikeMethod.allCases {
            #expect(throws: ModelError.constantFeature(term: "c")) {
                try LookalikeModel(method: method).fit(x: x, termNames: ["(Intercept)", "a", "c"], interceptIndex: 0, seeds: seeds)
            }
        }
    }

    @Test("a model file round-trips, and a tampered one is rejected with a message")
    func modelFile() throws {
        let table = try Table(names: ["a", "b", "s"], columns: [.numeric([1, 2, 3, 4, 5, 6, 7, 8]), .numeric([2, 1, 4, 3, 6, 5, 8, 9]),
                                                               .numeric([1, 0, 1, 0, 0, 1, 0, 0])])
        let (encoding, design) = try DesignBuilder.fit(try Formula.parse("~ a + b"), on: table)
        let model = LookalikeModel(method: .similarity, k: 2)
        let fit = try model.fit(x: design.x, termNames: encoding.termNames, interceptIndex: encoding.interceptIndex,
                                seeds: try LookalikeSeeds.read(table, column: "s"))
        let file = LookalikeModelFile(encoding: encoding, seedColumn: "s", model: model, fit: fit,
                                      manifest: Provenance(commandLine: [], data: nil, blas: "test", environment: ["SOURCE_DATE_EPOCH": "0"]))
        let bytes = try file.encoded()
        #expect(try LookalikeModelFile.load(bytes: bytes, path: "m.json") == file)
        let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\"k\" : 2", with: "\"k\" : 9")
        #expect(throws: ModelError.self) { try LookalikeModelFile.load(bytes: Array(text.utf8), path: "m.json") }
        #expect(throws: ModelError.self) { try LogisticModelFile.load(bytes: bytes, path: "m.json") }
    }
}
