import GlassboxModels
import GlassboxReport

/// `glassbox inspect` of a lookalike model: the library's ``LookalikeInspection`` and its renderings.
extension LookalikeInspection: ModelInspection {}
