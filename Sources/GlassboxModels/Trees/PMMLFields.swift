/// The input fields of a PMML model as tree-ensemble features: the active `DataField`s in dictionary order
/// (categorical ones with their valid `Value`s as levels), their `missingValueReplacement`s, and the one-hot
/// indicator fields (`NormDiscrete`) derived from them in `TransformationDictionary` / `LocalTransformations`.
struct PMMLFields {
    struct Field {
        var index: Int32
        /// Valid values for a categorical field (codes are positions); nil for a continuous one.
        var levels: [String]?
        /// `dataType="float"`: the maker compares 32-bit floats (scikit-learn trees through sklearn2pmml).
        var isFloat: Bool
        /// The value a missing input is replaced with (as a feature value: a number or a level code).
        var replacement: Double?
    }

    /// `name` is 1 when `field` equals `value` (`NormDiscrete`), else 0.
    struct Indicator {
        var field: String
        var value: String
    }

    var features: [TreeFeature] = []
    var byName: [String: Field] = [:]
    var indicators: [String: Indicator] = [:]
    /// The target field's valid values (nil for a regression target) and its name.
    var targetValues: [String]?
    var targetName: String?
    /// Elements visited collecting the levels of fields listing no `Value`s: at most the model's element
    /// count (one walk), however many such fields there are.
    private(set) var namedValueVisits = 0

    static func fail(_ message: String) -> ModelError { PMMLDocument.fail(message) }
    static func unsupported(_ construct: String) -> ModelError {
        .unsupportedModel("PMML: \(construct)")
    }

    init(document: PMMLElement, model: PMMLElement) throws {
        guard let dictionary = document.child("DataDictionary") else { throw Self.fail("no DataDictionary") }
        guard let schema = model.child("MiningSchema") else { throw Self.fail("the \(model.name) has no MiningSchema") }
        var usage: [String: PMMLElement] = [:]
        for field in schema.children("MiningField") {
            guard let name = field["name"] else { throw Self.fail("a MiningField has no name") }
            usage[name] = field
            if let outliers = field["outliers"], outliers != "asIs" {
                throw Self.unsupported("MiningField '\(name)' outliers=\"\(outliers)\"")
            }
        }
        let dataFields = dictionary.children("DataField")
        var valueless = Set<String>()
        for dataField in dataFields {
            if let name = dataField["name"], let mining = usage[name], Self.takesNamedValues(dataField, role: mining["usageType"] ?? "active") {
                valueless.insert(name)
            }
        }
        let named = valueless.isEmpty ? nil : PMMLNamedValues(fields: valueless, in: model)
        namedValueVisits = named?.visitedElements ?? 0
        for dataField in dataFields {
            guard let name = dataField["name"] else { throw Self.fail("a DataField has no name") }
            guard let mining = usage[name] else { continue }
            let role = mining["usageType"] ?? "active"
            var levels = dataField.children("Value").filter { ($0["property"] ?? "valid") == "valid" }.map { $0["value"] ?? "" }
            let optype = dataField["optype"] ?? "continuous"
            if Self.takesNamedValues(dataField, role: role) {
                // R's pmml writes randomForest's factors without Values (any value is valid); the levels
                // are then those the model's predicates name.
                levels = try named?.levels(of: name) ?? []
            }
            if role == "target" || role == "predicted" {
                targetName = name
                targetValues = optype == "continuous" ? nil : levels
                continue
            }
            guard role == "active" else { continue }
            guard byName[name] == nil else { throw Self.fail("DataField '\(name)' is declared twice") }
            let isCategorical = optype == "categorical" || optype == "ordinal"
            guard !isCategorical || !levels.isEmpty else {
                throw Self.fail("categorical DataField '\(name)' lists no valid Values")
            }
            guard features.count < Int(Int32.max) else { throw Self.fail("too many fields") }
            var field = Field(index: Int32(features.count), levels: isCategorical ? levels : nil,
                              isFloat: dataField["dataType"] == "float", replacement: nil)
            if let text = mining["missingValueReplacement"] {
                field.replacement = try Self.featureValue(text, of: field, name: name)
            }
            byName[name] = field
            features.append(TreeFeature(name: name, kind: isCategorical ? .categorical(levels: levels) : .numeric))
        }
        for name in usage.keys where byName[name] == nil && name != targetName && (usage[name]?["usageType"] ?? "active") == "active" {
            throw Self.fail("MiningField '\(name)' is not a DataField")
        }
        let transformations = (document.child("TransformationDictionary")?.children("DerivedField") ?? [])
            + (model.child("LocalTransformations")?.children("DerivedField") ?? [])
        for derived in transformations {
            guard let name = derived["name"] else { throw Self.fail("a DerivedField has no name") }
            guard let expression = derived.children.first, expression.name == "NormDiscrete",
                  let base = expression["field"], let value = expression["value"] else {
                let what = derived.children.first?.name ?? "nothing"
                throw Self.unsupported("DerivedField '\(name)' computed by \(what) (only NormDiscrete one-hot indicators)")
            }
            guard expression["mapMissingTo"] == nil else { throw Self.unsupported("NormDiscrete with mapMissingTo ('\(name)')") }
            guard let field = byName[base], let levels = field.levels else {
                throw Self.fail("DerivedField '\(name)' indicates a value of '\(base)', which is not a categorical input field")
            }
            guard levels.contains(value) else { throw Self.fail("DerivedField '\(name)': '\(value)' is not a value of '\(base)'") }
            indicators[name] = Indicator(field: base, value: value)
        }
    }

    /// Whether `dataField` (used as `role`) is categorical yet lists no valid `Value`s, so its levels are
    /// the values the model's predicates name.
    static func takesNamedValues(_ dataField: PMMLElement, role: String) -> Bool {
        role == "active" && (dataField["optype"] ?? "continuous") != "continuous"
            && !dataField.children("Value").contains { ($0["property"] ?? "valid") == "valid" }
    }

    /// `text` as a feature value of `field`: a number, or the code of a level.
    static func featureValue(_ text: String, of field: Field, name: String) throws -> Double {
        if let levels = field.levels {
            guard let code = levels.firstIndex(of: text) else { throw fail("'\(text)' is not a value of field '\(name)'") }
            return Double(code)
        }
        guard let value = Double(text), !value.isNaN else { throw fail("'\(text)' is not a number (field '\(name)')") }
        return field.isFloat ? Double(Float(value)) : value
    }
}
