import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxModels
import GlassboxMetrics
import GlassboxTabular

/// Surrogate models of an external score column and their fidelity: what ``fit(table:score:formula:options:)``
/// returns and `glassbox explain --surrogate` writes.
public struct SurrogateReport: Sendable, Encodable, Equatable {
    /// The least-squares surrogate on the formula's design.
    public struct Linear: Sendable, Encodable, Equatable {
        /// One coefficient per design column, in design order: β̂ of the term on the fitted scale (logit
        /// when ``SurrogateReport/logitScale``); never aliased, and without odds ratios.
        public var coefficients: [CoefficientEstimate]
        /// How closely the surrogate reproduces the score on the holdout rows: R² on the fitted scale
        /// (logit when ``SurrogateReport/logitScale``), R² on the score's own scale, and the share of the
        /// holdout's top ``SurrogateReport/topFraction`` by score that the surrogate also ranks in its top.
        public var holdout: (r2: Double, r2ScoreScale: Double, topAgreement: Double)
        /// The features (table columns) by importance: the standard deviation of each feature's summed
        /// contribution Σⱼ βⱼxⱼ over training rows, largest first.
        public var drivers: [(feature: String, importance: Double)]
    }
    /// The CART regression-tree surrogate on the same design columns.
    public struct Tree: Sendable, Encodable, Equatable {
        /// The depth limit it was grown with.
        public var maxDepth: Int
        /// Its leaves as rules: the splits on the path from the root (e.g. `age <= 42.5`), the leaf's
        /// prediction (the mean fitted-scale score of its training rows) and its training rows.
        public var rules: [(conditions: [String], prediction: Double, rows: Int)]
        /// Fidelity on the holdout rows, as ``Linear/holdout``.
        public var holdout: (r2: Double, r2ScoreScale: Double, topAgreement: Double)
        /// The features by importance: each feature's share of the squared-error reduction from splits on
        /// it, largest first.
        public var drivers: [(feature: String, importance: Double)]
    }
    /// The score column explained.
    public var score: String
    /// The right-hand side formula the surrogates were fitted on, as given.
    public var formula: String
    /// Whether the surrogates model logit(score) (the score looked like a probability).
    public var logitScale: Bool
    /// Rows of the seeded training split.
    public var trainRows: Int
    /// Rows of the holdout split.
    public var holdoutRows: Int
    /// The share of top-ranked rows compared by ``Linear/holdout``'s `topAgreement` (``ExplanationOptions/topFraction``).
    public var topFraction: Double
    /// The linear surrogate.
    public var linear: Linear
    /// The tree surrogate.
    public var tree: Tree
}

