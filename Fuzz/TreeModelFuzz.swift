import GlassboxModels

/// libFuzzer entry: any bytes through the XGBoost (JSON and UBJSON), LightGBM and PMML importers and the tree-ensemble model-file
/// loader must import or throw a ``ModelError``, never crash, hang or allocate without bound; an ensemble that
/// loads must also score a row of ones and a row of missing values (every walk ends at a leaf).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTreeModel(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let model = try? XGBoostModel.importEnsemble(bytes: bytes, fileName: "fuzz.ubj") { exercise(model.ensemble) }
    if let model = try? LightGBMModel.importEnsemble(bytes: bytes, fileName: "fuzz.txt") { exercise(model.ensemble) }
    if let model = try? PMMLModel.importEnsemble(bytes: bytes, fileName: "fuzz.pmml") { exercise(model.ensemble) }
    if let file = try? TreeEnsembleModelFile.load(bytes: bytes, path: "fuzz.json") { exercise(file.ensemble) }
    return 0
}

/// Scores a row of ones and a row of NaN; errors are fine, traps are bugs.
func exercise(_ ensemble: TreeEnsemble) {
    let p = ensemble.features.count
    _ = ensemble.margin([Double](repeating: 1, count: p))
    _ = ensemble.margin([Double](repeating: .nan, count: p))
}
