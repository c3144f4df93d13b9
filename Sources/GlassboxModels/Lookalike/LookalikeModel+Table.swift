import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxTabular

extension LookalikeModel {
    /// Fits the model to a prepared design (``LookalikeDesign``), as
    /// ``fit(x:termNames:interceptIndex:seeds:progress:)`` does on its matrix and seed flags.
    package func fit(_ prepared: LookalikeDesign, progress: ProgressObserver? = nil) throws -> LookalikeFit {
        try fit(x: prepared.design.x, termNames: prepared.encoding.termNames, interceptIndex: prepared.encoding.interceptIndex,
                seeds: prepared.seeds, progress: progress)
    }

    /// Fits the model to a prepared design and wraps it as a model file with its manifest: the data's
    /// `path` and `sha256` (nil: no data source is recorded), rows read, used and dropped, the
    /// model's ``randomSeed`` and the BLAS in use.
    package func fitModelFile(_ prepared: LookalikeDesign, dataPath: String? = nil, dataSHA256: String? = nil,
                             commandLine: [String] = [], progress: ProgressObserver? = nil) throws -> LookalikeModelFile {
        let fit = try fit(prepared, progress: progress)
        let design = prepared.design
        let data = dataPath.map {
            Provenance.DataSource(path: $0, sha256: dataSHA256 ?? "", rowsRead: prepared.tableRowCount, rowsUsed: design.x.rows,
                                     rowsDropped: design.droppedRowCount, missingByColumn: design.droppedByColumn)
        }
        let manifest = Provenance(commandLine: commandLine, data: data, seed: randomSeed, blas: BLASLibrary.path)
        return LookalikeModelFile(encoding: prepared.encoding, seedColumn: prepared.seedColumn, model: self, fit: fit, manifest: manifest)
    }

    /// Fits a lookalike model in one call: the features `formula` (`"~ age + C(party)"`, no response)
    /// and the seed list `seedColumn` of `table` (1/true = seed, 0/false/empty = the rest), coded as
    /// the method needs (one-hot for `similarity`, treatment coding otherwise).
    /// The file scores new tables (``LookalikeModelFile/audienceScores(on:seedColumn:dataSHA256:onWarning:)``) and saves with
    /// ``LookalikeModelFile/encoded()``. Throws ``ModelError`` for an unusable seed list or feature.
    /// The manifest records the data's `dataPath` and `dataSHA256` (nil: no data source) with the rows
    /// read, used and dropped (a missing feature value), the ``randomSeed`` and the BLAS in use;
    /// `onWarning` hears each design warning as soon as the design is built, before the fit.
    public func fit(formula: String, on table: Table, seedColumn: String, dataPath: String? = nil, dataSHA256: String? = nil,
                    commandLine: [String] = [], onWarning: ((String) -> Void)? = nil,
                    progress: ProgressObserver? = nil) throws -> LookalikeModelFile {
        let prepared = try LookalikeDesign(table, formula: formula, seedColumn: seedColumn, oneHot: method == .similarity,
                                           onWarning: onWarning)
        return try fitModelFile(prepared, dataPath: dataPath, dataSHA256: dataSHA256, commandLine: commandLine, progress: progress)
    }
}
