import GlassboxCore

/// A report's provenance (what was run on which data): the same type as a model file's,
/// ``GlassboxCore/Provenance``, listing every input through ``GlassboxCore/Provenance/inputs``.
public typealias ReportManifest = Provenance
