/// The vendors' file formats a ``TreeEnsemble`` is imported from (`glassbox import xgboost|lightgbm|pmml`),
/// as recorded in a ``TreeEnsembleModelFile``'s provenance.
public enum TreeModelFormat: String, Sendable, Codable, CaseIterable {
    /// XGBoost `save_model` JSON or UBJSON (``XGBoostModel``).
    case xgboost
    /// LightGBM `save_model` text.
    case lightgbm
    /// PMML 4.x XML.
    case pmml
}

/// What an importer reads from a vendor's model file: the ensemble, scored as the maker scores it, and
/// what the file says about its maker.
public struct ImportedTreeModel: Sendable, Equatable {
    /// The model, validated (``TreeEnsemble/validate()``).
    public var ensemble: TreeEnsemble
    /// The version of the software that wrote the file ("3.2.0"), when the file records it.
    public var makerVersion: String?
    /// The maker's name for the model's objective or function ("binary:logistic", "binary sigmoid:1",
    /// "classification"), when the file records it.
    public var objective: String?

    public init(ensemble: TreeEnsemble, makerVersion: String?, objective: String?) {
        self.ensemble = ensemble
        self.makerVersion = makerVersion
        self.objective = objective
    }
}

/// An importer of one vendor format into a ``TreeEnsemble``. Each format's importer is a type conforming
/// to this protocol (``XGBoostModel``; LightGBM's and PMML's importers likewise), and
/// ``TreeModelFormat/importEnsemble(bytes:fileName:)`` dispatches to it.
///
/// Importers bound every size they read before allocating, and report a malformed file as
/// ``ModelError/invalidModelFile(_:)`` and a well-formed file using a construct Glassbox does not score
/// (multiclass, ranking objectives, DART with dropped trees, linear trees, unknown PMML elements) as
/// ``ModelError/unsupportedModel(_:)``, each naming the construct: never a crash, a hang or a silently
/// wrong score.
public protocol TreeModelImporter {
    /// The format this importer reads.
    static var format: TreeModelFormat { get }
    /// The model in `bytes`; `fileName` names the file in messages.
    static func importEnsemble(bytes: [UInt8], fileName: String) throws -> ImportedTreeModel
}
