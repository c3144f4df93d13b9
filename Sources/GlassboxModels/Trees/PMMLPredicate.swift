/// A PMML predicate as a tree split: always true or false, or a ``TreeNode`` split (missing values not yet
/// placed) whose rule holds on the left or on the right side.
enum PMMLPredicate {
    case always(Bool)
    case split(TreeNode, trueGoesLeft: Bool)

    static func fail(_ message: String) -> ModelError { PMMLDocument.fail(message) }

    /// Reads `element` (`True`, `False`, `SimplePredicate`, `SimpleSetPredicate`) on `fields`.
    init(_ element: PMMLElement, fields: PMMLFields) throws {
        switch element.name {
        case "True": self = .always(true)
        case "False": self = .always(false)
        case "SimplePredicate":
            guard let name = element["field"], let op = element["operator"] else {
                throw Self.fail("a SimplePredicate lacks its field or operator")
            }
            if let indicator = fields.indicators[name] {
                self = try Self.indicator(indicator, op: op, value: element["value"], fields: fields, name: name)
            } else {
                self = try Self.simple(name, op: op, value: element["value"], fields: fields)
            }
        case "SimpleSetPredicate":
            guard let name = element["field"], let op = element["booleanOperator"], let array = element.child("Array") else {
                throw Self.fail("a SimpleSetPredicate lacks its field, booleanOperator or Array")
            }
            guard op == "isIn" || op == "isNotIn" else { throw Self.fail("SimpleSetPredicate booleanOperator '\(op)'") }
            guard let field = fields.byName[name], field.levels != nil else {
                throw Self.fail("SimpleSetPredicate on '\(name)', which is not a categorical input field")
            }
            let codes = try Self.arrayValues(array.text).map { try Int32(PMMLFields.featureValue($0, of: field, name: name)) }
            self = .split(Self.categoryNode(field, codes: codes), trueGoesLeft: op == "isIn")
        default:
            throw PMMLFields.unsupported("the predicate \(element.name)")
        }
    }

    static func categoryNode(_ field: PMMLFields.Field, codes: [Int32]) -> TreeNode {
        TreeNode(feature: field.index, rule: .categoryIn, threshold: 0, categories: Array(Set(codes)).sorted(),
                 left: -1, right: -1, missingGoesLeft: false)
    }

    /// The threshold of an `isMissing` split: `x < −1.797…e308` holds for no input value (inputs are finite or
    /// missing: the readers never yield ±∞), and, unlike −∞, a model file can store it (JSON has no infinities).
    static let missingTestThreshold = -Double.greatestFiniteMagnitude

    /// `isMissing` as a split: a missing value goes left, any present value right.
    static func missingNode(_ field: PMMLFields.Field) -> TreeNode {
        TreeNode(feature: field.index, rule: .lessThan, threshold: missingTestThreshold, left: -1, right: -1, missingGoesLeft: true)
    }

    /// Whether `node` is the split ``missingNode(_:)`` makes.
    static func isMissingTest(_ node: TreeNode) -> Bool { node.rule == .lessThan && node.threshold == missingTestThreshold }

    static func simple(_ name: String, op: String, value: String?, fields: PMMLFields) throws -> PMMLPredicate {
        guard let field = fields.byName[name] else { throw Self.fail("a predicate tests '\(name)', which is not an input field") }
        if op == "isMissing" || op == "isNotMissing" {
            return .split(missingNode(field), trueGoesLeft: op == "isMissing")
        }
        guard let value else { throw Self.fail("a SimplePredicate on '\(name)' with operator \(op) has no value") }
        if field.levels != nil {
            guard op == "equal" || op == "notEqual" else {
                throw PMMLFields.unsupported("operator \(op) on categorical field '\(name)'")
            }
            let code = try Int32(PMMLFields.featureValue(value, of: field, name: name))
            return .split(categoryNode(field, codes: [code]), trueGoesLeft: op == "equal")
        }
        guard let threshold = Double(value), !threshold.isNaN else {
            throw Self.fail("the threshold '\(value.prefix(40))' on '\(name)' is not a number")
        }
        let (rule, cut, trueGoesLeft): (TreeNode.SplitRule, Double, Bool)
        switch op {
        case "lessOrEqual": (rule, cut, trueGoesLeft) = (.lessOrEqual, threshold, true)
        case "greaterThan": (rule, cut, trueGoesLeft) = (.lessOrEqual, threshold, false)
        case "lessThan": (rule, cut, trueGoesLeft) = (.lessThan, threshold, true)
        case "greaterOrEqual": (rule, cut, trueGoesLeft) = (.lessThan, threshold, false)
        default: throw PMMLFields.unsupported("operator \(op) on continuous field '\(name)'")
        }
        var node = TreeNode(feature: field.index, rule: rule, threshold: cut, left: -1, right: -1, missingGoesLeft: false)
        if field.isFloat { (node.rule, node.threshold) = floatRule(rule, Float(value) ?? Float(threshold)) }
        return .split(node, trueGoesLeft: trueGoesLeft)
    }

