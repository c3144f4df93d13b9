import GlassboxCore
import GlassboxModels
import GlassboxTabular

// Every explainer on a ``ScoringModel``: the model becomes its ``ModelScorer/forModel(_:)`` scorer, so a
// logistic model takes the exact linear paths and other kinds are re-scored. The public entry points are
// static functions of the result types; each explains the rows of a table complete in every column it reads
// (rows with a missing value are dropped, as R's `na.omit`), except that a tree ensemble keeps rows with missing
// inputs, which its trees route (``ExplainData/forTreeModel(_:table:weights:withOutcome:extraColumns:)``).

extension PermutationImportance {
    /// Permutation importance of `model`'s input columns on `data` (see
    /// ``compute(scorer:data:options:progress:)``). For an uplift arm (``UpliftModelFile/arm(_:)``) use the
    /// ``ImportanceMetric/qini`` metric with ``ExplainData/treatment`` set (``ExplainData/forUplift(_:table:outcomes:treatment:)``).
    package static func compute(model: any ScoringModel, data: ExplainData, options: ExplanationOptions,
                                progress: ProgressObserver? = nil) throws -> PermutationImportanceResult {
        try compute(scorer: ModelScorer.forModel(model), data: data, options: options, progress: progress)
    }
}

extension PermutationImportanceResult {
    /// Permutation importance of `model`'s input columns against its outcome, as scikit-learn's
    /// `sklearn.inspection.permutation_importance` defines it (Breiman 2001; Fisher, Rudin & Dominici 2019):
    /// for feature j and repeat r, I_{j,r} = m(y, f(X)) − m(y, f(X with column j permuted)) for a metric where
    /// larger is better (the reverse difference for a loss), reported as mean and population standard
    /// deviation over ``ExplanationOptions/repeats``. A source column is permuted as a whole (every design
    /// column built from it moves together) unless ``ExplanationOptions/perTerm``. Permutation (j, r) is
    /// seeded by (``ExplanationOptions/seed``, j, r), so results do not depend on the thread count.
    /// Reads ``ExplanationOptions/metric``, `repeats`, `seed`, `maxRows`, `perTerm`, `threshold` and `weights`.
    /// - Parameter table: rows holding the model's input columns and its outcome (the formula's response, 0/1).
    /// - Throws: ``ExplainError/sectionNotDefined(section:kind:reason:)`` for an uplift or lookalike model (whose
    ///   score predicts no single outcome: see ``uplift(_:treated:table:outcomes:treatment:repeats:seed:progress:)``);
    ///   ``ExplainError`` for invalid options or data.
    public static func compute(model: any ScoringModel, table: Table, options: ExplanationOptions = .init(),
                               progress: ProgressObserver? = nil) throws -> PermutationImportanceResult {
        try ExplanationReport.checkSections(model, options: ExplanationOptions())
        let data = try ExplainData.forModel(model, table: table, weights: options.weights, withOutcome: true)
        return try PermutationImportance.compute(model: model, data: data, options: options, progress: progress)
    }
}

extension PartialDependenceCalculator {
    /// Partial dependence (and ICE) of `model`'s score on `feature` (see ``compute(scorer:data:feature:options:progress:)``).
    package static func compute(model: any ScoringModel, data: ExplainData, feature: String,
                                options: ExplanationOptions = .init(), progress: ProgressObserver? = nil) throws -> PartialDependence {
        try compute(scorer: ModelScorer.forModel(model), data: data, feature: feature, options: options, progress: progress)
    }
}

extension PartialDependence {
    /// Partial dependence of `model`'s score on `feature`, exactly as scikit-learn's
    /// `partial_dependence(method="brute")` (Friedman 2001): PD(v) = Σᵢ wᵢ f(xᵢ with the feature set to v) / Σᵢ wᵢ
    /// for every grid value v. A numeric grid is scikit-learn's: the sorted distinct values when there are
    /// fewer than ``ExplanationOptions/gridPoints``, otherwise that many equally spaced points between the
    /// ``ExplanationOptions/percentiles`` of the column (SciPy's `mquantiles`, α = β = 0.4); a categorical
    /// feature uses every level the model knows. With ``ExplanationOptions/iceRows`` > 0, ICE curves
    /// (Goldstein et al. 2015) of seeded synthetic rows, never rows of the data. Reads `gridPoints`,
    /// `percentiles`, `iceRows`, `centered`, `seed` and `weights`. Defined for every model kind.
    /// - Throws: ``ExplainError/unknownFeature(_:available:)`` when `feature` is not an input column of the model.
    public static func compute(model: any ScoringModel, table: Table, feature: String, options: ExplanationOptions = .init(),
                               progress: ProgressObserver? = nil) throws -> PartialDependence {
        let data = try ExplainData.forModel(model, table: table, weights: options.weights, withOutcome: false)
        return try PartialDependenceCalculator.compute(model: model, data: data, feature: feature, options: options,
                                                       progress: progress)
    }
}

