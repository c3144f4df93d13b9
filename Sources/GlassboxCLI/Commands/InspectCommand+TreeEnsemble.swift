import GlassboxModels

/// `glassbox inspect` of an imported tree ensemble: the library's ``TreeEnsembleInspection`` and its renderings.
extension TreeEnsembleInspection: ModelInspection {}
