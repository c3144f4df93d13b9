import GlassboxModels
import GlassboxReport

/// `glassbox inspect` of an uplift model: the library's ``UpliftInspection`` and its renderings.
extension UpliftInspection: ModelInspection {}
