/// The importer of LightGBM text models (`Booster.save_model`, format `v4`) into a ``TreeEnsemble`` scored
/// as LightGBM's `predict` scores it.
///
/// Read: binary models (`objective=binary sigmoid:1`) and `cross_entropy`, both giving the probability
/// `1 / (1 + e^−raw)`; boosted trees (leaf values summed; the initial score and shrinkage are already in
/// them) and random forests (`average_output`: the mean); numerical splits `x <= threshold` after the
/// `decision_type` missing type (None: NaN is read as 0; Zero: 0 and NaN take the default side; NaN: NaN
/// takes the default side), categorical splits by bitset (codes in the set go left; NaN and negative codes
/// right); `feature_names`, and for the categorical features `pandas_categorical`'s level lists in column
/// order; `leaf_count` / `internal_count` as cover (what LightGBM's `pred_contrib` uses), `split_gain` as
/// gain. Comparisons are in double precision, as LightGBM's predictor makes them. Refused with
/// ``ModelError/unsupportedModel(_:)``: linear trees, multiclass (`num_class` > 1), every other objective,
/// `sigmoid` other than 1, models without an objective. Reference: LightGBM `include/LightGBM/tree.h`
/// (`NumericalDecision`, `CategoricalDecision`), `src/io/tree.cpp` (`Tree::ToString`).
public enum LightGBMModel: TreeModelImporter {
    public static let format = TreeModelFormat.lightgbm

    /// Reads the model text in `bytes`.
    /// - Throws: ``ModelError/invalidModelFile(_:)`` naming `fileName` and the tree, node and field of a
    ///   malformed file; ``ModelError/unsupportedModel(_:)`` naming an unsupported construct.
    public static func importEnsemble(bytes: [UInt8], fileName: String) throws -> ImportedTreeModel {
        do {
            let model = try LightGBMTextModel(bytes: bytes)
            return ImportedTreeModel(ensemble: try model.ensemble(), makerVersion: model.header["version"],
                                     objective: model.header["objective"])
        } catch let ModelError.invalidModelFile(message) {
            throw ModelError.invalidModelFile("\(fileName): \(message)")
        } catch let ModelError.unsupportedModel(message) {
            throw ModelError.unsupportedModel("\(fileName): \(message)")
        }
    }
}
