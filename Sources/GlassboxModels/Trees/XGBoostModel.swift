import Foundation

/// The importer of XGBoost's `Booster.save_model` files (JSON `.json` and Universal Binary JSON `.ubj`) into a
/// ``TreeEnsemble`` scored as XGBoost's CPU `predict` scores it.
///
/// Read: `gbtree` boosters (and `dart` boosters whose tree weights are all 1) with the objectives
/// `binary:logistic`, `reg:logistic` (logistic link) and `binary:logitraw` (identity link); `base_score`
/// turned into the base margin as the writing version does (`ProbToMargin`: the logit `−log(1/p − 1)` in
/// float32 for the logistic objectives; for `binary:logitraw` the logit before XGBoost 2.0, the value itself
/// from 2.0 on); numeric splits `x < split_condition` compared in float32, missing values by `default_left`;
/// categorical splits (XGBoost sends a category *in* the node's set to the right child and any other, or an
/// invalid one, to the left: the importer swaps the children so ``TreeNode/SplitRule/categoryIn`` holds);
/// `feature_names`, `feature_types` (`c` = categorical) and, from XGBoost 3, the category levels of
/// `cats.enc`; leaf values from `split_conditions` (what XGBoost predicts with), `sum_hessian` as cover,
/// `loss_changes` as gain. Refused with ``ModelError/unsupportedModel(_:)``: multiclass and multi-target
/// models, any other objective, `gblinear`, `dart` with tree weights other than 1, vector leaves.
/// Reference: XGBoost's JSON model schema (`doc/model.schema`) and `src/predictor/predict_fn.h`.
public enum XGBoostModel: TreeModelImporter {
    /// ``TreeModelFormat/xgboost``.
    public static let format = TreeModelFormat.xgboost

    /// Most features and trees accepted (before any per-tree allocation).
    static let maximumFeatures = 1 << 20
    static let maximumTrees = 1 << 20

    /// Reads the model in `bytes` (JSON or UBJSON, told apart by the byte after the opening brace).
    /// - Throws: ``ModelError/invalidModelFile(_:)`` for a malformed file, ``ModelError/unsupportedModel(_:)``
    ///   for a construct Glassbox does not score; each names `fileName` and the field or construct.
    public static func importEnsemble(bytes: [UInt8], fileName: String) throws -> ImportedTreeModel {
        let document = try parse(bytes, fileName: fileName)
        return try read(XGBoostField(value: document, path: "", fileName: fileName))
    }

    /// The document in `bytes`: JSON when the first non-blank byte `{` is followed by a quote, blank or `}`,
    /// UBJSON when it is followed by a UBJSON length marker.
    static func parse(_ bytes: [UInt8], fileName: String) throws -> XGBoostDocument {
        guard !bytes.isEmpty else { throw ModelError.invalidModelFile("\(fileName) is empty") }
        let blanks: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        guard let first = bytes.firstIndex(where: { !blanks.contains($0) }), bytes[first] == UInt8(ascii: "{") else {
            throw ModelError.invalidModelFile("\(fileName) is not an XGBoost model (JSON or UBJSON): it does not start with an object")
        }
        let next = bytes[(first + 1)...].first(where: { !blanks.contains($0) })
        if first == 0, let next, "iUIlL$#".utf8.contains(next) {
            return try UBJSONReader.parse(bytes, fileName: fileName)
        }
        return try XGBoostDocument.parseJSON(bytes, fileName: fileName)
    }

    static func read(_ root: XGBoostField) throws -> ImportedTreeModel {
        let file = root.fileName
        let version = try root.optionalField("version")?.integers(in: 0...10_000) ?? []
        let learner = try root.field("learner")
        let objective = try learner.field("objective").field("name").string()
        let link: TreeEnsemble.Link
        switch objective {
        case "binary:logistic", "reg:logistic": link = .logistic
        case "binary:logitraw": link = .identity
        default:
            throw ModelError.unsupportedModel("\(file): the objective '\(objective)' (Glassbox scores binary:logistic, binary:logitraw and reg:logistic)")
        }
        let parameters = try learner.field("learner_model_param")
        if let classes = try parameters.optionalField("num_class"), try classes.integerText(in: 0...Int(Int32.max)) > 1 {
            throw ModelError.unsupportedModel("\(file): a multiclass model (num_class = \(try classes.integerText(in: 0...Int(Int32.max))))")
        }
        if let targets = try parameters.optionalField("num_target"), try targets.integerText(in: 0...Int(Int32.max)) > 1 {
            throw ModelError.unsupportedModel("\(file): a multi-target model (num_target = \(try targets.integerText(in: 0...Int(Int32.max))))")
        }
        let baseScore = Float(try parameters.field("base_score").numberText())
        let logitraw = objective == "binary:logitraw" && (version.first ?? 0) >= 2
        let baseMargin: Float
        if logitraw {
            baseMargin = baseScore
        } else {
            guard baseScore > 0, baseScore < 1 else {
                throw ModelError.invalidModelFile("\(file): base_score \(baseScore) is not a probability in (0, 1), as the objective '\(objective)' needs")
            }
            baseMargin = -logf(1 / baseScore - 1)
        }
        let featureCount = try parameters.field("num_feature").integerText(in: 0...maximumFeatures)
        let features = try readFeatures(learner, count: featureCount)
        let booster = try learner.field("gradient_booster")
        let model = try boosterModel(booster)
        let treeList = try model.field("trees").elements()
        guard treeList.count <= maximumTrees else {
            throw ModelError.invalidModelFile("\(file): \(treeList.count) trees (at most \(maximumTrees))")
        }
        if let declared = try model.optionalField("gbtree_model_param")?.optionalField("num_trees"),
           try declared.integerText(in: 0...Int(Int32.max)) != treeList.count {
            throw ModelError.invalidModelFile("\(file): gbtree_model_param.num_trees says \(try declared.integerText(in: 0...Int(Int32.max))) trees, but the model has \(treeList.count)")
        }
        if let info = try model.optionalField("tree_info") {
            let groups = try info.integers(in: Int(Int32.min)...Int(Int32.max))
            if let other = groups.first(where: { $0 != 0 }) {
                throw ModelError.unsupportedModel("\(file): trees for output group \(other) (a multiclass model)")
            }
        }
        var total = 0
        var trees = [DecisionTree]()
        trees.reserveCapacity(treeList.count)
        for (t, tree) in treeList.enumerated() {
            let decoded = try readTree(tree, index: t, features: features, running: &total)
            trees.append(decoded)
        }
        let ensemble = TreeEnsemble(features: features, trees: trees, baseMargin: Double(baseMargin), link: link, comparison: .float32,
                                    categoryCodes: .float32Truncated)
        do {
            try ensemble.validate()
        } catch ModelError.invalidModelFile(let message) {
            throw ModelError.invalidModelFile("\(file): \(message)")
        }
        return ImportedTreeModel(ensemble: ensemble, makerVersion: version.isEmpty ? nil : version.map(String.init).joined(separator: "."),
                                 objective: objective)
    }

