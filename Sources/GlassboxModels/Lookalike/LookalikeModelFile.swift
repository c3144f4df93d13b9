import Foundation
import GlassboxCore
import GlassboxTabular

/// A saved lookalike model (kind `"lookalike"`): versioned JSON holding the feature formula and its
/// encoding, the seed column, the method and its options, the fit, warnings and a manifest. Same
/// schema-version and validation discipline as ``LogisticModelFile``.
///
/// A K-nearest `similarity` model stores the seeds' standardised unit vectors (needed to score new
/// rows): treat such a file as personal data, like the voter file it came from.
public struct LookalikeModelFile: Sendable, Codable, Equatable {
    public static let kindName = "lookalike"

    /// The method's settings as the file stores them; ``model`` gives them as a specification.
    package struct Options: Sendable, Codable, Equatable {
        public var method: LookalikeMethod
        public var penalty: String          // "none" | "l1" | "l2"
        public var lambda: Double
        public var k: Int?
        public var bagging: Int
        /// K of the bagging rounds (nil: the number of seeds; always nil in files written before bag sizes were stored).
        public var bagSize: Int?
        public var holdout: Double
        public var randomSeed: UInt64
    }

    public var schemaVersion: Int
    public var kind: String
    public var formula: String
    public var encoding: DesignEncoding
    public var seedColumn: String
    package var options: Options
    /// The fitted classifier(s) or similarity index and the fit's counts and estimates
    /// (``LookalikeInspection`` shows them).
    package var fit: LookalikeFit
    public var warnings: [String]
    public var manifest: Provenance

    package init(encoding: DesignEncoding, seedColumn: String, model: LookalikeModel, fit: LookalikeFit, manifest: Provenance) {
        schemaVersion = LogisticModelFile.currentSchemaVersion
        kind = Self.kindName
        formula = encoding.formula.source
        self.encoding = encoding
        self.seedColumn = seedColumn
        options = Options(method: model.method, penalty: model.penalty.fileName, lambda: model.penalty.lambda, k: model.k, bagging: model.bagging,
                          bagSize: model.bagSize, holdout: model.holdout, randomSeed: model.randomSeed)
        var fit = fit
        if var index = fit.similarity {
            index.coding = SimilarityEncoding.isOneHot(encoding) ? .oneHot : .treatment
            fit.similarity = index
        }
        self.fit = fit
        warnings = fit.warnings
        self.manifest = manifest
    }

    /// The model specification again (to refit it, e.g. for the held-out evaluation).
    public var model: LookalikeModel {
        LookalikeModel(method: options.method, penalty: Penalty(fileName: options.penalty, lambda: options.lambda), k: options.k, bagging: options.bagging,
                              bagSize: options.bagSize, holdout: options.holdout,
                              randomSeed: options.randomSeed)
    }

    /// The coefficient vectors the model scores with (nil = an aliased term), on the design encoding's
    /// terms: one for `logistic` and `pu` (for `pu` the scaled-logistic β̂, so σ(xᵀβ̂) = P(positive | x)),
    /// one per round for bagging PU (the score is the mean of the rounds' probabilities); empty for `similarity`.
    public var classifiers: [[Double?]] { options.method == .similarity ? [] : fit.classifiers }

    /// The model file's bytes: `JSONFormat` (pretty-printed, sorted keys: stable bytes for the
    /// same model; a non-finite number fails to encode), with a final newline.
    public func encoded() throws -> [UInt8] {
        try JSONFormat.encode(self)
    }
}
