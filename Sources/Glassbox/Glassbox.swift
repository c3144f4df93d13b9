// The umbrella module: `import Glassbox` brings in every library layer, so a Swift tool that embeds
// Glassbox needs one import. The layers stay separate modules (and can be imported one by one);
// this file only re-exports them, lowest layer first. See Glassbox.docc for the overview.
@_exported import GlassboxCore
@_exported import LinearAlgebra
@_exported import Tabular
@_exported import Metrics
@_exported import Models
@_exported import Simulation
@_exported import Explain
@_exported import Audit
@_exported import Report
