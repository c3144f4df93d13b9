import GlassboxCore

/// A model file's provenance: the same type as a report's, ``GlassboxCore/Provenance``.
public typealias ModelManifest = Provenance
