extension TreeModelFormat {
    /// The importer of this format.
    public var importer: any TreeModelImporter.Type {
        switch self {
        case .xgboost: XGBoostModel.self
        case .lightgbm: LightGBMModel.self
        case .pmml: PMMLModel.self
        }
    }

    /// The model in `bytes` read by this format's importer (`fileName` names the file in messages).
    public func importEnsemble(bytes: [UInt8], fileName: String) throws -> ImportedTreeModel {
        try importer.importEnsemble(bytes: bytes, fileName: fileName)
    }
}
