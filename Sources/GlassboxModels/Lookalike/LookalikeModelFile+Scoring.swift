import GlassboxCore
import GlassboxTabular

extension LookalikeModelFile: ScoringModel {
    public var modelKind: ModelKind { .lookalike }

    /// The lookalike score per row (the classifier's probability, averaged over
    /// bagging rounds, or the similarity to the seeds). Out-of-bag scores of the training rows are a separate
    /// computation.
    public func scores(on table: Table) throws -> ModelScores {
        try ModelScores.scoring(table, encoding: encoding) { try fit.score($0) }
    }

    /// Reads and validates the lookalike model file at `path` (path checks, size cap, then
    /// ``load(bytes:path:)``).
    public static func load(path: String) throws -> LookalikeModelFile {
        try loadValidated(path: path)
    }
}