/// Global surrogates (Molnar, *Interpretable Machine Learning*, §8.6) of a score we only received as a
/// column: (a) least squares of the score — of logit(score), clipped to [1e-6, 1 − 1e-6], when every
/// value lies in [0, 1] — on the formula's design, and (b) a CART regression tree of depth ≤ `maxDepth`
/// on the same design columns. Both are fitted on a seeded training split and judged on the holdout:
/// R² = 1 − SSE/SST, and agreement of the top `topFraction` decisions.
package enum Surrogate {
    /// Fits both surrogates of the numeric column `score` on the one-sided `formula` (`~ a + b`), on the rows
    /// complete in the score and every column the formula reads.
    /// - Throws: ``ExplainError`` — score not numeric, a formula with a response, too few rows; formula errors.
    package static func fit(table: Table, score: String, formula text: String, options: ExplanationOptions = .init()) throws -> SurrogateReport {
        guard case .numeric = try table.column(named: score) else { throw ExplainError.scoreNotNumeric(score) }
        let formula = try Formula.parse(text)
        guard !formula.hasResponse else {
            throw ExplainError.invalidOption("the surrogate formula names features only: write \"~ a + b\", not \"\(text)\"")
        }
        if formula.sourceColumns.contains(score) { throw ExplainError.invalidOption("the score column '\(score)' cannot also be a surrogate feature") }
        let (encoding, design) = try DesignBuilder.fit(formula, on: table, extraColumns: [score])
        guard case .numeric(let allScores) = try table.column(named: score) else { throw ExplainError.scoreNotNumeric(score) }
        let s = design.rowIndices.map { allScores[$0] }
        let n = s.count
        let probability = s.allSatisfy { $0 >= 0 && $0 <= 1 } && s.contains { $0 > 0 && $0 < 1 }
        let z = probability ? s.map { p in let q = min(max(p, 1e-6), 1 - 1e-6); return log(q / (1 - q)) } : s
        let toScore: (Double) -> Double = probability ? { 1 / (1 + exp(-$0)) } : { $0 }

        var generator = SeededGenerator(seed: options.seed, stream: 0x5_0AA_06A7E)
        let order = generator.permutation(count: n)
        let holdoutCount = Int((Double(n) * options.holdout).rounded())
        let holdout = order[0..<holdoutCount].sorted(), train = order[holdoutCount...].sorted()
        let x = design.x, p = x.columns
        guard train.count > p, holdout.count >= 2 else {
            throw ExplainError.invalidData("\(n) complete rows are too few for a surrogate with \(p) design columns and a holdout")
        }

        // Values whose squares overflow would make every number below NaN (issue 13).
        try LogisticRegression.checkMagnitudes(x, termNames: encoding.termNames, rows: Double(n))
        let largestScore = z.reduce(0.0) { max($0, abs($1)) }
        if !(largestScore <= (Double.greatestFiniteMagnitude / Double(max(n, 1))).squareRoot() / 16) {
            throw ExplainError.invalidData("the score column '\(score)' has values as large as \(largestScore): the surrogate fit sums their squares, which overflow double precision; rescale it")
        }

        // (a) Least squares on the training rows: (XᵀX)β = Xᵀz.
        let xt = Matrix(rows: train.count, columns: p, columnMajor: (0..<p).flatMap { j in train.map { x.storage[j * n + $0] } })
        var gram = try xt.weightedGram(weights: nil)
        let rhs = try xt.transposeMultiplied(by: train.map { z[$0] })
        let beta: [Double]
        if let c = try? Cholesky(gram) {
            beta = try c.solve(rhs)
        } else {
            let ridge = 1e-8 * gram.diagonal.reduce(0, +) / Double(p)
            for j in 0..<p { gram[j, j] += ridge }
            beta = try Cholesky(gram).solve(rhs)
        }
        let linearFit = (0..<n).map { i in (0..<p).reduce(0.0) { $0 + beta[$1] * x.storage[$1 * n + i] } }
        var linearDrivers = [(feature: String, importance: Double)]()
        for source in encoding.predictorColumns {
            let columns = (0..<p).filter { encoding.termSources[$0].contains(source) }
            let part = train.map { i in columns.reduce(0.0) { $0 + beta[$1] * x.storage[$1 * n + i] } }
            let mean = part.reduce(0, +) / Double(part.count)
            let sd = (part.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(part.count)).squareRoot()
            linearDrivers.append((feature: source, importance: sd))
        }

        // (b) CART on the design columns other than the intercept.
        let features = (0..<p).filter { $0 != encoding.interceptIndex }
        let tree = RegressionTree.fit(x: x.storage, n: n, features: features, y: z, rows: train, maxDepth: options.maxDepth, minLeaf: options.minLeaf)
        let treeFit = (0..<n).map { tree.predict(x: x.storage, n: n, features: features, row: $0) }
        let totalGain = tree.gains.reduce(0, +)
        var treeDrivers = [(feature: String, importance: Double)]()
        for source in encoding.predictorColumns {
            let g = features.indices.filter { encoding.termSources[features[$0]].contains(source) }.reduce(0.0) { $0 + tree.gains[$1] }
            treeDrivers.append((feature: source, importance: totalGain > 0 ? g / totalGain : 0))
        }
        func fidelity(_ fitted: [Double]) -> (r2: Double, r2ScoreScale: Double, topAgreement: Double) {
            (r2: r2(holdout.map { z[$0] }, holdout.map { fitted[$0] }),
                                     r2ScoreScale: r2(holdout.map { s[$0] }, holdout.map { toScore(fitted[$0]) }),
                                     topAgreement: topAgreement(holdout.map { s[$0] }, holdout.map { fitted[$0] }, fraction: options.topFraction))
        }
        let names = features.map { encoding.termNames[$0] }
        return SurrogateReport(
            score: score, formula: text, logitScale: probability, trainRows: train.count, holdoutRows: holdout.count, topFraction: options.topFraction,
            linear: .init(coefficients: (0..<p).map { CoefficientEstimate(term: encoding.termNames[$0], estimate: beta[$0], oddsRatio: nil) }, holdout: fidelity(linearFit),
                          drivers: linearDrivers.sorted { $0.importance > $1.importance }),
            tree: .init(maxDepth: options.maxDepth, rules: tree.rules(names: names, format: { "\($0)" }), holdout: fidelity(treeFit),
                        drivers: treeDrivers.sorted { $0.importance > $1.importance }))
    }

    /// R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)².
    static func r2(_ y: [Double], _ fitted: [Double]) -> Double {
        let mean = y.reduce(0, +) / Double(y.count)
        var sse = 0.0, sst = 0.0
        for (a, b) in zip(y, fitted) { sse += (a - b) * (a - b); sst += (a - mean) * (a - mean) }
        return sst > 0 ? 1 - sse / sst : (sse == 0 ? 1 : 0)
    }

    /// |top-k by score ∩ top-k by surrogate| / k with k = ⌈fraction·n⌉ (ties broken by row order).
    static func topAgreement(_ score: [Double], _ surrogate: [Double], fraction: Double) -> Double {
        let k = max(1, Int((fraction * Double(score.count)).rounded(.up)))
        let a = Set(score.indices.sorted { score[$0] != score[$1] ? score[$0] > score[$1] : $0 < $1 }.prefix(k))
        let b = Set(surrogate.indices.sorted { surrogate[$0] != surrogate[$1] ? surrogate[$0] > surrogate[$1] : $0 < $1 }.prefix(k))
        return Double(a.intersection(b).count) / Double(k)
    }
}

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
