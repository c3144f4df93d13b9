import GlassboxModels

/// The model a bias audit or a model report scores: an imported tree ensemble (`glassbox import`) when the
/// file's kind says so, otherwise a logistic model (whose loader reports files of any other kind, as before).
func loadAuditedModel(path: String) throws -> any ScoringModel {
    if (try? ModelFileHeader.read(path: path).kind) == TreeEnsembleModelFile.kindName {
        return try TreeEnsembleModelFile.load(path: path)
    }
    return try LogisticModelFile.load(path: path)
}
