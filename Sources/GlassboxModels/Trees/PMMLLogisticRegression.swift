import Foundation

/// A PMML `RegressionModel` with `normalizationMethod="logit"` for a binary target, as sklearn2pmml writes a
/// scikit-learn `LogisticRegression` pipeline: `p = 1 / (1 + e^−η)`, `η = Σ βⱼ xⱼ + Σ γ_{f,v} [x_f = v] + b`
/// (`NumericPredictor`s on numbers or on `NormDiscrete` one-hot indicators, `CategoricalPredictor`s on levels,
/// the `RegressionTable`'s intercept `b`),
/// after the `MiningSchema`'s `missingValueReplacement`. A value still missing leaves the row without a
/// prediction (NaN). A linear score in a numeric input is no finite tree, so it is kept as its coefficients
/// rather than as a ``TreeEnsemble``; a ``LogisticModelFile`` needs the fit's statistics and standard errors,
/// which a PMML document does not hold. Reference: DMG PMML 4.4, Regression.
struct PMMLLogisticRegression: Sendable, Equatable {
    /// A coefficient on a numeric feature, or on one level (category code) of a categorical one.
    struct Term: Sendable, Equatable {
        var feature: Int
        var code: Int?
        var coefficient: Double
    }
    /// The input fields, in DataDictionary order (rows are given in this order; category codes are positions
    /// in the levels).
    var features: [TreeFeature]
    /// Per feature, the value a missing one is replaced with (a number or a category code).
    var replacements: [Double?]
    var intercept: Double
    /// The predictors in document order (scikit-learn's column order).
    var terms: [Term]

    /// The log-odds of the positive class for `row` (feature values in ``features`` order, NaN missing,
    /// categories as codes); NaN when a used feature is missing and has no replacement.
    func margin(_ row: [Double]) -> Double {
        var total = 0.0
        for term in terms {
            var x = row[term.feature]
            if x.isNaN, let replacement = replacements[term.feature] { x = replacement }
            if x.isNaN { return .nan }
            if let code = term.code {
                if x == Double(code) { total += term.coefficient }
            } else {
                total += term.coefficient * x
            }
        }
        return total + intercept
    }

    /// The probability of the positive class: the logistic function of ``margin(_:)``.
    func score(_ row: [Double]) -> Double { 1 / (1 + exp(-margin(row))) }

    /// Reads a document whose model is such a `RegressionModel`.
    /// - Throws: ``ModelError/invalidModelFile(_:)`` for a malformed document, ``ModelError/unsupportedModel(_:)``
    ///   naming another normalization, a multiclass target, an exponent other than 1 or another predictor.
    static func read(_ bytes: [UInt8]) throws -> PMMLLogisticRegression {
        let root = try PMMLDocument.parse(bytes)
        guard root.name == "PMML", root["version"]?.hasPrefix("4.") == true else {
            throw PMMLFields.unsupported("PMML version \(root["version"] ?? "(none)") (only 4.x)")
        }
        guard let model = root.child("RegressionModel") else { throw PMMLDocument.fail("the document has no RegressionModel") }
        guard model["normalizationMethod"] == "logit", model["functionName"] == "classification" else {
            throw PMMLFields.unsupported("a RegressionModel with normalizationMethod=\"\(model["normalizationMethod"] ?? "none")\" (only a logit classification)")
        }
        let fields = try PMMLFields(document: root, model: model)
        guard let classes = fields.targetValues, classes.count == 2 else { throw PMMLFields.unsupported("a RegressionModel whose target has not two classes") }
        let tables = model.children("RegressionTable")
        guard tables.count == 2, tables[1].children.isEmpty, Double(tables[1]["intercept"] ?? "0") == 0 else {
            throw PMMLFields.unsupported("a logit RegressionModel other than one table and an empty reference table")
        }
        let sign: Double = tables[0]["targetCategory"] == classes[1] ? 1 : -1
        func number(_ text: String?, _ what: String) throws -> Double {
            guard let text, let value = Double(text), value.isFinite else { throw PMMLDocument.fail("a RegressionTable \(what) is not a finite number") }
            return value
        }
        var terms: [Term] = []
        for predictor in tables[0].children {
            if predictor.name == "NumericPredictor", let name = predictor["name"], let indicator = fields.indicators[name],
               let field = fields.byName[indicator.field] {
                // A NormDiscrete one-hot indicator (1 when the field has the value): a level's coefficient.
                guard (predictor["exponent"] ?? "1") == "1" else { throw PMMLFields.unsupported("NumericPredictor exponent") }
                let code = try PMMLFields.featureValue(indicator.value, of: field, name: indicator.field)
                terms.append(Term(feature: Int(field.index), code: Int(code), coefficient: sign * (try number(predictor["coefficient"], "coefficient"))))
                continue
            }
            guard let name = predictor["name"], let field = fields.byName[name] else {
                throw PMMLDocument.fail("a \(predictor.name) names no input field")
            }
            let coefficient = sign * (try number(predictor["coefficient"], "coefficient"))
            switch predictor.name {
            case "NumericPredictor":
                guard (predictor["exponent"] ?? "1") == "1" else { throw PMMLFields.unsupported("NumericPredictor exponent") }
                guard field.levels == nil else { throw PMMLDocument.fail("NumericPredictor '\(name)' is a categorical field") }
                terms.append(Term(feature: Int(field.index), code: nil, coefficient: coefficient))
            case "CategoricalPredictor":
                let code = try PMMLFields.featureValue(predictor["value"] ?? "", of: field, name: name)
                guard field.levels != nil else { throw PMMLDocument.fail("CategoricalPredictor '\(name)' is a numeric field") }
                terms.append(Term(feature: Int(field.index), code: Int(code), coefficient: coefficient))
            default:
                throw PMMLFields.unsupported("a \(predictor.name) in a RegressionTable")
            }
        }
        let replacements = fields.features.map { feature in fields.byName[feature.name]?.replacement }
        return PMMLLogisticRegression(features: fields.features, replacements: replacements,
                                      intercept: sign * (try number(tables[0]["intercept"] ?? "0", "intercept")), terms: terms)
    }
}
