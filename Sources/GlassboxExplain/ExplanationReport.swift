import Foundation
import GlassboxModels

/// Everything `glassbox explain` reports, as one document (docs/json-contract.md): permutation importance at the
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
    /// Rows used and dropped (missing values).
    public var rowsUsed: Int
    public var rowsDropped: Int
    public var manifest: ModelManifest

    public init(rowsUsed: Int, rowsDropped: Int, manifest: ModelManifest) {
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
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        var bytes = [UInt8](try encoder.encode(self))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }
}
