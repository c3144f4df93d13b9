import GlassboxExplain
import GlassboxCore
import GlassboxModels
import GlassboxTabular

/// Synthetic data with planted effects, built with a seeded generator.
enum ExplainTestData {
    /// Independent standard-normal x1…x4 and a 3-level category g; y ~ Bernoulli(σ(η)) with
    /// η = 0.3 + 1.5·x1 − 1.0·x2 + 0.5·x3 + 0·x4 + g effects (a: 0, b: 0.8, c: −0.4) + 0.6·x1·x2 when `interaction`.
    static func table(n: Int, seed: UInt64 = 7, interaction: Bool = false) -> Table {
        var g = SeededGenerator(seed: seed)
        var x = [[Double]](repeating: [], count: 4)
        var codes = [Int32](), y = [Double](), w = [Double]()
        for _ in 0..<n {
            let v = (0..<4).map { _ in g.nextNormal() }
            for k in 0..<4 { x[k].append(v[k]) }
            let c = Int32(g.nextInt(below: 3))
            codes.append(c)
            var eta = 0.3 + 1.5 * v[0] - 1.0 * v[1] + 0.5 * v[2] + [0, 0.8, -0.4][Int(c)]
            if interaction { eta += 0.6 * v[0] * v[1] }
            y.append(g.nextBernoulli(logistic(eta)) ? 1 : 0)
            w.append(Double(1 + g.nextInt(below: 3)))
        }
        return try! Table(names: ["y", "x1", "x2", "x3", "x4", "g", "w"],
                          columns: [.numeric(y), .numeric(x[0]), .numeric(x[1]), .numeric(x[2]), .numeric(x[3]),
                                    .categorical(CategoricalColumn(levels: ["a", "b", "c"], codes: codes)), .numeric(w)])
    }

    /// Fits `formula` by maximum likelihood and returns the scorer.
    static func fit(_ formula: String, on table: Table) throws -> LogisticScorer {
        let (encoding, design) = try DesignBuilder.fit(try Formula.parse(formula, requireResponse: true), on: table)
        let fit = try LogisticRegression().fit(x: design.x, y: design.response!, termNames: encoding.termNames)
        return LogisticScorer(encoding: encoding, coefficients: fit.estimates)
    }
}

/// A scorer that hides the linear structure, to exercise the generic (re-scoring) path.
struct OpaqueScorer: Scorer {
    var inner: LogisticScorer
    var featureColumns: [String] { inner.featureColumns }
    func scores(_ table: Table) throws -> [Double] { try inner.scores(table) }
}
