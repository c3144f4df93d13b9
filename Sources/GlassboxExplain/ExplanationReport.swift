import GlassboxCore
import Foundation
import GlassboxModels

/// Everything `glassbox explain` reports, as one document (PRODUCT.md §4): permutation importance at the
/// top level, plus the optional sections that were asked for.
public struct ExplanationReport: Sendable, Codable {
    public var metric: String?
    public var repeats: Int?
    public var baseline: Double?
    public var permutationImportance: [FeatureImportance]?
    /// Whether the importance features are design terms rather than source columns.
    public var perTerm: Bool?
    public var partialDependence: [PartialDependence]?
    public var shap: LinearSHAPResult?
    public var surrogate: SurrogateReport?
    public var proxies: ProxyReport?
    /// Why permutation importance, though asked for, is absent (the data lack the model's outcome column).
    public var importanceSkipped: String?
    /// Rows used and dropped (missing values).
    public var rowsUsed: Int
    public var rowsDropped: Int
    public var manifest: Provenance

    public init(rowsUsed: Int, rowsDropped: Int, manifest: Provenance) {
        self.rowsUsed = rowsUsed
        self.rowsDropped = rowsDropped
        self.manifest = manifest
    }

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
