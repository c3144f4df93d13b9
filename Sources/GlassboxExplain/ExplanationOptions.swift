/// Every setting of an explanation in one value: what ``ExplanationReport/explain(_:table:manifest:options:progress:started:finished:)``
/// computes and how, and the settings of the single explainers (``PermutationImportanceResult/compute(model:table:options:progress:)``,
/// ``PartialDependence/compute(model:table:feature:options:progress:)``, ``LinearSHAPResult/compute(model:table:options:)``,
/// ``SurrogateReport/fit(table:score:formula:options:)``, ``ProxyReport/detect(model:table:options:)``), each of which reads
/// only its own fields. One ``seed`` drives every random draw (permutations, row samples, synthetic ICE rows, holdout splits).
/// The defaults are the command line's.
public struct ExplanationOptions: Sendable {
    /// Whether ``ExplanationReport/explain(_:table:manifest:options:progress:started:finished:)`` computes permutation importance.
    public var importance: Bool
    /// The metric permutation importance compares before and after permuting.
    public var metric: ImportanceMetric
    /// Permutations per feature (scikit-learn's `n_repeats`).
    public var repeats: Int
    /// Seed of every random draw of the explanation.
    public var seed: UInt64
    /// Rows drawn without replacement, once per feature, for the permuted scores (scikit-learn's `max_samples`);
    /// nil uses every row.
    public var maxRows: Int?
    /// Permute design-matrix terms (one-hot levels, interactions) instead of source columns.
    public var perTerm: Bool
    /// Decision threshold of the `accuracy` metric.
    public var threshold: Double
    /// Case-weight column for importance, partial dependence and SHAP; nil for unweighted rows.
    public var weights: String?
    /// Columns with partial dependence (and ICE curves when ``iceRows`` > 0).
    public var partialDependence: [String]
    /// Points of a numeric partial-dependence grid (scikit-learn's `grid_resolution`).
    public var gridPoints: Int
    /// Percentiles bounding a numeric grid (scikit-learn's `percentiles`).
    public var percentiles: (Double, Double)
    /// Synthetic rows (seeded) with ICE curves; 0 for none. Never rows of the data.
    public var iceRows: Int
    /// Whether ICE curves are centred (each minus its value at the first grid point, c-ICE).
    public var centered: Bool
    /// Exact SHAP values (models with a linear predictor).
    public var shap: Bool
    /// Sampled rows whose SHAP values are listed (0 lists none).
    public var shapRows: Int
    /// The TreeSHAP of a tree ensemble's SHAP values (path-dependent unless set).
    public var treeSHAP: TreeSHAPMethod = .pathDependent
    /// Protected attributes tested for proxies among the model's features.
    public var protected: [String]
    /// The proxy AUC at or above which a level of a protected attribute is flagged strong.
    public var proxyThreshold: Double
    /// Share of the rows held out to judge each proxy model and each surrogate.
    public var holdout: Double
    /// Permutation repeats of the carrier importance of a proxy model.
    public var proxyRepeats: Int
    /// Levels of a protected attribute with fewer rows are suppressed (with complementary levels).
    public var minGroupSize: Int
    /// Depth limit of the tree surrogate.
    public var maxDepth: Int
    /// Fewest training rows in a leaf of the tree surrogate.
    public var minLeaf: Int
    /// Share of top-ranked holdout rows compared by the surrogates' top agreement (``SurrogateReport/Linear/holdout``).
    public var topFraction: Double

    /// Options: importance with scikit-learn's settings (AUC, 5 repeats), nothing else unless asked for.
    public init(importance: Bool = true, metric: ImportanceMetric = .auc, repeats: Int = 5, seed: UInt64 = 0, maxRows: Int? = nil,
                perTerm: Bool = false, threshold: Double = 0.5, weights: String? = nil, partialDependence: [String] = [],
                gridPoints: Int = 20, percentiles: (Double, Double) = (0.05, 0.95), iceRows: Int = 0, centered: Bool = false,
                shap: Bool = false, shapRows: Int = 0, protected: [String] = [], proxyThreshold: Double = 0.7, holdout: Double = 0.3,
                proxyRepeats: Int = 5, minGroupSize: Int = 10, maxDepth: Int = 4, minLeaf: Int = 20, topFraction: Double = 0.1) {
        self.importance = importance
        self.metric = metric
        self.repeats = repeats
        self.seed = seed
        self.maxRows = maxRows
        self.perTerm = perTerm
        self.threshold = threshold
        self.weights = weights
        self.partialDependence = partialDependence
        self.gridPoints = gridPoints
        self.percentiles = percentiles
        self.iceRows = iceRows
        self.centered = centered
        self.shap = shap
        self.shapRows = shapRows
        self.protected = protected
        self.proxyThreshold = proxyThreshold
        self.holdout = holdout
        self.proxyRepeats = proxyRepeats
        self.minGroupSize = minGroupSize
        self.maxDepth = maxDepth
        self.minLeaf = minLeaf
        self.topFraction = topFraction
    }
}
