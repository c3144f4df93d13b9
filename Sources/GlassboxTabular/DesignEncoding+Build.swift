import GlassboxLinearAlgebra

extension DesignEncoding {
    /// Learns the encoding of `formula` on `table` (levels, references, design columns) and builds the
    /// design matrix of its complete rows, as `patsy.dmatrices` and R's `model.matrix(…, na.action = na.omit)`
    /// do: rows with a missing value in a column the formula reads, or in one of `extraColumns` (weights,
    /// cluster ids), are dropped and counted; categorical factors use treatment coding against the reference
    /// level. O(rows × design columns).
    /// - Throws: ``TabularError`` for a missing column, a non-finite value, no complete row, or clashing factor names.
    public static func fit(_ formula: Formula, on table: Table, extraColumns: [String] = []) throws -> (DesignEncoding, DesignMatrix) {
        try DesignBuilder.fit(formula, on: table, extraColumns: extraColumns)
    }

    /// The design matrix of `table` under this (saved) encoding. With `requireResponse: false` (scoring) the
    /// response is neither read nor used to drop rows, and may be absent; ``DesignMatrix/response`` is then nil.
    /// - Throws: ``TabularError/unseenLevel(column:level:known:)`` for a level not seen in training; the
    ///   errors of ``fit(_:on:extraColumns:)``.
    public func apply(to table: Table, requireResponse: Bool, extraColumns: [String] = []) throws -> DesignMatrix {
        try DesignBuilder.apply(self, to: table, requireResponse: requireResponse, extraColumns: extraColumns)
    }
}
