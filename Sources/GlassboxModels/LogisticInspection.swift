import Foundation
import GlassboxCore

/// What `glassbox inspect` shows of a logistic model, as a value: the docs/json-contract.md contract (`coefficients`,
/// `fit`) plus the model's options, warnings and manifest. GlassboxReport renders it (text, Markdown, JSON).
public struct LogisticInspection: Sendable, Encodable {
    public var kind: String
    public var formula: String
    public var outcome: String?
    public var coefficients: [CoefficientRow]
    public var fit: LogisticModelFile.FitStatistics
    package var options: LogisticModelFile.Options
    public var warnings: [String]
    public var manifest: Provenance

    public init(_ file: LogisticModelFile) {
        kind = file.kind
        formula = file.formula
        outcome = file.encoding.responseName
        coefficients = file.logisticFit.coefficientTable()
        fit = file.fit
        options = file.options
        warnings = file.warnings
        manifest = file.manifest
    }
}

extension CoefficientRow {
    enum CodingKeys: String, CodingKey {
        case term, estimate, stdError, z, pValue, ciLower, ciUpper, oddsRatio, oddsRatioLower, oddsRatioUpper, aliased
    }
    /// Every key is always present (`null` when not available), so readers can rely on the shape.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(term, forKey: .term)
        try c.encode(aliased ? nil : estimate, forKey: .estimate)
        try c.encode(stdError, forKey: .stdError)
        try c.encode(z, forKey: .z)
        try c.encode(pValue, forKey: .pValue)
        try c.encode(ciLower, forKey: .ciLower)
        try c.encode(ciUpper, forKey: .ciUpper)
        try c.encode(aliased ? nil : oddsRatio, forKey: .oddsRatio)
        try c.encode(oddsRatioLower, forKey: .oddsRatioLower)
        try c.encode(oddsRatioUpper, forKey: .oddsRatioUpper)
        try c.encode(aliased, forKey: .aliased)
    }
}
