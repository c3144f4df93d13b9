import GlassboxExplain
import GlassboxCore
import GlassboxModels
import GlassboxTabular

/// What to compute when explaining a logistic model for a report (`glassbox report`, `glassbox demo`).
struct ModelExplanationSettings {
    var metric: ImportanceMetric = .auc
    var repeats = 5
    var seed: UInt64 = 1
    /// Columns with partial dependence (20 grid points) and `ice` ICE curves of synthetic rows (0: none,
    /// the default; real rows' curves would decode to their values).
    var pd: [String] = []
    var ice = 0
    /// Protected attributes tested for proxies among the model's features.
    var protected: [String] = []
    /// Proxy levels with fewer rows are suppressed (with complementary levels).
    var minGroupSize = 10
    /// Receives permutation-importance and partial-dependence progress.
    var progress: ProgressObserver?
}

/// The explanation section of a report: permutation importance on the model's outcome (skipped with a
/// note when the data lack it), partial dependence and proxy detection, with rows used/dropped.
func explainLogisticModel(_ file: LogisticModelFile, table: Table, manifest: ModelManifest,
                          settings s: ModelExplanationSettings) throws -> ExplanationReport {
    let scorer = LogisticScorer(model: file)
    try ExplainCommand.checkProtected(s.protected, features: scorer.featureColumns, table: table)
    let hasOutcome = file.encoding.formula.response.map { r in r.columns.allSatisfy(table.hasColumn) } ?? false
    let data = try ExplainData.forModel(file.encoding, table: table, weights: nil, withOutcome: hasOutcome, extraColumns: s.protected)
    var e = ExplanationReport(rowsUsed: data.table.rowCount, rowsDropped: data.rowsDropped, manifest: manifest)
    if hasOutcome {
        let options = PermutationImportanceOptions(metric: s.metric, repeats: s.repeats, seed: s.seed)
        e.setImportance(try PermutationImportance.compute(scorer: scorer, data: data, options: options, progress: s.progress))
    } else {
        printError("note: the data have no outcome column '\(file.encoding.responseName ?? "?")'; permutation importance skipped")
    }
    if !s.pd.isEmpty {
        let pdOptions = PartialDependenceOptions(gridPoints: 20, iceRows: s.ice, seed: s.seed)
        e.partialDependence = try s.pd.map { 
            try PartialDependenceCalculator.compute(scorer: scorer, data: data, feature: $0, options: pdOptions, progress: s.progress)
        }
    }
    if !s.protected.isEmpty {
        e.proxies = try ProxyDetection.run(scorer: scorer, data: data, protected: s.protected, options: ProxyOptions(seed: s.seed, minGroupSize: s.minGroupSize))
    }
    return e
}
