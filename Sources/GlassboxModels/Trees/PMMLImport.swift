/// The importer of PMML 4.x documents holding tree models into a ``TreeEnsemble`` scored as a PMML
/// evaluator (and, for sklearn2pmml's exports, scikit-learn's `predict_proba`) scores them.
///
/// Read: a `TreeModel` (classification: the positive class's probability from the leaf's
/// `ScoreDistribution`; regression: the leaf's `score`); a `MiningModel` whose `Segmentation` is `sum`
/// (with `Targets` rescaling), `average`, `weightedAverage`, `majorityVote` / `weightedMajorityVote` (the
/// positive class's vote share) or `modelChain` ending in a `logit` `RegressionModel` on the earlier
/// segments' outputs (sklearn2pmml's gradient boosting); predicates `True`, `False`, `SimplePredicate`
/// (`lessThan`, `lessOrEqual`, `greaterThan`, `greaterOrEqual` on continuous fields, `equal` / `notEqual`
/// on categorical ones, `isMissing` / `isNotMissing`), `SimpleSetPredicate` (`isIn`, `isNotIn`) and
/// `CompoundPredicate booleanOperator="surrogate"` (R's rpart: the first part whose field is present
/// decides; the subtrees are copied under each surrogate, a last child that is the part-by-part complement
/// taken directly, or, when those copies would exceed 16 nodes per `Node`, the parts kept as the node's
/// ``TreeNode/surrogates``, which TreeSHAP explains exactly); the
/// `DataDictionary` (categorical fields' valid `Value`s are the levels, or, when a field lists none, as R's
/// pmml writes randomForest's factors, the values its predicates name; `dataType="float"` fields compare in
/// 32-bit floats, as scikit-learn's trees do), `MiningSchema` `missingValueReplacement`, and `NormDiscrete`
/// one-hot indicators; a whole-document `RegressionModel` with `normalizationMethod="logit"` (a logistic
/// regression, ``PMMLLogisticRegression``) as an ensemble of no trees with a linear part
/// (``TreeEnsembleLinearTerms``), and likewise R's `pmml` of a binomial `glm` (a `GeneralRegressionModel`,
/// ``PMMLGeneralRegression``). A node's children are tried in order (`noTrueChildStrategy`); missing values follow
/// `missingValueStrategy` (`none`, `defaultChild`, `lastPrediction`; with `nullPrediction`, or `none` when a
/// missing value leaves a node no true child, the row has no prediction, as an evaluator returns no score:
/// its score is NaN and it counts as unscored). The positive
/// class is the target's second valid value. Refused with ``ModelError/unsupportedModel(_:)``, naming the
/// element: other model types, `and` / `or` / `xor` `CompoundPredicate`s, other transformations, a final `OutputField` computed
/// from the prediction (`transformedValue`, R's gbm), multiclass targets. The XML is read with entity
/// declarations refused and its size, depth and element count bounded. Reference: DMG PMML 4.4.
public enum PMMLModel: TreeModelImporter {
    public static let format = TreeModelFormat.pmml

    /// Reads the PMML document in `bytes`.
    /// - Throws: ``ModelError/invalidModelFile(_:)`` naming `fileName` and the element of a malformed
    ///   document; ``ModelError/unsupportedModel(_:)`` naming an unsupported element or attribute value.
    public static func importEnsemble(bytes: [UInt8], fileName: String) throws -> ImportedTreeModel {
        do {
            return try read(bytes).model
        } catch let ModelError.invalidModelFile(message) {
            throw ModelError.invalidModelFile("\(fileName): \(message)")
        } catch let ModelError.unsupportedModel(message) {
            throw ModelError.unsupportedModel("\(fileName): \(message)")
        }
    }

