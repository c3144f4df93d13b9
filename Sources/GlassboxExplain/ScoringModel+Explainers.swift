import GlassboxCore
import GlassboxModels
import GlassboxTabular

// Every explainer on a ``ScoringModel``: the model becomes its ``ModelScorer/forModel(_:)`` scorer, so a
// logistic model takes the exact linear paths and other kinds are re-scored.

extension PermutationImportance {
    /// Permutation importance of `model`'s input columns on `data` (see
    /// ``compute(scorer:data:options:progress:)``). For an uplift arm (``UpliftModelFile/arm(_:)``) use the
    /// ``ImportanceMetric/qini`` metric with ``ExplainData/treatment`` set (``ExplainData/forUplift(_:table:outcomes:treatment:)``).
    public static func compute(model: any ScoringModel, data: ExplainData, options: PermutationImportanceOptions,
                               progress: ProgressObserver? = nil) throws -> PermutationImportanceResult {
        try compute(scorer: ModelScorer.forModel(model), data: data, options: options, progress: progress)
    }
}

extension PartialDependenceCalculator {
    /// Partial dependence (and ICE) of `model`'s score on `feature` (see ``compute(scorer:data:feature:options:progress:)``).
    public static func compute(model: any ScoringModel, data: ExplainData, feature: String,
                               options: PartialDependenceOptions = .init(), progress: ProgressObserver? = nil) throws -> PartialDependence {
        try compute(scorer: ModelScorer.forModel(model), data: data, feature: feature, options: options, progress: progress)
    }
}

extension LinearSHAP {
    /// Exact SHAP values of `model`, defined for a model with a linear predictor (logistic).
    /// - Throws: ``ExplainError/invalidOption(_:)`` for a model of another kind.
    public static func compute(model: any ScoringModel, data: ExplainData, listRows: Int, seed: UInt64) throws -> LinearSHAPResult {
        guard let linear = ModelScorer.forModel(model) as? any LinearPredictorScorer else {
            throw ExplainError.invalidOption("exact SHAP values need a model with a linear predictor (logistic); a \(model.modelKind.rawValue) model has none")
        }
        return try compute(scorer: linear, data: data, listRows: listRows, seed: seed)
    }
}

extension ProxyDetection {
    /// Proxy detection for `model` (see ``run(scorer:data:protected:options:)``): the candidate proxies are
    /// the model's design columns, and the score's own AUC per level comes from the model's scores.
    public static func run(model: any ScoringModel, data: ExplainData, protected attributes: [String],
                           options: ProxyOptions = .init()) throws -> ProxyReport {
        if let linear = ModelScorer.forModel(model) as? any LinearPredictorScorer {
            return try run(scorer: linear, data: data, protected: attributes, options: options)
        }
        // Only the design of this scorer is used; the scores are the model's own.
        let design = LogisticScorer(encoding: model.encoding, coefficients: Array(repeating: 0, count: model.encoding.termNames.count))
        let scores = try ModelScorer(model: model).scores(data.table)
        return try run(scorer: design, data: data, protected: attributes, options: options, scores: scores)
    }
}

extension Surrogate {
    /// Surrogates of `model`'s score on the features of the one-sided `formula` (see
    /// ``fit(table:score:formula:options:)``); rows the model cannot score are left out.
    public static func fit(model: any ScoringModel, table: Table, formula: String, options: SurrogateOptions = .init()) throws -> SurrogateReport {
        var name = "score"
        while table.hasColumn(name) { name += "_" }
        var scored = table
        try scored.append(name: name, column: .numeric(try model.scores(on: table).values))
        return try fit(table: scored, score: name, formula: formula, options: options)
    }
}

extension ExplainData {
    /// Rows for uplift permutation importance of `model` (``ImportanceMetric/qini``): the evaluation rows of
    /// `table` with their 0/1 `outcomes` and `treatment` (1 treated, 0 control), aligned to the table's rows.
    /// - Throws: ``ModelError/unsupportedOption(_:)`` when a row has a missing model value.
    public static func forUplift(_ model: any ScoringModel, table: Table, outcomes: [Double], treatment: [Double]) throws -> ExplainData {
        let complete = try table.completeRows(model.inputColumns)
        guard complete.count == table.rowCount else {
            throw ModelError.unsupportedOption("permutation importance needs rows without missing model values")
        }
        return ExplainData(table: try table.gathering(rows: complete, columns: model.inputColumns), outcome: outcomes,
                           outcomeName: model.encoding.responseName ?? "outcome", weights: nil, rowIndices: complete,
                           rowsRead: table.rowCount, treatment: treatment)
    }
}
