import GlassboxCore
@testable import GlassboxExplain
import GlassboxMetrics
import GlassboxModels
import GlassboxTabular
import Testing

/// Ties must stay ties: rows with the same covariates after a permutation get the same permuted η bit
/// for bit, so the permuted AUC is the AUC of re-scoring the permuted table and does not depend on how
/// rounding fell (which varied with the CPU's BLAS kernel before).
@Suite("Permutation importance keeps ties")
struct PermutationTieTests {
    /// Discrete covariates, so thousands of rows share each covariate pattern.
    static func tiedTable(n: Int, seed: UInt64 = 11) -> Table {
        var g = SeededGenerator(seed: seed)
        var x1 = [Double](), x2 = [Double](), x3 = [Double](), y = [Double]()
        var codes = [Int32]()
        for _ in 0..<n {
            let a = Double(g.nextInt(below: 5)), b = Double(g.nextInt(below: 2)), c = Double(g.nextInt(below: 3)) * 0.1
            let level = Int32(g.nextInt(below: 3))
            x1.append(a); x2.append(b); x3.append(c); codes.append(level)
            let eta = -0.7 + 0.31 * a - 0.83 * b + 1.7 * c + [0, 0.45, -0.29][Int(level)] + 0.13 * a * b
            y.append(g.nextBernoulli(logistic(eta)) ? 1 : 0)
        }
        return try! Table(names: ["y", "x1", "x2", "x3", "g"],
                          columns: [.numeric(y), .numeric(x1), .numeric(x2), .numeric(x3),
                                    .categorical(CategoricalColumn(levels: ["a", "b", "c"], codes: codes))])
    }

    /// The permuted AUC of every (feature, repeat) equals the AUC of the re-scored permuted table (η from
    /// the row-by-row linear predictor, which gives identical rows identical η), to 1e-12: one flipped tie
    /// among 8,000 rows would move it by more than 1e-8.
    @Test("permuted AUCs equal re-scoring the permuted table: additive, one-hot, I() and interaction features",
          arguments: ["y ~ x1 + x2 + x3", "y ~ x1 + C(g) + x2 + x1:x2 + I(x1^2) + x3"])
    func permutedAUCEqualsRescoredAUC(formula: String) throws {
        let table = Self.tiedTable(n: 8_000)
        let scorer = try ExplainTestData.fit(formula, on: table)
        let data = try ExplainData.forModel(scorer.encoding, table: table, weights: nil, withOutcome: true)
        let options = ExplanationOptions(metric: .auc, repeats: 3, seed: 5)
        let result = try PermutationImportance.compute(scorer: scorer, data: data, options: options)
        let y = try #require(data.outcome)
        let x = try scorer.design(data.table)
        let baseline = try #require(BinaryMetrics.auc(scores: LogisticRegression.linearPredictor(x: x, beta: scorer.coefficients), outcomes: y))
        #expect(abs(result.baseline - baseline) < 1e-12)
        for (f, feature) in scorer.featureColumns.enumerated() {
            let values = try #require(result.permutationImportance.first { $0.feature == feature }?.values)
            for r in 0..<options.repeats {
                var generator = SeededGenerator(seed: options.seed, stream: (UInt64(f) << 24) | UInt64(r))
                let permutation = generator.permutation(count: data.table.rowCount)
                let column = try data.table.column(named: feature).gathering(permutation)
                let permuted = try data.table.replacing(feature, with: column)
                let eta = LogisticRegression.linearPredictor(x: try scorer.design(permuted), beta: scorer.coefficients)
                let auc = try #require(BinaryMetrics.auc(scores: eta, outcomes: y))
                #expect(abs(values[r] - (baseline - auc)) < 1e-12, "\(feature) repeat \(r): \(values[r]) vs \(baseline - auc)")
            }
        }
    }

    /// On the grid, η − own + moved is the grid η of the permuted table bit for bit, for every kind of feature.
    @Test("on the grid, the O(n) permuted η equals the grid η of the re-built permuted design bit for bit")
    func gridPermutedEtaIsExact() throws {
        let table = Self.tiedTable(n: 3_000)
        let scorer = try ExplainTestData.fit("y ~ x1 + C(g) + x2 + x1:x2 + x2:C(g) + I(x1^2) + x3", on: table)
        let x = try scorer.design(table)
        let beta = scorer.coefficients
        let bounds = PermutationImportance.columnBounds(x: x, beta: beta)
        let grid = try #require(ScoreGrid(bound: bounds.reduce(0, +)))
        let eta = PermutationImportance.gridLinearPredictor(x: x, beta: beta, grid: grid)
        let encoding = scorer.encoding
        for (f, feature) in scorer.featureColumns.enumerated() {
            let columns = encoding.termSources.indices.filter { encoding.termSources[$0].contains(feature) }
            let contribution = try #require(try LinearContribution.make(feature: feature, columns: columns, encoding: encoding, beta: beta,
                                                                       x: x, table: table, grid: grid, columnBounds: bounds))
            var generator = SeededGenerator(seed: 3, stream: UInt64(f))
            let permutation = generator.permutation(count: table.rowCount)
            let fast = contribution.permuted(eta: eta, rows: nil, permutation: permutation)
            let permutedTable = try table.replacing(feature, with: try table.column(named: feature).gathering(permutation))
            let rebuilt = PermutationImportance.gridLinearPredictor(x: try scorer.design(permutedTable), beta: beta, grid: grid)
            let differing = zip(fast, rebuilt).filter { $0.bitPattern != $1.bitPattern }.count
            #expect(differing == 0, "\(feature): \(differing) rows differ")
        }
    }

    @Test("the grid: snapping is exact rounding to multiples of a power of two; sums within capacity are exact")
    func gridArithmetic() throws {
        let grid = try #require(ScoreGrid(bound: 10))
        #expect(grid.unit == 0x1p-44)
        #expect(grid.capacity == 0x1p6)
        #expect(grid.snap(0.1) == (0.1 / grid.unit).rounded(.toNearestOrEven) * grid.unit)
        #expect(grid.snap(-0.0) == 0 && grid.snap(grid.unit * 3) == grid.unit * 3)
        #expect(grid.snap(.nan).isNaN)
        var g = SeededGenerator(seed: 2)
        for _ in 0..<1_000 {
            let a = grid.snap(g.nextNormal() * 5), b = grid.snap(g.nextNormal() * 5), c = grid.snap(g.nextNormal() * 5)
            #expect((a + b) + c == a + (b + c))
            #expect(a - b + b == a)
        }
        #expect(ScoreGrid(bound: .infinity) == nil && ScoreGrid(bound: .nan) == nil && ScoreGrid(bound: 1e-310) == nil)
        #expect(ScoreGrid(bound: 0)?.unit == 0x1p-48)
    }
}
