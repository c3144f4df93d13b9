/// A PMML `GeneralRegressionModel` holding a logistic regression, as R's `pmml` package writes a binomial
/// `glm` with the logit link: `modelType="generalizedLinear"`, `distribution="binomial"`,
/// `linkFunction="logit"`; a `ParameterList`, the categorical `FactorList` and numeric `CovariateList`
/// predictors, a `PPMatrix` tying each parameter to a predictor (a covariate with `value="1"`, its first power;
/// a factor with one level's `value`) and a `ParamMatrix` of `PCell` coefficients `beta`. A parameter without a
/// `PPCell` is the intercept. η = Σ β_p · x_p, p(positive class) = 1 / (1 + e^−η), read into the same
/// ``TreeEnsembleLinearTerms`` as a logit `RegressionModel` (``PMMLLogisticRegression``). Refused with
/// ``ModelError/unsupportedModel(_:)`` naming the construct: other model types, distributions or links,
/// interactions (a parameter with several `PPCell`s), powers other than 1, offsets, multiclass targets.
/// Reference: DMG PMML 4.4, General Regression.
enum PMMLGeneralRegression {
    /// The regression in `model` (of document `root`) as ``PMMLLogisticRegression``'s coefficients.
    static func read(root: PMMLElement, model: PMMLElement) throws -> PMMLLogisticRegression {
        let type = model["modelType"] ?? "", link = model["linkFunction"] ?? "", distribution = model["distribution"] ?? ""
        guard type == "generalizedLinear", link == "logit", distribution == "binomial" else {
            throw PMMLFields.unsupported("a GeneralRegressionModel with modelType=\"\(type)\", distribution=\"\(distribution)\", linkFunction=\"\(link)\" (only a binomial logit generalizedLinear model)")
        }
        for attribute in ["offsetVariable", "offsetValue", "trialsVariable", "trialsValue"] where model[attribute] != nil {
            throw PMMLFields.unsupported("GeneralRegressionModel attribute \(attribute)")
        }
        let fields = try PMMLFields(document: root, model: model)
        guard let classes = fields.targetValues, classes.count == 2 else {
            throw PMMLFields.unsupported("a GeneralRegressionModel whose target has not two classes")
        }
        // η is the log-odds of the category the PCells name (or of the one that is not the reference).
        let reference = model["targetReferenceCategory"]
        let factors = Set(model.child("FactorList")?.children("Predictor").compactMap { $0["name"] } ?? [])
        let covariates = Set(model.child("CovariateList")?.children("Predictor").compactMap { $0["name"] } ?? [])
        let parameters = model.child("ParameterList")?.children("Parameter").compactMap { $0["name"] } ?? []
        guard !parameters.isEmpty, Set(parameters).count == parameters.count else {
            throw PMMLDocument.fail("the GeneralRegressionModel's ParameterList is empty or names a parameter twice")
        }
        var cells: [String: [PMMLElement]] = [:]
        for cell in model.child("PPMatrix")?.children("PPCell") ?? [] {
            guard let parameter = cell["parameterName"], parameters.contains(parameter) else {
                throw PMMLDocument.fail("a PPCell names no parameter of the ParameterList")
            }
            cells[parameter, default: []].append(cell)
        }
        var betas: [String: Double] = [:]
        var modelled: String?
        for cell in model.child("ParamMatrix")?.children("PCell") ?? [] {
            guard let parameter = cell["parameterName"], parameters.contains(parameter) else {
                throw PMMLDocument.fail("a PCell names no parameter of the ParameterList")
            }
            guard let text = cell["beta"], let beta = Double(text), beta.isFinite else {
                throw PMMLDocument.fail("the PCell of parameter '\(parameter)' has no finite beta")
            }
            if let category = cell["targetCategory"] {
                guard modelled == nil || modelled == category else { throw PMMLFields.unsupported("a ParamMatrix for several target categories") }
                modelled = category
            }
            guard betas[parameter] == nil else { throw PMMLDocument.fail("parameter '\(parameter)' has two PCells") }
            betas[parameter] = beta
        }
        let positive = modelled ?? classes.first { $0 != reference } ?? classes[1]
        guard classes.contains(positive), positive != reference else {
            throw PMMLDocument.fail("the ParamMatrix's target category '\(positive)' is not a non-reference class of the target")
        }
        let sign: Double = positive == classes[1] ? 1 : -1
        var intercept = 0.0
        var terms: [PMMLLogisticRegression.Term] = []
        for parameter in parameters {
            guard let beta = betas[parameter] else { continue }  // no PCell: a zero coefficient
            let linked = cells[parameter] ?? []
            guard linked.count <= 1 else { throw PMMLFields.unsupported("an interaction (parameter '\(parameter)' has \(linked.count) PPCells)") }
            guard let cell = linked.first else { intercept += sign * beta; continue }
            guard let name = cell["predictorName"], let field = fields.byName[name] else {
                throw PMMLDocument.fail("the PPCell of parameter '\(parameter)' names no input field")
            }
            let value = cell["value"] ?? ""
            if factors.contains(name) {
                guard field.levels != nil else { throw PMMLDocument.fail("factor '\(name)' is a continuous field") }
                let code = try PMMLFields.featureValue(value, of: field, name: name)
                terms.append(.init(feature: Int(field.index), code: Int(code), coefficient: sign * beta))
            } else if covariates.contains(name) {
                guard field.levels == nil else { throw PMMLDocument.fail("covariate '\(name)' is a categorical field") }
                guard Double(value) == 1 else { throw PMMLFields.unsupported("covariate '\(name)' to the power \(value) (only 1)") }
                terms.append(.init(feature: Int(field.index), code: nil, coefficient: sign * beta))
            } else {
                throw PMMLDocument.fail("predictor '\(name)' is in neither the FactorList nor the CovariateList")
            }
        }
        let replacements = fields.features.map { fields.byName[$0.name]?.replacement }
        return PMMLLogisticRegression(features: fields.features, replacements: replacements, intercept: intercept, terms: terms)
    }
}
