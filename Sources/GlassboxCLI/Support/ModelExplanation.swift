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

/// The explanation section of a report (``ModelExplanation/explain(_:table:manifest:options:progress:steps:)``):
/// permutation importance on the model's outcome (skipped, and the report says so, when the data lack it),
/// partial dependence and proxy detection, with rows used/dropped.
func explainLogisticModel(_ file: LogisticModelFile, table: Table, manifest: ModelManifest,
                          settings s: ModelExplanationSettings) throws -> ExplanationReport {
    let options = ModelExplanationOptions(
        importance: PermutationImportanceOptions(metric: s.metric, repeats: s.repeats, seed: s.seed), partialDependence: s.pd,
        partialDependenceOptions: PartialDependenceOptions(gridPoints: 20, iceRows: s.ice, seed: s.seed),
        protected: s.protected, proxy: ProxyOptions(seed: s.seed, minGroupSize: s.minGroupSize))
    let report = try ModelExplanation.explain(file, table: table, manifest: manifest, options: options, progress: s.progress)
    if let skipped = report.importanceSkipped { printError("note: " + skipped) }
    return report
}
