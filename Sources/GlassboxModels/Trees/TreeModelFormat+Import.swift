extension TreeModelFormat {
    /// The importer of this format.
    public var importer: any TreeModelImporter.Type {
        switch self {
        case .xgboost: XGBoostModel.self
        case .lightgbm: PendingImporter.LightGBM.self
        case .pmml: PendingImporter.PMML.self
        }
    }

    /// The model in `bytes` read by this format's importer (`fileName` names the file in messages).
    public func importEnsemble(bytes: [UInt8], fileName: String) throws -> ImportedTreeModel {
        try importer.importEnsemble(bytes: bytes, fileName: fileName)
    }
}

/// Placeholders for the formats whose importers live on another branch until it is merged: each refuses
/// every file with a message naming the format. Merging replaces them by the real importer types.
enum PendingImporter {
    enum LightGBM: TreeModelImporter {
        static let format = TreeModelFormat.lightgbm
        static func importEnsemble(bytes: [UInt8], fileName: String) throws -> ImportedTreeModel {
            throw ModelError.unsupportedModel("\(fileName): LightGBM models are not yet supported by this build")
        }
    }
    enum PMML: TreeModelImporter {
        static let format = TreeModelFormat.pmml
        static func importEnsemble(bytes: [UInt8], fileName: String) throws -> ImportedTreeModel {
            throw ModelError.unsupportedModel("\(fileName): PMML models are not yet supported by this build")
        }
    }
}
