import GlassboxCore
import Foundation
import GlassboxModels

/// Everything `glassbox explain` reports, as one document (docs/json-contract.md): permutation importance at the
/// top level, plus the optional sections that were asked for.
public struct ExplanationReport: Sendable, Encodable {
    /// The importance metric's name (`auc`, `logloss`, …); nil without importance.
    public var metric: String?
    /// Permutations per feature; nil without importance.
    public var repeats: Int?
    /// The metric on the unpermuted rows; nil without importance.
    public var baseline: Double?
    /// Features, most important first; nil without importance.
    public var permutationImportance: [FeatureImportance]?
    /// Whether the importance features are design terms rather than source columns.
    public var perTerm: Bool?
    /// Partial dependence (and ICE) per requested column; nil when none was asked for.
    public var partialDependence: [PartialDependence]?
    /// Exact SHAP values; nil when not asked for.
    public var shap: LinearSHAPResult?
    /// Surrogate models of a score column; nil when not asked for.
    public var surrogate: SurrogateReport?
    /// Proxy detection for protected attributes; nil when not asked for.
    public var proxies: ProxyReport?
    /// Why permutation importance, though asked for, is absent (the data lack the model's outcome column).
    public var importanceSkipped: String?
    /// Rows used: complete in every column read, or for a tree ensemble every row it scores with the outcome and
    /// weights present (missing inputs are routed by the trees).
    public var rowsUsed: Int
    /// Rows dropped for a missing value (for a tree ensemble: a missing outcome or weight, or no score).
    public var rowsDropped: Int
    /// Where the model and data came from.
    public var manifest: Provenance
    /// The seeded row sample the explanation was computed on; nil when it used every row.
    public var sample: RowSample?

    /// A report with no section yet: set the sections computed.
    public init(rowsUsed: Int, rowsDropped: Int, manifest: Provenance) {
        self.rowsUsed = rowsUsed
        self.rowsDropped = rowsDropped
        self.manifest = manifest
    }

    /// Fills the importance fields (``metric``, ``repeats``, ``baseline``, ``permutationImportance``, ``perTerm``) from `r`.
    public mutating func setImportance(_ r: PermutationImportanceResult) {
        metric = r.metric
        repeats = r.repeats
        baseline = r.baseline
        permutationImportance = r.permutationImportance
        perTerm = r.perTerm
    }

    /// Pretty-printed JSON with sorted keys; non-finite numbers are written as null.
    public func json() throws -> [UInt8] {
        try JSONFormat.encode(self, nonFinite: .asStrings)
    }
}
