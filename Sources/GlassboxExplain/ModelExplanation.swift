import GlassboxCore
import GlassboxModels
import GlassboxTabular

/// What ``ModelExplanation/explain(_:table:manifest:options:progress:steps:)`` computes.
public struct ModelExplanationOptions: Sendable {
    /// Permutation importance settings; nil leaves importance out.
    public var importance: PermutationImportanceOptions?
    /// Case-weight column for importance and partial dependence.
    public var weights: String?
    /// Columns with partial dependence (and ICE curves when `partialDependenceOptions.iceRows` > 0).
    public var partialDependence: [String]
    /// Grid and ICE settings of partial dependence.
    public var partialDependenceOptions: PartialDependenceOptions
    /// Exact SHAP values (linear-predictor models), listing `shapRows` sampled rows.
    public var shap: Bool
    /// Sampled rows whose SHAP values are listed (0 lists none).
    public var shapRows: Int
    /// Seed of the SHAP row sample.
    public var shapSeed: UInt64
    /// Protected attributes tested for proxies among the model's features.
    public var protected: [String]
    /// Proxy detection settings.
    public var proxy: ProxyOptions

    /// Options: importance with its defaults, nothing else unless asked for.
    public init(importance: PermutationImportanceOptions? = .init(), weights: String? = nil, partialDependence: [String] = [],
                partialDependenceOptions: PartialDependenceOptions = .init(), shap: Bool = false, shapRows: Int = 0, shapSeed: UInt64 = 0,
                protected: [String] = [], proxy: ProxyOptions = .init()) {
        self.importance = importance
        self.weights = weights
        self.partialDependence = partialDependence
        self.partialDependenceOptions = partialDependenceOptions
        self.shap = shap
        self.shapRows = shapRows
        self.shapSeed = shapSeed
        self.protected = protected
        self.proxy = proxy
    }
}

/// A step of an explanation, for progress lines and phase timings.
public enum ExplanationStep: Sendable {
    /// A phase begins; the text says what it computes.
    case started(String)
    /// A phase ended: `prepare`, `importance`, `pd+shap` or `proxies`.
    case finished(String)
}

/// The explanation of a model on a table, as `glassbox explain` and the explanation section of
/// `glassbox report` compute it: permutation importance on the model's outcome, partial dependence and
/// ICE, exact SHAP (linear models) and proxy detection, on the rows complete in every column used.
///
/// When importance is asked for but the data lack the model's outcome column, importance is skipped and
/// ``ExplanationReport/importanceSkipped`` says why (every rendering shows it); the other sections are
/// still computed.
public enum ModelExplanation {
    /// - Throws: ``ExplainError/sectionNotDefined(section:kind:reason:)`` for a section the model's kind does
    ///   not have (``checkSections(_:options:)``), before any work; ``ExplainError/protectedColumn(_:)`` for a
    ///   protected column missing from the data or used by the model; the explainers' errors.
    public static func explain(_ model: any ScoringModel, table: Table, manifest: Provenance, options: ModelExplanationOptions,
                               progress: ProgressObserver? = nil, steps: (ExplanationStep) -> Void = { _ in }) throws -> ExplanationReport {
        try checkSections(model, options: options)
        let scorer = ModelScorer.forModel(model)
        try checkProtected(options.protected, features: scorer.featureColumns, table: table)
        let encoding = model.encoding
        let hasOutcome = encoding.formula.response.map { r in r.columns.allSatisfy(table.hasColumn) } ?? false
        let importance = hasOutcome ? options.importance : nil
        let data = try ExplainData.forModel(encoding, table: table, weights: options.weights, withOutcome: importance != nil,
                                            extraColumns: options.protected)
        steps(.finished("prepare"))
        var report = ExplanationReport(rowsUsed: data.table.rowCount, rowsDropped: data.rowsDropped, manifest: manifest)
        if options.importance != nil && !hasOutcome {
            report.importanceSkipped = "the data have no outcome column '\(encoding.responseName ?? "?")'; permutation importance skipped"
        }
        if let importance {
            steps(.started("permutation importance: \(scorer.featureColumns.count) features × \(importance.repeats) repeats on \(data.table.rowCount) rows"))
            report.setImportance(try PermutationImportance.compute(scorer: scorer, data: data, options: importance, progress: progress))
            steps(.finished("importance"))
        }
        if !options.partialDependence.isEmpty {
            steps(.started("partial dependence for \(options.partialDependence.count) column(s)"))
            report.partialDependence = try options.partialDependence.map {
                try PartialDependenceCalculator.compute(scorer: scorer, data: data, feature: $0, options: options.partialDependenceOptions,
                                                        progress: progress)
            }
        }
        if options.shap { report.shap = try LinearSHAP.compute(model: model, data: data, listRows: options.shapRows, seed: options.shapSeed) }
        steps(.finished("pd+shap"))
        if !options.protected.isEmpty {
            steps(.started("proxy models for \(options.protected.joined(separator: ", "))"))
            report.proxies = try ProxyDetection.run(model: model, data: data, protected: options.protected, options: options.proxy)
        }
        steps(.finished("proxies"))
        return report
    }

    /// Protected attributes must be columns of the data and not features of the model (proxy detection asks
    /// whether the other features stand in for them).
    public static func checkProtected(_ columns: [String], features: [String], table: Table) throws {
        for c in columns {
            guard table.hasColumn(c) else {
                throw ExplainError.protectedColumn("protected column '\(c)' is not in the data; columns are: \(table.columnNames.joined(separator: ", "))")
            }
            if features.contains(c) {
                throw ExplainError.protectedColumn("protected column '\(c)' is also a model feature; proxy detection asks whether the other features stand in for it, so it must not be one of them")
            }
        }
    }
}