extension LinearSHAP {
    /// Exact SHAP values of `model`, defined for a model with a linear predictor (logistic) and for a tree
    /// ensemble (path-dependent TreeSHAP, ``TreeModelScorer/shap(data:listRows:seed:minGroupSize:)``).
    /// - Throws: ``ExplainError/invalidOption(_:)`` for a model of another kind.
    package static func compute(model: any ScoringModel, data: ExplainData, listRows: Int, seed: UInt64,
                                minGroupSize: Int = 10, treeSHAP: TreeSHAPMethod = .pathDependent) throws -> LinearSHAPResult {
        if let tree = ModelScorer.forModel(model) as? TreeModelScorer {
            return try tree.shap(data: data, listRows: listRows, seed: seed, minGroupSize: minGroupSize, method: treeSHAP)
        }
        guard let linear = ModelScorer.forModel(model) as? any LinearPredictorScorer else {
            throw ExplainError.invalidOption("exact SHAP values need a model with a linear predictor (logistic); a \(model.modelKind.rawValue) model has none")
        }
        return try compute(scorer: linear, data: data, listRows: listRows, seed: seed)
    }
}

extension LinearSHAPResult {
    /// Exact SHAP values of `model` (Lundberg & Lee 2017; SHAP's `LinearExplainer` with interventional
    /// features), on the link (η) scale: for design column j, φᵢⱼ = βⱼ(xᵢⱼ − E[xⱼ]) with E over the rows
    /// (weighted by ``ExplanationOptions/weights``); a source column's value sums its design columns, and an
    /// interaction column of k source columns is split equally among them, so Σ φᵢ = ηᵢ − E[η] exactly.
    /// Lists the values of ``ExplanationOptions/shapRows`` rows sampled with ``ExplanationOptions/seed``.
    /// O(rows × design columns). For a tree ensemble (``TreeEnsembleModelFile``) the values are exact
    /// TreeSHAP on the margin scale (Lundberg et al. 2020), path-dependent (XGBoost's `pred_contribs=True`) or
    /// interventional as ``ExplanationOptions/treeSHAP`` says, summarised the same way.
    /// - Throws: ``ExplainError/invalidOption(_:)`` for a model without a linear predictor or trees (uplift, lookalike).
    public static func compute(model: any ScoringModel, table: Table, options: ExplanationOptions = .init()) throws -> LinearSHAPResult {
        let data = try ExplainData.forModel(model, table: table, weights: options.weights, withOutcome: false)
        return try LinearSHAP.compute(model: model, data: data, listRows: options.shapRows, seed: options.seed,
                                      minGroupSize: options.minGroupSize, treeSHAP: options.treeSHAP)
    }
}

extension ProxyDetection {
    /// Proxy detection for `model` (see ``run(scorer:data:protected:options:)``): the candidate proxies are
    /// the model's design columns, and the score's own AUC per level comes from the model's scores.
    package static func run(model: any ScoringModel, data: ExplainData, protected attributes: [String],
                            options: ExplanationOptions = .init()) throws -> ProxyReport {
        if let linear = ModelScorer.forModel(model) as? any LinearPredictorScorer {
            return try run(scorer: linear, data: data, protected: attributes, options: options)
        }
        // Only the design of this scorer is used; the scores are the model's own. A tree ensemble's categorical
        // features become one indicator per level.
        let encoding = model.encoding.withLevelIndicators()
        let design = LogisticScorer(encoding: encoding, coefficients: Array(repeating: 0, count: encoding.termNames.count))
        // A tree ensemble's rows keep missing inputs; the proxy classifiers take the complete ones.
        let complete = try data.completeSubset(model.inputColumns + attributes)
        let scores = try ModelScorer(model: model).scores(complete.table)
        var report = try run(scorer: design, data: complete, protected: attributes, options: options, scores: scores)
        if complete.rowIndices.count < data.rowIndices.count {
            report.rowsUsed = complete.rowIndices.count
            report.rowsDropped = data.rowIndices.count - complete.rowIndices.count
        }
        return report
    }
}

