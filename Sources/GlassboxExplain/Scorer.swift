import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxModels
import GlassboxTabular

/// Anything that turns table rows into scores: the one abstraction every explainer takes, so the
/// same tools serve logistic, uplift and lookalike models and fitted surrogates.
package protocol Scorer: Sendable {
    /// Table columns the scorer reads (its *features*, in model order).
    var featureColumns: [String] { get }
    /// A score for every row of `table`, which has no missing value in ``featureColumns``.
    /// For probability models the score is the predicted probability.
    func scores(_ table: Table) throws -> [Double]
}

/// A scorer whose score is g⁻¹(η) with a linear predictor η = Xβ over a design encoding. Explainers
/// use the fast paths this allows: a permutation changes η by Σⱼ βⱼ(x′ⱼ − xⱼ), O(n) per column,
/// and SHAP values are exact.
package protocol LinearPredictorScorer: Scorer {
    /// The design encoding that maps table rows to X.
    var encoding: DesignEncoding { get }
    /// β, one per design column; aliased (undefined) terms are 0.
    var coefficients: [Double] { get }
    /// The inverse link g⁻¹ mapping η to the score.
    func inverseLink(_ eta: Double) -> Double
}

extension LinearPredictorScorer {
    /// The table columns the encoding reads.
    package var featureColumns: [String] { encoding.predictorColumns }

    /// X for the rows of `table` (which must be complete in the feature columns).
    package func design(_ table: Table) throws -> Matrix {
        let design = try DesignBuilder.apply(encoding, to: table, requireResponse: false)
        guard design.x.rows == table.rowCount else {
            throw ExplainError.invalidData("\(table.rowCount - design.x.rows) row(s) have a missing model value")
        }
        return design.x
    }

    /// η = Xβ for every row of `table`; a row whose η is not a number (∞ − ∞ from values near the
    /// double range) is ``ModelError/undefinedScore(designRow:)`` rather than a NaN score.
    package func linearPredictor(_ table: Table) throws -> [Double] {
        let eta = LogisticRegression.linearPredictor(x: try design(table), beta: coefficients)
        if let k = eta.firstIndex(where: \.isNaN) { throw ModelError.undefinedScore(designRow: k) }
        return eta
    }

    /// g⁻¹(η) for every row of `table`.
    package func scores(_ table: Table) throws -> [Double] {
        try linearPredictor(table).map(inverseLink)
    }
}

/// A fitted logistic regression as a scorer: score = σ(Xβ).
package struct LogisticScorer: LinearPredictorScorer {
    /// The model's design encoding.
    package var encoding: DesignEncoding
    /// β, one per design column (non-finite estimates, aliased terms, as 0).
    package var coefficients: [Double]

    /// The scorer σ(Xβ) of `encoding` and `coefficients`; a non-finite coefficient counts as 0.
    package init(encoding: DesignEncoding, coefficients: [Double]) {
        self.encoding = encoding
        self.coefficients = coefficients.map { $0.isFinite ? $0 : 0 }
    }

    /// The scorer of a saved model file (aliased terms count as 0).
    package init(model: LogisticModelFile) {
        self.init(encoding: model.encoding, coefficients: model.coefficients.map { $0.estimate ?? 0 })
    }

    /// σ(η) = 1/(1 + e^(−η)).
    package func inverseLink(_ eta: Double) -> Double { logistic(eta) }
}