    /// The double-precision rule equal to comparing `Float(x)` with the 32-bit threshold `t`, as a PMML
    /// evaluator compares a `dataType="float"` field and scikit-learn's trees compare their float32 inputs:
    /// `Float(x) ≤ t` holds exactly when `x` is below the midpoint `m` between `t` and the next float up, or
    /// equal to it when round-half-to-even takes `m` down to `t` (an even significand).
    static func floatRule(_ rule: TreeNode.SplitRule, _ threshold: Float) -> (TreeNode.SplitRule, Double) {
        let t = rule == .lessThan ? threshold.nextDown : threshold
        guard t.isFinite else { return (.lessOrEqual, Double(t)) }
        let up = t.nextUp
        let midpoint = up.isFinite ? (Double(t) + Double(up)) / 2 : Double(t) + Double(t.ulp) / 2
        return (t.bitPattern & 1 == 0 ? .lessOrEqual : .lessThan, midpoint)
    }

    /// A predicate on a one-hot indicator (1 when `field` is `value`, else 0) as a predicate on the field.
    static func indicator(_ indicator: PMMLFields.Indicator, op: String, value: String?, fields: PMMLFields,
                          name: String) throws -> PMMLPredicate {
        guard let field = fields.byName[indicator.field] else { throw Self.fail("indicator '\(name)' has no input field") }
        if op == "isMissing" || op == "isNotMissing" { return .split(missingNode(field), trueGoesLeft: op == "isMissing") }
        guard let text = value, let threshold = Double(text), !threshold.isNaN else {
            throw Self.fail("the value '\((value ?? "").prefix(40))' compared with indicator '\(name)' is not a number")
        }
        func holds(_ x: Double) throws -> Bool {
            switch op {
            case "lessOrEqual": return x <= threshold
            case "lessThan": return x < threshold
            case "greaterThan": return x > threshold
            case "greaterOrEqual": return x >= threshold
            case "equal": return x == threshold
            case "notEqual": return x != threshold
            default: throw PMMLFields.unsupported("operator \(op) on indicator '\(name)'")
            }
        }
        let (whenOther, whenValue) = (try holds(0), try holds(1))
        guard whenOther != whenValue else { return .always(whenValue) }
        let code = try Int32(PMMLFields.featureValue(indicator.value, of: field, name: indicator.field))
        return .split(categoryNode(field, codes: [code]), trueGoesLeft: whenValue)
    }

    /// The values of a PMML `Array`: whitespace-separated, `"…"` quoting values with spaces, `\"` escaping.
    static func arrayValues(_ text: String) throws -> [String] {
        var values: [String] = [], current = "", quoted = false, escaped = false, inToken = false
        for character in text {
            if quoted {
                if escaped { current.append(character); escaped = false }
                else if character == "\\" { escaped = true }
                else if character == "\"" { quoted = false }
                else { current.append(character) }
            } else if character == "\"" {
                quoted = true; inToken = true
            } else if character.isWhitespace {
                if inToken { values.append(current); current = ""; inToken = false }
            } else {
                current.append(character); inToken = true
            }
        }
        guard !quoted else { throw fail("an Array has an unterminated quoted value") }
        if inToken { values.append(current) }
        return values
    }
}
