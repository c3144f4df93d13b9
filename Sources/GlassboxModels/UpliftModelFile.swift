import Foundation
import GlassboxCore
import GlassboxTabular

/// A saved uplift model (kind `"uplift"`): versioned JSON holding the formula and its encoding, the
/// treatment coding, the learner options, every arm's fitted components, warnings and a manifest.
/// Same schema-version and validation discipline as ``LogisticModelFile``.
public struct UpliftModelFile: Sendable, Codable, Equatable {
    public static let kindName = "uplift"

    /// The learner settings as the file stores them; ``model`` gives them as a specification.
    package struct Options: Sendable, Codable, Equatable {
        public var learner: UpliftLearner
        /// The base learner of every component (`"logistic"`; least squares for X-learner effects).
        public var baseLearner: String
        public var penalty: String          // "none" | "l1" | "l2"
        public var lambda: Double
        public var propensity: UpliftPropensity
    }

    public var schemaVersion: Int
    public var kind: String
    public var formula: String
    public var encoding: DesignEncoding
    public var treatment: UpliftTreatment
    package var options: Options
    /// Every arm's fitted components (the inspection, ``UpliftInspection``, shows them).
    package var arms: [UpliftArmFit]
    public var warnings: [String]
    public var manifest: Provenance

    package init(encoding: DesignEncoding, treatment: UpliftTreatment, model: UpliftModel, fit: UpliftFit, manifest: Provenance) {
        schemaVersion = LogisticModelFile.currentSchemaVersion
        kind = Self.kindName
        formula = encoding.formula.source
        self.encoding = encoding
        self.treatment = treatment
        options = Options(learner: model.learner, baseLearner: "logistic", penalty: model.penalty.fileName, lambda: model.penalty.lambda,
                          propensity: model.propensity)
        arms = fit.arms
        warnings = fit.arms.flatMap { arm in arm.warnings.map { "\(arm.treated): \($0)" } }
        self.manifest = manifest
    }

    /// The model specification the file was fitted with (learner, penalty, propensity).
    public var model: UpliftModel {
        UpliftModel(learner: options.learner, penalty: Penalty(fileName: options.penalty, lambda: options.lambda), propensity: options.propensity)
    }

    /// The fit, for predictions.
    package var upliftFit: UpliftFit {
        UpliftFit(learner: options.learner, propensity: options.propensity, control: treatment.control, arms: arms)
    }

    /// The model file's bytes: `JSONFormat` (pretty-printed, sorted keys: stable bytes for the
    /// same model; a non-finite number fails to encode), with a final newline.
    public func encoded() throws -> [UInt8] {
        try JSONFormat.encode(self)
    }
}
