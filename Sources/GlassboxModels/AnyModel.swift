import GlassboxCore
import GlassboxTabular

/// A saved model of any kind, as read from a model file: the one loader an embedder or the CLI needs
/// when the kind is not known in advance. Itself a ``ScoringModel`` that forwards to the model it holds.
public enum AnyModel: ScoringModel {
    case logistic(LogisticModelFile)
    case uplift(UpliftModelFile)
    case lookalike(LookalikeModelFile)
    case treeEnsemble(TreeEnsembleModelFile)

    /// Reads the model file at `path` and returns the model of the kind it holds, validated as that kind's
    /// loader validates it. The path must be a readable regular file or pipe (`FileCheck`), at most
    /// `FileCheck.maximumInputBytes` and half the available memory.
    /// - Throws: ``GlassboxCoreError`` (path, size), ``ModelError/invalidModelFile(_:)`` (content).
    public static func load(path: String) throws -> AnyModel {
        try FileCheck.requireReadableFile(path)
        return try load(bytes: try FileCheck.readBytes(path), path: path)
    }

    /// The model in `bytes` (named `path` in messages): the header (JSON syntax, schema version) is read
    /// first, then the kind's own loader (``LogisticModelFile/load(bytes:path:)``,
    /// ``UpliftModelFile/load(bytes:path:)``, ``LookalikeModelFile/load(bytes:path:)``,
    /// ``TreeEnsembleModelFile/load(bytes:path:)``). A kind Glassbox does
    /// not know is reported as the logistic loader reports a file of another kind.
    public static func load(bytes: [UInt8], path: String) throws -> AnyModel {
        switch ModelKind(rawValue: try ModelFileHeader.read(bytes: bytes, path: path).kind) {
        case .uplift: .uplift(try UpliftModelFile.load(bytes: bytes, path: path))
        case .lookalike: .lookalike(try LookalikeModelFile.load(bytes: bytes, path: path))
        case .treeEnsemble: .treeEnsemble(try TreeEnsembleModelFile.load(bytes: bytes, path: path))
        case .logistic, nil: .logistic(try LogisticModelFile.load(bytes: bytes, path: path))
        }
    }

    /// The model held, as a ``ScoringModel``.
    public var model: any ScoringModel {
        switch self {
        case .logistic(let m): m
        case .uplift(let m): m
        case .lookalike(let m): m
        case .treeEnsemble(let m): m
        }
    }

    public var modelKind: ModelKind { model.modelKind }
    public var inputColumns: [String] { model.inputColumns }
    public var encoding: DesignEncoding { model.encoding }
    public var manifest: Provenance { model.manifest }
    public func scores(on table: Table) throws -> ModelScores { try model.scores(on: table) }
}
