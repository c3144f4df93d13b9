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
    /// ``LookalikeMethod`` raw value.
    public var method: String
    /// K of K-nearest-seed similarity.
    public var k: Int?
    /// The seed column of the data.
    public var seedColumn: String
    /// Rows of the data.
    public var rowsRead: Int
    /// Rows with a score (no model value missing).
    public var rowsScored: Int
    /// Bagging PU on its training data: the audience is chosen by out-of-bag scores.
    public var outOfBag: Bool
    /// Audience size, a share of the scored non-seed rows.
    public var size: Double
    /// Share of the seeds hidden in the recovery check.
    public var holdout: Double
    /// Seed of the hold-out split and the bootstrap.
    public var randomSeed: UInt64
    /// `pu`: ĉ.
    public var labelFrequency: Double?
    /// `pu`: the implied share of positives.
    public var positiveShare: Double?
    /// The recovery check.
    public var recovery: LookalikeEvaluation
    /// The composition audit, one entry per group attribute.
    public var composition: [CompositionAudit]
    /// Every composition flag (the 80 % rule), in attribute and group order.
    public var flags: [String]
    /// Coefficients (logistic, pu) or mean similarity contributions over the audience (similarity):
    /// ``LookalikeModelFile/explanation(of:)``.
    public var explanation: [(term: String, value: Double?)] {
        contributions.map { (term: $0.term, value: $0.value) }
    }
    /// ``explanation`` as written to JSON.
    package var contributions: [LookalikeContribution]
    /// SHA-256 of the data file.
    public var dataSha256: String
    /// The Glassbox version that wrote the document.
    public var glassboxVersion: String
    /// The command line (arguments after the program name).
    public var commandLine: [String]

    enum CodingKeys: String, CodingKey {
        case model, method, k, seedColumn, rowsRead, rowsScored, outOfBag, size, holdout, randomSeed, labelFrequency, positiveShare,
             recovery, composition, flags, dataSha256, glassboxVersion, commandLine
        case contributions = "explanation"
    }

    /// The document of `file` (saved at `modelPath`) evaluated on a table of `rowsRead` rows with
    /// SHA-256 `dataSHA256`: its `recovery` check (holdout share `holdout`, seed `randomSeed`) and
    /// the `composition` of its `audience`.
    public init(modelPath: String, file: LookalikeModelFile, rowsRead: Int, audience: LookalikeAudience, holdout: Double,
                randomSeed: UInt64, recovery: LookalikeEvaluation, composition: [CompositionAudit], dataSHA256: String,
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
        contributions = file.contributions(of: audience)
        dataSha256 = dataSHA256
        glassboxVersion = GlassboxVersion.string
        self.commandLine = commandLine
    }

    /// Pretty-printed JSON with sorted keys and a final newline.
    public func json() throws -> [UInt8] {
        try JSONFormat.encode(self)
    }
}