extension ProxyReport {
    /// Does `model`'s score encode a protected attribute (``ExplanationOptions/protected``) through its
    /// features? For each level of each attribute, a one-vs-rest logistic model (ridge λ = 1) predicts the
    /// level from the model's design columns on a seeded training split; its holdout AUC says how well the
    /// features stand in for the attribute, and grouped permutation importance (AUC) on the holdout names the
    /// features that carry it. The AUC of the score itself, level against rest, says how much the score
    /// separates the group. A level is strong when the proxy AUC ≥ ``ExplanationOptions/proxyThreshold``;
    /// levels with fewer than ``ExplanationOptions/minGroupSize`` rows, and complementary levels, are
    /// suppressed. Reads `protected`, `proxyThreshold`, `holdout`, `seed`, `proxyRepeats`, `minGroupSize`, `weights`.
    /// - Throws: ``ExplainError/protectedColumn(_:)`` for a protected column missing from `table`, a feature of
    ///   the model, or single-valued; ``ExplainError/invalidData(_:)`` for too few rows.
    public static func detect(model: any ScoringModel, table: Table, options: ExplanationOptions) throws -> ProxyReport {
        try ExplanationReport.checkProtected(options.protected, features: ModelScorer.forModel(model).featureColumns, table: table)
        let data = try ExplainData.forModel(model, table: table, weights: options.weights, withOutcome: false,
                                            extraColumns: options.protected)
        return try ProxyDetection.run(model: model, data: data, protected: options.protected, options: options)
    }

    /// Proxy detection for an external score column (no model file): the candidate proxies are the design
    /// columns of the one-sided `formula` (`~ a + b`, the features ``SurrogateReport/fit(table:score:formula:options:)``
    /// uses), and the score's own AUC per level comes from the `score` column. Rows missing the score, a
    /// feature or a protected attribute are left out. Otherwise as ``detect(model:table:options:)``.
    /// - Throws: ``ExplainError`` — score not numeric, a formula with a response or naming the score, a
    ///   protected column missing, a feature, or single-valued.
    public static func detect(score: String, formula: String, table: Table, options: ExplanationOptions) throws -> ProxyReport {
        try ProxyDetection.run(score: score, formula: formula, table: table, protected: options.protected, options: options)
    }
}

extension SurrogateReport {
    /// Global surrogates (Molnar, *Interpretable Machine Learning*, §8.6) of the numeric column `score`, a
    /// score received only as a column: (a) least squares of the score — of logit(score), clipped to
    /// [1e-6, 1 − 1e-6], when every value lies in [0, 1] — on the design of the one-sided `formula` (`~ a + b`),
    /// and (b) a CART regression tree of depth ≤ ``ExplanationOptions/maxDepth`` (leaves ≥ `minLeaf` rows) on
    /// the same design columns. Both are fitted on a seeded training split and judged on the holdout
    /// (``ExplanationOptions/holdout``): R² = 1 − SSE/SST, and agreement of the top `topFraction` decisions.
    /// Uses the rows complete in the score and every column the formula reads.
    /// - Throws: ``ExplainError`` — score not numeric, a formula with a response, too few rows; formula errors.
    public static func fit(table: Table, score: String, formula: String, options: ExplanationOptions = .init()) throws -> SurrogateReport {
        try Surrogate.fit(table: table, score: score, formula: formula, options: options)
    }

    /// Surrogates of `model`'s score on the features of the one-sided `formula` (see
    /// ``fit(table:score:formula:options:)``); rows the model cannot score are left out.
    public static func fit(model: any ScoringModel, table: Table, formula: String, options: ExplanationOptions = .init()) throws -> SurrogateReport {
        var name = "score"
        while table.hasColumn(name) { name += "_" }
        var scored = table
        try scored.append(name: name, column: .numeric(try model.scores(on: table).values))
        return try Surrogate.fit(table: scored, score: name, formula: formula, options: options)
    }
}

extension ExplainData {
    /// Rows for uplift permutation importance of `model` (``ImportanceMetric/qini``): the evaluation rows of
    /// `table` with their 0/1 `outcomes` and `treatment` (1 treated, 0 control), aligned to the table's rows.
    /// - Throws: ``ModelError/unsupportedOption(_:)`` when a row has a missing model value.
    package static func forUplift(_ model: any ScoringModel, table: Table, outcomes: [Double], treatment: [Double]) throws -> ExplainData {
        let complete = try table.completeRows(model.inputColumns)
        guard complete.count == table.rowCount else {
            throw ModelError.unsupportedOption("permutation importance needs rows without missing model values")
        }
        return ExplainData(table: try table.gathering(rows: complete, columns: model.inputColumns), outcome: outcomes,
                           outcomeName: model.encoding.responseName ?? "outcome", weights: nil, rowIndices: complete,
                           rowsRead: table.rowCount, treatment: treatment)
    }
}
