import GlassboxCore
import GlassboxExplain
import GlassboxMetrics
import GlassboxTabular
import Testing

@Suite("Permutation importance")
struct PermutationImportanceTests {
    @Test("oracle: planted independent standardized features rank by |β|; β = 0 gets ≈ 0")
    func oracle() throws {
        let table = ExplainTestData.table(n: 20_000)
        let scorer = try ExplainTestData.fit("y ~ x1 + x2 + x3 + x4", on: table)
        let data = try ExplainData.forModel(scorer.encoding, table: table, weights: nil, withOutcome: true)
        for metric in ImportanceMetric.allCases {
            let r = try PermutationImportance.compute(scorer: scorer, data: data, options: .init(metric: metric, repeats: 5, seed: 1))
            #expect(r.permutationImportance.map(\.feature) == ["x1", "x2", "x3", "x4"], "\(metric)")
            let x4 = try #require(r.permutationImportance.last)
            #expect(abs(x4.mean) < 0.002, "\(metric): x4 importance \(x4.mean)")
            #expect(r.permutationImportance[2].mean > 10 * abs(x4.mean) + 0.005)
        }
    }

    @Test("grouped fast path equals re-scoring a permuted table (one-hot levels and interactions)")
    func fastPathMatchesRescoring() throws {
        let table = ExplainTestData.table(n: 3_000, interaction: true)
        let scorer = try ExplainTestData.fit("y ~ x1 + C(g) + x2 + x1:x2 + x1:C(g) + I(x3^2)", on: table)
        let data = try ExplainData.forModel(scorer.encoding, table: table, weights: "w", withOutcome: true)
        for metric in [ImportanceMetric.logloss, .brier, .accuracy] {
            let options = ExplanationOptions(metric: metric, repeats: 3, seed: 9, maxRows: 2_000)
            let fast = try PermutationImportance.compute(scorer: scorer, data: data, options: options)
            let slow = try PermutationImportance.compute(scorer: OpaqueScorer(inner: scorer), data: data, options: options)
            #expect(fast.permutationImportance.map(\.feature) == slow.permutationImportance.map(\.feature))
            for (a, b) in zip(fast.permutationImportance, slow.permutationImportance) {
                for (u, v) in zip(a.values, b.values) { #expect(abs(u - v) < 1e-12, "\(metric) \(a.feature): \(u) vs \(v)") }
            }
        }
    }

    @Test("per-term importance splits one-hot levels; identical on repeated runs")
    func perTermAndDeterminism() throws {
        let table = ExplainTestData.table(n: 5_000)
        let scorer = try ExplainTestData.fit("y ~ x1 + C(g)", on: table)
        let data = try ExplainData.forModel(scorer.encoding, table: table, weights: nil, withOutcome: true)
        let options = ExplanationOptions(metric: .auc, repeats: 4, seed: 3, perTerm: true)
        let a = try PermutationImportance.compute(scorer: scorer, data: data, options: options)
        let b = try PermutationImportance.compute(scorer: scorer, data: data, options: options)
        #expect(a == b)
        #expect(Set(a.permutationImportance.map(\.feature)) == ["x1", "g[b]", "g[c]"])
        #expect(a.permutationImportance.allSatisfy { $0.values.count == 4 })
        let other = try PermutationImportance.compute(scorer: scorer, data: data, options: .init(metric: .auc, repeats: 4, seed: 4, perTerm: true))
        #expect(other != a)
    }

    @Test("bad input: zero repeats, single-class outcome for AUC")
    func badInput() throws {
        let table = ExplainTestData.table(n: 500)
        let scorer = try ExplainTestData.fit("y ~ x1", on: table)
        let data = try ExplainData.forModel(scorer.encoding, table: table, weights: nil, withOutcome: true)
        #expect(throws: ExplainError.invalidOption("repeats must be at least 1, got 0")) {
            try PermutationImportance.compute(scorer: scorer, data: data, options: .init(repeats: 0))
        }
        var single = data
        single.outcome = [Double](repeating: 1, count: data.outcome!.count)
        #expect(throws: ExplainError.singleClassOutcome(name: "y", value: 1)) {
            try PermutationImportance.compute(scorer: scorer, data: single, options: .init(metric: .auc))
        }
    }

    @Test("radix AUC equals the comparison-sort AUC, with ties and weights")
    func radixAUC() {
        var g = SeededGenerator(seed: 5)
        for n in [1, 2, 10, 1_000, 50_000] {
            let s = (0..<n).map { i in (g.nextNormal() * 4).rounded() / 4 + (i % 7 == 0 ? 0 : -0.0) }
            let y = (0..<n).map { i in g.nextBernoulli(0.3 + 0.1 * max(-2, min(2, s[i]))) ? 1.0 : 0.0 }
            let w = (0..<n).map { _ in g.nextUniform() * 3 }
            let a = BinaryMetrics.auc(scores: s, outcomes: y), b = BinaryMetrics.aucRadix(scores: s, outcomes: y)
            #expect(a == b || (a != nil && b != nil && abs(a! - b!) < 1e-12), "n \(n)")
            let aw = BinaryMetrics.auc(scores: s, outcomes: y, weights: w), bw = BinaryMetrics.aucRadix(scores: s, outcomes: y, weights: w)
            #expect(aw == bw || (aw != nil && bw != nil && abs(aw! - bw!) < 1e-12), "weighted n \(n)")
        }
    }
}
