import GlassboxCore

/// The former name of ``GlassboxCore/Provenance``. Kept only until GlassboxAudit and the audit command,
/// rewritten on another branch, use `Provenance`; then delete it.
public typealias ModelManifest = Provenance
