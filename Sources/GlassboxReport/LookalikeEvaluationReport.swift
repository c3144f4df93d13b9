import Foundation
import GlassboxAudit
import GlassboxCore
import GlassboxModels

/// The document `glassbox evaluate lookalike` writes (JSON, see docs/lookalike.md): the recovery
/// check, the composition audit of the model's audience and what drives it, with the settings and
/// provenance to repeat it.
public struct LookalikeEvaluationReport: Sendable, Encodable {
    /// The model file's path as given.
    public var model: String
    public var method: String
    public var k: Int?
    public var seedColumn: String
    public var rowsRead: Int
    public var rowsScored: Int
    /// Bagging PU on its training data: the audience is chosen by out-of-bag scores.
    public var outOfBag: Bool
    public var size: Double
    public var holdout: Double
    public var randomSeed: UInt64
    public var labelFrequency: Double?
    public var positiveShare: Double?
    public var recovery: LookalikeEvaluation
    public var composition: [CompositionAudit.Attribute]
    /// Every composition flag (the 80 % rule), in attribute and group order.
    public var flags: [String]
    /// Coefficients (logistic, pu) or mean similarity contributions over the audience (similarity):
    /// ``LookalikeModelFile/explanation(of:)``.
    public var explanation: [LookalikeContribution]
    public var dataSha256: String
    public var glassboxVersion: String
    public var commandLine: [String]

    /// The document of `file` (saved at `modelPath`) evaluated on a table of `rowsRead` rows with
    /// SHA-256 `dataSHA256`: its `recovery` check (holdout share `holdout`, seed `randomSeed`) and
    /// the `composition` of its `audience`.
    public init(modelPath: String, file: LookalikeModelFile, rowsRead: Int, audience: LookalikeAudience, holdout: Double,
                randomSeed: UInt64, recovery: LookalikeEvaluation, composition: [CompositionAudit.Attribute], dataSHA256: String,
                commandLine: [String]) {
        model = modelPath
        method = file.options.method.rawValue
        k = file.options.k
        seedColumn = audience.scores.seedColumn ?? file.seedColumn
        self.rowsRead = rowsRead
        rowsScored = audience.scores.scoredRows.count
        outOfBag = audience.scores.outOfBag
        size = audience.size
        self.holdout = holdout
        self.randomSeed = randomSeed
        labelFrequency = file.fit.labelFrequency
        positiveShare = file.fit.positiveShare
        self.recovery = recovery
        self.composition = composition
        flags = composition.flatMap { $0.groups.compactMap(\.flag) }
        explanation = file.explanation(of: audience)
        dataSha256 = dataSHA256
        glassboxVersion = GlassboxVersion.string
        self.commandLine = commandLine
    }

    /// Pretty-printed JSON with sorted keys and a final newline.
    public func json() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(self)) + [UInt8(ascii: "\n")]
    }
}
