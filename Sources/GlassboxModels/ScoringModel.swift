import GlassboxCore
import GlassboxTabular

/// A fitted model that scores table rows: what an embedder holds after loading or fitting a model, and
/// what every explainer (permutation importance, partial dependence, surrogates, proxy detection) takes.
/// Logistic, uplift and lookalike models implement it; nothing here assumes a linear predictor, so a
/// tree ensemble can implement it as well (explainers use exact linear fast paths where a model has one).
public protocol ScoringModel: Sendable {
    /// Which kind of model this is (the model file's `kind` field, typed).
    var modelKind: ModelKind { get }
    /// The table columns the model reads (its source columns, in formula order).
    var inputColumns: [String] { get }
    /// The design encoding that turns those columns into model terms (formula, factor codings, term names).
    var encoding: DesignEncoding { get }
    /// Where the model came from: the training command, data and seed.
    var manifest: Provenance { get }
    /// A score for every row of `table`, aligned to its rows: NaN (and counted) for a row with a missing
    /// input value. A categorical level not seen in training, or a score that is not a number, throws
    /// (``ModelError/undefinedScoreAtRow(row:)`` names the row).
    func scores(on table: Table) throws -> ModelScores
}

extension ScoringModel {
    public var inputColumns: [String] { encoding.predictorColumns }
}