    /// The imported model and the features where a missing value has no rule in the document. `keepingSurrogates`
    /// keeps every surrogate predicate as a node's surrogate splits, as the import does for trees too deep to copy
    /// subtrees under each surrogate (tests compare the two forms).
    static func read(_ bytes: [UInt8], keepingSurrogates: Bool = false) throws
        -> (model: ImportedTreeModel, featuresWithoutMissingRule: [String]) {
        let root = try PMMLDocument.parse(bytes)
        guard root.name == "PMML" else { throw PMMLDocument.fail("the root element is \(root.name), not PMML") }
        guard let version = root["version"], version.hasPrefix("4.") else {
            throw PMMLFields.unsupported("PMML version \(root["version"] ?? "(none)") (only 4.x)")
        }
        let known: Set<String> = ["Header", "MiningBuildTask", "DataDictionary", "TransformationDictionary", "Extension"]
        let models = root.children.filter { !known.contains($0.name) }
        guard let model = models.first else { throw PMMLDocument.fail("the document has no model") }
        guard models.count == 1 else { throw PMMLFields.unsupported("a document with \(models.count) models") }
        guard PMMLModelReader.modelNames.contains(model.name) || model.name == "GeneralRegressionModel" else { throw PMMLFields.unsupported("the model element \(model.name)") }
        // A final result computed by an Output expression (R's gbm: the logistic of the sum) is not the
        // model's prediction; refuse it rather than score the untransformed value.
        for field in model.child("Output")?.children("OutputField") ?? []
        where (field["isFinalResult"] ?? "true") == "true" && (field["feature"] == "transformedValue" || !field.children.isEmpty) {
            throw PMMLFields.unsupported("the OutputField '\(field["name"] ?? "")' computed from the prediction (feature=\"\(field["feature"] ?? "")\")")
        }
        if model.name == "RegressionModel" { return try readRegression(try PMMLLogisticRegression.read(bytes), root: root, model: model) }
        if model.name == "GeneralRegressionModel" {
            return try readRegression(try PMMLGeneralRegression.read(root: root, model: model), root: root, model: model)
        }
        let fields = try PMMLFields(document: root, model: model)
        var reader = try PMMLModelReader(fields: fields, model: model)
        reader.keepsSurrogates = keepingSurrogates
        let part = try reader.part(model)
        let ensemble = TreeEnsemble(features: fields.features, trees: part.trees, treeWeights: part.weights,
                                    baseMargin: part.base, combination: part.average ? .average : .sum,
                                    link: part.link, comparison: .float64)
        try ensemble.validate()
        let missing = reader.featuresWithoutMissingRule.sorted().map { fields.features[Int($0)].name }
        return (imported(ensemble, root: root, model: model), missing)
    }

    /// A logit `RegressionModel` (``PMMLLogisticRegression``) or R's binomial-logit `GeneralRegressionModel`
    /// (``PMMLGeneralRegression``) as an ensemble of no trees whose margin is the
    /// regression's linear predictor (``TreeEnsembleLinearTerms``), its intercept the base margin.
    private static func readRegression(_ regression: PMMLLogisticRegression, root: PMMLElement, model: PMMLElement) throws
        -> (model: ImportedTreeModel, featuresWithoutMissingRule: [String]) {
        var ensemble = TreeEnsemble(features: regression.features, trees: [], baseMargin: regression.intercept,
                                    link: .logistic, comparison: .float64)
        let terms = regression.terms.map { TreeEnsembleLinearTerms.Term(feature: Int32($0.feature), code: $0.code.map(Int32.init), coefficient: $0.coefficient) }
        ensemble.linearTerms = TreeEnsembleLinearTerms(terms: terms, replacements: regression.replacements)
        try ensemble.validate()
        let used = Set(regression.terms.map(\.feature))
        let missing = regression.features.indices.filter { used.contains($0) && regression.replacements[$0] == nil }.map { regression.features[$0].name }
        return (imported(ensemble, root: root, model: model), missing)
    }

    /// The imported model with the maker (the `Header`'s `Application`) and objective the document records.
    private static func imported(_ ensemble: TreeEnsemble, root: PMMLElement, model: PMMLElement) -> ImportedTreeModel {
        let application = root.child("Header")?.child("Application")
        let maker = application.map { [$0["name"], $0["version"]].compactMap { $0 }.joined(separator: " ") }
        let objective = [model["functionName"], model["algorithmName"]].compactMap { $0 }.joined(separator: " ")
        return ImportedTreeModel(ensemble: ensemble, makerVersion: maker, objective: objective.isEmpty ? nil : objective)
    }
}
