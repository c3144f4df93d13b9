import GlassboxCore
import GlassboxMetrics
import GlassboxModels
import GlassboxTabular

/// Proxy detection results for protected attributes: what ``detect(model:table:options:)`` and
/// ``detect(score:formula:table:options:)`` return.
public struct ProxyReport: Sendable, Encodable, Equatable {
    /// One level of a protected attribute, tested one-vs-rest.
    public struct Level: Sendable, Encodable, Equatable {
        /// The attribute's value.
        public var level: String
        /// Rows of the level; nil when suppressed.
        public var rows: Int?
        /// Fewer than ``ExplanationOptions/minGroupSize`` rows, or hidden with such a level so that its count
        /// cannot be derived from the rows used (complementary suppression): no count, AUC, carriers or flag.
        public var suppressed: Bool
        /// Holdout AUC of the one-vs-rest proxy model (features → attribute = level).
        public var proxyAUC: Double?
        /// AUC of the score itself for level vs rest (0.5 = no separation; below 0.5 the level scores lower).
        public var scoreAUC: Double?
        /// Grouped permutation importance (AUC) of the proxy model on the holdout: which features carry it.
        public var carriers: [FeatureImportance]
        /// Whether ``proxyAUC`` reaches ``ProxyReport/threshold``: the features stand in for the level.
        public var strong: Bool
    }
    /// The proxy AUC at or above which a level is flagged strong.
    public var threshold: Double
    /// One entry per protected attribute, in the order asked: the protected column, its levels (a
    /// categorical column's levels, or a numeric column's distinct values in ascending order) and
    /// plain-words findings.
    public var attributes: [(attribute: String, levels: [Level], flags: [String])]
    /// Rows the proxy models were fitted and judged on, when fewer than the explanation's rows: a tree
    /// ensemble is explained on rows with missing inputs, but the proxy classifiers need complete rows, so
    /// rows missing a feature or a protected attribute are left out of them. Nil when no row was left out.
    public var rowsUsed: Int?
    /// Rows of the explanation left out of the proxy models (see ``rowsUsed``); nil when none.
    public var rowsDropped: Int?
}

