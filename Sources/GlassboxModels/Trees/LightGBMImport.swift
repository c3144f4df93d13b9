extension TreeEnsemble {
    /// Reads a LightGBM text model (`Booster.save_model`, format `v4`) as a tree ensemble that scores as
    /// LightGBM's `predict` does: binary (`objective=binary sigmoid:1`) and `cross_entropy` models, boosted
    /// or random-forest (`average_output`), numerical splits with LightGBM's missing types and default
    /// directions, categorical bitset splits, and `pandas_categorical` levels for the categorical features.
    /// Reference: LightGBM `src/io/tree.cpp`, `include/LightGBM/tree.h` (v4).
    /// - Throws: ``ModelError/invalidModelFile(_:)`` naming the tree, node and field of a malformed file;
    ///   ``ModelError/unsupportedOption(_:)`` naming an unsupported construct (linear trees, multiclass,
    ///   other objectives, a sigmoid other than 1).
    public static func lightGBM(modelText bytes: [UInt8]) throws -> TreeEnsemble {
        try LightGBMTextModel(bytes: bytes).ensemble()
    }
}