    /// The `model` of a `gbtree` booster (or of a `dart` booster whose trees all weigh 1).
    private static func boosterModel(_ booster: XGBoostField) throws -> XGBoostField {
        let name = try booster.field("name").string()
        switch name {
        case "gbtree":
            return try booster.field("model")
        case "dart":
            let weights = try booster.optionalField("weight_drop")?.numbers() ?? []
            if let w = weights.first(where: { $0 != 1 }) {
                throw ModelError.unsupportedModel("\(booster.fileName): a DART booster with dropped or rescaled trees (tree weight \(w)); save it as gbtree or with all tree weights 1")
            }
            return try booster.field("gbtree").field("model")
        case "gblinear":
            throw ModelError.unsupportedModel("\(booster.fileName): a gblinear (linear) booster; Glassbox imports tree boosters")
        default:
            throw ModelError.unsupportedModel("\(booster.fileName): the booster '\(name)'")
        }
    }

    /// The features: names (`f0`, `f1`… when the file has none), kinds from `feature_types`, and the levels of
    /// categorical features from `cats.enc` (XGBoost 3) when present.
    private static func readFeatures(_ learner: XGBoostField, count: Int) throws -> [TreeFeature] {
        let file = learner.fileName
        var names = try learner.optionalField("feature_names")?.strings() ?? []
        if names.isEmpty { names = (0..<count).map { "f\($0)" } }
        guard names.count == count else {
            throw ModelError.invalidModelFile("\(file): \(names.count) feature names for num_feature = \(count)")
        }
        guard Set(names).count == names.count else {
            throw ModelError.invalidModelFile("\(file): a feature name appears twice in feature_names")
        }
        let types = try learner.optionalField("feature_types")?.strings() ?? []
        guard types.isEmpty || types.count == count else {
            throw ModelError.invalidModelFile("\(file): \(types.count) feature types for num_feature = \(count)")
        }
        let levels = try categoryLevels(learner, count: count)
        return names.indices.map { j in
            let categorical = j < types.count && types[j] == "c"
            return TreeFeature(name: names[j], kind: categorical ? .categorical(levels: levels[j]) : .numeric)
        }
    }

    /// Per feature, the category levels XGBoost 3 saves in `gradient_booster.model.cats.enc` (strings as UTF-8
    /// bytes cut at `offsets`, numbers as their shortest text); empty lists when the file has none.
    private static func categoryLevels(_ learner: XGBoostField, count: Int) throws -> [[String]] {
        var out = [[String]](repeating: [], count: count)
        guard let cats = try learner.field("gradient_booster").optionalField("model")?.optionalField("cats"),
              let enc = try cats.optionalField("enc") else { return out }
        let entries = try enc.elements()
        guard entries.isEmpty || entries.count == count else {
            throw enc.fail("has \(entries.count) entries for \(count) features")
        }
        for (j, entry) in entries.enumerated() {
            let values = try entry.field("values").numbers()
            let offsets = try entry.optionalField("offsets")?.integers(in: 0...values.count) ?? []
            if offsets.isEmpty {
                out[j] = values.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int64($0)) : "\($0)" }
                continue
            }
            guard offsets.first == 0, offsets.last == values.count, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }) else {
                throw entry.fail("has offsets that do not cut its values into strings")
            }
            let bytes = try values.map { v -> UInt8 in
                guard v >= 0, v <= 255, v == v.rounded() else { throw entry.fail("holds \(v) where a UTF-8 byte is needed") }
                return UInt8(v)
            }
            out[j] = zip(offsets, offsets.dropFirst()).map { String(decoding: bytes[$0..<$1], as: UTF8.self) }
        }
        return out
    }
}
