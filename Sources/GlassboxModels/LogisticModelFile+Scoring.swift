import GlassboxCore
import GlassboxTabular

extension LogisticModelFile: ScoringModel {
    public var modelKind: ModelKind { .logistic }

    /// The predicted probability P(outcome = 1) = σ(Xβ) per row (aliased terms count as 0).
    public func scores(on table: Table) throws -> ModelScores {
        let fit = logisticFit
        return try ModelScores.scoring(table, encoding: encoding) { try fit.predictProbabilities($0) }
    }

    /// Reads and validates the logistic model file at `path` (path checks, size cap, then
    /// ``load(bytes:path:)``).
    public static func load(path: String) throws -> LogisticModelFile {
        try loadValidated(path: path)
    }
}