/// Does the score encode a protected attribute through the model's features? For each level of each
/// protected attribute: a one-vs-rest logistic model (ridge λ = 1, to stay finite under separation)
/// predicts the level from the model's design columns on a seeded training split; its holdout AUC says
/// how well the features stand in for the attribute, and grouped permutation importance (AUC) on the
/// holdout says which features carry it. The AUC of the score itself for level vs rest says how much the
/// score separates the group. A level is flagged strong when the proxy AUC ≥ `threshold`. Levels with
/// fewer than `minGroupSize` rows, and complementary levels (so that a suppressed count cannot be
/// derived from the others), are suppressed: no count, AUC or flag.
package enum ProxyDetection {
    /// Proxy detection for a model: the candidate proxies are the design columns of `scorer`, the score is
    /// the model's own; `data` must hold every protected column.
    /// - Throws: ``ExplainError`` — a protected column missing, a feature of the model, or single-valued;
    ///   too few rows for the proxy models.
    package static func run(scorer: any LinearPredictorScorer, data: ExplainData, protected attributes: [String],
                            options: ExplanationOptions = .init()) throws -> ProxyReport {
        try run(scorer: scorer, data: data, protected: attributes, options: options, scores: nil)
    }

    /// Proxy detection for an external score column (no model file): the candidate proxies are the
    /// design columns of the one-sided `formula` (the same features ``Surrogate/fit(table:score:formula:options:)``
    /// uses), and the score's own AUC for each level against the rest is computed from the `score`
    /// column itself. Rows missing the score, a feature or a protected attribute are left out.
    /// - Throws: ``ExplainError`` — score not numeric, a formula with a response or naming the score,
    ///   a protected column missing, a feature, or single-valued.
    package static func run(score: String, formula text: String, table: Table, protected attributes: [String],
                            options: ExplanationOptions = .init()) throws -> ProxyReport {
        guard case .numeric = try table.column(named: score) else { throw ExplainError.scoreNotNumeric(score) }
        let formula = try Formula.parse(text)
        guard !formula.hasResponse else {
            throw ExplainError.invalidOption("the proxy features are a one-sided formula: write \"~ a + b\", not \"\(text)\"")
        }
        if formula.sourceColumns.contains(score) { throw ExplainError.invalidOption("the score column '\(score)' cannot also be a feature") }
        for attribute in attributes where !table.hasColumn(attribute) {
            throw ExplainError.protectedColumn("protected column '\(attribute)' is not in the data")
        }
        for attribute in attributes where formula.sourceColumns.contains(attribute) {
            throw ExplainError.protectedColumn("protected column '\(attribute)' is also a feature of \(parameter: .formula, wording: "the model's formula"); proxy detection asks whether the other features stand in for it, so it must not be one of them")
        }
        var extras = [score]
        for a in attributes where !extras.contains(a) { extras.append(a) }
        let (encoding, _) = try DesignBuilder.fit(formula, on: table, extraColumns: extras)
        let data = try ExplainData.forModel(encoding, table: table, weights: nil, withOutcome: false, extraColumns: extras)
        guard case .numeric(let scores) = try data.table.column(named: score) else { throw ExplainError.scoreNotNumeric(score) }
        // Only the design and the term names of this scorer are used: the proxy models are fitted afresh.
        let scorer = LogisticScorer(encoding: encoding, coefficients: Array(repeating: 0, count: encoding.termNames.count))
        return try run(scorer: scorer, data: data, protected: attributes, options: options, scores: scores)
    }

    /// The shared body: `scores` (one per row of `data`) replaces the scorer's own scores when given.
    static func run(scorer: any LinearPredictorScorer, data: ExplainData, protected attributes: [String],
                    options: ExplanationOptions, scores given: [Double]?) throws -> ProxyReport {
        let features = scorer.featureColumns
        let x = try scorer.design(data.table)
        let n = x.rows
        let scores = try given ?? scorer.scores(data.table)
        var generator = SeededGenerator(seed: options.seed, stream: 0x9_0B5)
        let order = generator.permutation(count: n)
        let holdoutCount = Int((Double(n) * options.holdout).rounded())
        let holdout = order[0..<holdoutCount].sorted(), train = order[holdoutCount...].sorted()
        guard holdout.count >= 2, train.count > x.columns else {
            throw ExplainError.invalidData("\(n) rows are too few for proxy models with \(x.columns) design columns")
        }
        let xt = x.selectingRows(train)
        let holdoutTable = try data.table.gathering(rows: holdout, columns: features)
        var out = [(attribute: String, levels: [ProxyReport.Level], flags: [String])]()
        for attribute in attributes {
            guard data.table.hasColumn(attribute) else {
                throw ExplainError.protectedColumn("protected column '\(attribute)' is not in the data")
            }
            if features.contains(attribute) {
                throw ExplainError.protectedColumn("protected column '\(attribute)' is also a model feature; proxy detection asks whether the other features stand in for it, so it must not be one of them")
            }
            let (labels, codes) = try levels(try data.table.column(named: attribute))
            guard labels.count >= 2 else { throw ExplainError.protectedColumn("protected column '\(attribute)' has a single value") }
            var levelsOut = [ProxyReport.Level]()
            var flags = [String]()
            let targets = labels.count == 2 ? [1] : Array(labels.indices)
            var counts = [Int](repeating: 0, count: labels.count)
            for c in codes where c >= 0 { counts[c] += 1 }
            // Every level's count adds up to the rows used (published), the unlisted first level of a
            // binary attribute included: suppress small levels and complementary ones.
            let hidden = ComplementarySuppression.pattern(primary: counts.map { $0 < options.minGroupSize }, rows: counts,
                                                          equations: [.init(total: nil, members: Array(labels.indices))]).suppressed
            for level in targets {
                if hidden[level] || (labels.count == 2 && hidden[0]) {
                    levelsOut.append(.init(level: labels[level], rows: nil, suppressed: true, proxyAUC: nil, scoreAUC: nil, carriers: [], strong: false))
                    continue
                }
                let y = codes.map { $0 == level ? 1.0 : 0.0 }
                let count = y.reduce(0, +)
                let scoreAUC = BinaryMetrics.aucRadix(scores: scores, outcomes: y, weights: data.weights)
                var proxyAUC: Double?
                var carriers = [FeatureImportance]()
                let yt = train.map { y[$0] }, yh = holdout.map { y[$0] }
                if yt.contains(1) && yt.contains(0) && yh.contains(1) && yh.contains(0) {
                    let fit = try LogisticRegression(penalty: .l2(1), hasIntercept: scorer.encoding.interceptIndex == 0)
                        .fit(x: xt, y: yt, termNames: scorer.encoding.termNames, weights: data.weights.map { w in train.map { w[$0] } })
                    let proxy = LogisticScorer(encoding: scorer.encoding, coefficients: fit.estimates)
                    let hold = ExplainData(table: holdoutTable, outcome: yh, outcomeName: "\(attribute) = \(labels[level])",
                                           weights: data.weights.map { w in holdout.map { w[$0] } }, rowIndices: holdout, rowsRead: n)
                    let importance = try PermutationImportance.compute(scorer: proxy, data: hold,
                                                                       options: .init(metric: .auc, repeats: options.proxyRepeats, seed: options.seed))
                    proxyAUC = importance.baseline
                    carriers = importance.permutationImportance
                }
                let strong = (proxyAUC ?? 0) >= options.proxyThreshold
                let name = "\(attribute) = \(labels[level])"
                if strong, let a = proxyAUC {
                    let top = carriers.first.map { " Most of it comes from '\($0.feature)'." } ?? ""
                    flags.append("Strong proxy: the model's features predict \(name) with holdout AUC \(format(a)) (≥ \(format(options.proxyThreshold))).\(top)")
                }
                if let s = scoreAUC, s >= options.proxyThreshold || s <= 1 - options.proxyThreshold {
                    flags.append("The score itself separates \(name) from the rest (AUC \(format(s))): this group scores \(s > 0.5 ? "higher" : "lower").")
                }
                levelsOut.append(.init(level: labels[level], rows: Int(count), suppressed: false, proxyAUC: proxyAUC, scoreAUC: scoreAUC, carriers: carriers, strong: strong))
            }
            out.append((attribute: attribute, levels: levelsOut, flags: flags))
        }
        return ProxyReport(threshold: options.proxyThreshold, attributes: out)
    }

    /// Level labels and a code per row: categorical levels, or the distinct values of a numeric column (at most 50).
    static func levels(_ column: Column) throws -> ([String], [Int]) {
        switch column {
        case .categorical(let c):
            return (c.levels, c.codes.map { Int($0) })
        case .numeric(let v):
            let distinct = Array(Set(v)).sorted()
            guard distinct.count <= 50 else {
                throw ExplainError.protectedColumn("a numeric protected column must have few distinct values (it has \(distinct.count)); bin it first")
            }
            let index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
            return (distinct.map { FormulaExpression.formatNumber($0) }, v.map { index[$0]! })
        }
    }

    static func format(_ x: Double) -> String { String(format: "%.2f", x) }
}

import Foundation
import GlassboxLinearAlgebra

extension Matrix {
    /// The rows `rows` as a new matrix.
    func selectingRows(_ rows: [Int]) -> Matrix {
        Matrix(rows: rows.count, columns: columns, columnMajor: (0..<columns).flatMap { j in rows.map { storage[j * self.rows + $0] } })
    }
}
