/// A linear part of a ``TreeEnsemble``'s margin: `Σ βⱼ x̃ⱼ + Σ γ_{f,v} [x̃_f = v]`, x̃ the row after each
/// feature's missing-value replacement. It holds a PMML `RegressionModel` with `normalizationMethod="logit"`
/// (sklearn2pmml's export of a `LogisticRegression` pipeline, R's `pmml` of a logistic `glm`), imported as a
/// tree ensemble with no trees, the intercept as ``TreeEnsemble/baseMargin`` and the ``TreeEnsemble/Link/logistic``
/// link: the model file kind `score`, `explain`, `audit` and `report` already read, with the original's
/// provenance. A row whose used feature is missing without a replacement has no prediction (NaN), as a PMML
/// evaluator returns no score. Reference: DMG PMML 4.4, Regression.
package struct TreeEnsembleLinearTerms: Sendable, Equatable, Codable {
    /// A coefficient on a numeric feature (``code`` nil), or on one level (category code) of a categorical one.
    package struct Term: Sendable, Equatable, Codable {
        package var feature: Int32
        package var code: Int32?
        package var coefficient: Double
    }
    /// The terms in the maker's order (their sum is taken in this order, as the maker's evaluator does).
    package var terms: [Term]
    /// Per feature (``TreeEnsemble/features`` order), the value a missing one is replaced with (a number or a
    /// category code), nil for none.
    package var replacements: [Double?]

    /// Largest term count accepted (bounds a file's claim before any row is scored).
    static let maximumTerms = 1 << 20

    /// `x̃_f`: the feature's value, or its replacement when missing.
    @inline(__always)
    func value(_ row: UnsafeBufferPointer<Double>, _ feature: Int) -> Double {
        let x = row[feature]
        if x.isNaN, let replacement = replacements[feature] { return replacement }
        return x
    }

    /// The term's part of the margin for `row`; NaN when its feature is missing without a replacement.
    @inline(__always)
    package func contribution(_ term: Term, _ row: UnsafeBufferPointer<Double>) -> Double {
        let x = value(row, Int(term.feature))
        if x.isNaN { return .nan }
        guard let code = term.code else { return term.coefficient * x }
        return x == Double(code) ? term.coefficient : 0
    }

    /// The sum of the terms for `row` in ``terms`` order; NaN when a used feature is missing without a replacement.
    func margin(_ row: UnsafeBufferPointer<Double>) -> Double {
        var total = 0.0
        for term in terms {
            let part = contribution(term, row)
            if part.isNaN { return .nan }
            total += part
        }
        return total
    }

    /// Each feature's part of the margin for `row` added to `phi` times `scale` (a categorical feature's
    /// levels together); false, leaving `phi` unchanged, when a used feature is missing without a replacement.
    package func addFeatureParts(_ row: UnsafeBufferPointer<Double>, scale: Double, to phi: UnsafeMutableBufferPointer<Double>) -> Bool {
        for term in terms where contribution(term, row).isNaN { return false }
        for term in terms { phi[Int(term.feature)] += scale * contribution(term, row) }
        return true
    }

    /// Checks the terms against `features`: feature indices in range, coefficients and replacements finite,
    /// level terms only on categorical features, numeric terms only on numeric ones.
    func validate(features: [TreeFeature]) throws {
        func fail(_ message: String) -> ModelError { .invalidModelFile("linear term: " + message) }
        guard terms.count <= Self.maximumTerms else { throw fail("\(terms.count) terms (at most \(Self.maximumTerms))") }
        guard replacements.count == features.count else {
            throw fail("\(replacements.count) missing-value replacements for \(features.count) features")
        }
        for (i, replacement) in replacements.enumerated() where replacement.map({ !$0.isFinite }) ?? false {
            throw fail("the replacement of feature \(i) is not a finite number")
        }
        for (i, term) in terms.enumerated() {
            guard term.feature >= 0, Int(term.feature) < features.count else {
                throw fail("term \(i) reads feature \(term.feature), but the model has \(features.count) features")
            }
            guard term.coefficient.isFinite else { throw fail("term \(i) has a coefficient that is not a finite number") }
            let isCategorical: Bool
            if case .categorical = features[Int(term.feature)].kind { isCategorical = true } else { isCategorical = false }
            guard isCategorical == (term.code != nil) else {
                throw fail("term \(i) on feature '\(features[Int(term.feature)].name)' does not match the feature's kind")
            }
            if let code = term.code, code < 0 { throw fail("term \(i) has a negative category code") }
        }
    }
}

extension TreeEnsemble {
    /// ``linearTerms``' margin for `row` (0 without a linear part).
    @inline(__always)
    func linearMargin(_ row: UnsafeBufferPointer<Double>) -> Double {
        linearTerms?.margin(row) ?? 0
    }

    /// Whether the margin has a linear part (a PMML regression), which trees' node covers say nothing about.
    package var hasLinearTerms: Bool { linearTerms != nil }
}
