import GlassboxCore
import GlassboxTabular

extension UpliftModelFile: ScoringModel {
    public var modelKind: ModelKind { .uplift }

    /// The predicted uplift (P(outcome | treated) − P(outcome | control), or the learner's direct effect
    /// estimate) of the model's first treatment, ``UpliftTreatment/treated``[0], per row: the `uplift` column
    /// of `glassbox score` for a model with one treatment. Every arm's uplift and outcome probabilities are
    /// in ``scoreTable(on:)``; one arm as a model of its own is ``arm(_:)``.
    public func scores(on table: Table) throws -> ModelScores {
        try arm(arms.first?.treated ?? "").scores(on: table)
    }

    /// The model restricted to treatment `treated`: its scores are that arm's predicted uplift, so
    /// explainers can be run per arm.
    /// - Throws: ``ModelError/unsupportedOption(_:)`` when the model has no such treatment.
    public func arm(_ treated: String) throws -> some ScoringModel {
        guard arms.contains(where: { $0.treated == treated }) else {
            throw ModelError.unsupportedOption("the model has no treatment '\(treated)'")
        }
        return UpliftArmModel(model: self, treated: treated)
    }

    /// The columns `glassbox score` writes for an uplift model, as a table with one row per row of `table`
    /// (empty where a model value is missing): `uplift`, `p_treated`, `p_control` per arm (each with a
    /// `[treatment]` suffix when the model has several treatments; class transformation models no outcome
    /// probability, so its `p_treated`/`p_control` are empty) and `recommended_treatment` (the arm with the
    /// largest positive predicted uplift, else the control value; ties go to the arm listed first).
    /// - Throws: ``TabularError`` when a model column is missing; ``ModelError`` for a score
    ///   that cannot be computed.
    public func scoreTable(on table: Table) throws -> Table {
        try scoreColumns(on: table).table
    }

    /// ``scoreTable(on:)``'s columns with the count of rows not scored, for `glassbox score`.
    package func scoreColumns(on table: Table) throws -> ScoreColumns {
        let design = try DesignBuilder.apply(encoding, to: table, requireResponse: false)
        let fit = upliftFit
        let predictions = try ModelScores.locatingUndefinedScores(design) { try fit.predict(design.x) }
        let several = predictions.count > 1
        var columns = [(name: String, column: Column)]()
        func spread(_ values: [Double]?) -> Column {
            .numeric(values.map { design.spread($0, rowCount: table.rowCount) } ?? [Double](repeating: .nan, count: table.rowCount))
        }
        for p in predictions {
            let suffix = several ? "[\(p.treated)]" : ""
            columns.append(("uplift" + suffix, spread(p.uplift)))
            columns.append(("p_treated" + suffix, spread(p.pTreated)))
            columns.append(("p_control" + suffix, spread(p.pControl)))
        }
        var recommended = [String?](repeating: nil, count: table.rowCount)
        for (k, value) in fit.recommendations(predictions).enumerated() { recommended[design.rowIndices[k]] = value }
        columns.append(("recommended_treatment", .categorical(CategoricalColumn(values: recommended))))
        return ScoreColumns(columns: columns, unscoredRowCount: design.droppedRowCount)
    }

    /// Reads and validates the uplift model file at `path` (path checks, size cap, then ``load(bytes:path:)``).
    public static func load(path: String) throws -> UpliftModelFile {
        try loadValidated(path: path)
    }
}

/// One treatment arm of an uplift model as a ``ScoringModel``: its score is the arm's predicted uplift.
package struct UpliftArmModel: ScoringModel {
    /// The whole uplift model.
    public var model: UpliftModelFile
    /// The treatment value of the arm.
    public var treated: String

    public var modelKind: ModelKind { .uplift }
    public var encoding: DesignEncoding { model.encoding }
    public var manifest: Provenance { model.manifest }

    /// The arm's predicted uplift per row (NaN where a model value is missing).
    public func scores(on table: Table) throws -> ModelScores {
        let fit = model.upliftFit, treated = treated
        return try ModelScores.scoring(table, encoding: model.encoding) { x in
            try fit.predict(x).first { $0.treated == treated }?.uplift ?? []
        }
    }
}
