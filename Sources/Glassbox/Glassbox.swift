// The umbrella module: `import Glassbox` brings in every library layer, so a Swift tool that embeds
// Glassbox needs one import. The layers stay separate modules (and can be imported one by one);
// this file only re-exports them, lowest layer first. See Glassbox.docc for the overview.
@_exported import GlassboxCore
@_exported import GlassboxLinearAlgebra
@_exported import GlassboxTabular
@_exported import GlassboxMetrics
@_exported import GlassboxModels
@_exported import GlassboxSimulation
@_exported import GlassboxExplain
@_exported import GlassboxAudit
@_exported import GlassboxReport
@_exported import GlassboxStatFiles
@_exported import GlassboxDatabase
