/// A parsed XGBoost model document, from either of `save_model`'s encodings (JSON or UBJSON): the
/// generic tree of values the importer walks. Numeric arrays (UBJSON's typed arrays, JSON arrays of numbers)
/// are kept as `[Double]`, which holds every float32 and int32 XGBoost writes exactly.
indirect enum XGBoostDocument: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([XGBoostDocument])
    case numbers([Double])
    case object([String: XGBoostDocument])

    /// Deepest nesting accepted (XGBoost's model files nest about 8 levels).
    static let maximumDepth = 64
    /// Most elements of one array or members of one object accepted.
    static let maximumContainerCount = 1 << 26

    /// The kind of value, for messages.
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array, .numbers: "an array"
        case .object: "an object"
        }
    }
}

/// Typed access to a document's fields; each failure is ``ModelError/invalidModelFile(_:)`` naming the file
/// and the field path (`learner.gradient_booster.model.trees[3].left_children`).
struct XGBoostField {
    let value: XGBoostDocument
    let path: String
    let fileName: String

    func fail(_ problem: String) -> ModelError {
        .invalidModelFile("\(fileName): field '\(path)' \(problem)")
    }

    /// The member `key` of this object (an error naming it when absent).
    func field(_ key: String) throws -> XGBoostField {
        guard let found = try optionalField(key) else {
            throw ModelError.invalidModelFile("\(fileName): missing field '\(path.isEmpty ? "" : path + ".")\(key)'")
        }
        return found
    }

    /// The member `key` of this object, or nil when absent.
    func optionalField(_ key: String) throws -> XGBoostField? {
        guard case .object(let members) = value else { throw fail("is \(value.kindName), not an object") }
        return members[key].map { XGBoostField(value: $0, path: path.isEmpty ? key : path + "." + key, fileName: fileName) }
    }

    /// The elements of this array.
    func elements() throws -> [XGBoostField] {
        switch value {
        case .array(let items):
            return items.enumerated().map { XGBoostField(value: $1, path: "\(path)[\($0)]", fileName: fileName) }
        case .numbers(let xs):
            return xs.enumerated().map { XGBoostField(value: .number($1), path: "\(path)[\($0)]", fileName: fileName) }
        default:
            throw fail("is \(value.kindName), not an array")
        }
    }

    /// This array's numbers.
    func numbers() throws -> [Double] {
        switch value {
        case .numbers(let xs): return xs
        case .array(let items):
            var out = [Double]()
            out.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                switch item {
                case .number(let x): out.append(x)
                case .bool(let b): out.append(b ? 1 : 0)
                default: throw fail("holds \(item.kindName) at [\(i)] where a number is needed")
                }
            }
            return out
        default:
            throw fail("is \(value.kindName), not an array of numbers")
        }
    }

    /// This array's numbers, each an integer in `range`.
    func integers(in range: ClosedRange<Int>) throws -> [Int] {
        try numbers().enumerated().map { i, x in
            guard x == x.rounded(), x >= Double(range.lowerBound), x <= Double(range.upperBound) else {
                throw fail("holds \(x) at [\(i)], not an integer in \(range.lowerBound)...\(range.upperBound)")
            }
            return Int(x)
        }
    }

    /// This string.
    func string() throws -> String {
        guard case .string(let s) = value else { throw fail("is \(value.kindName), not a string") }
        return s
    }

    /// This array's strings.
    func strings() throws -> [String] {
        try elements().map { try $0.string() }
    }

    /// A number XGBoost writes as a string ("5E-1", "[5.4E-1]", "300") or as a number; a one-element
    /// bracketed list is read as its element.
    func numberText() throws -> Double {
        switch value {
        case .number(let x): return x
        case .string(let s):
            var text = Substring(s)
            if text.hasPrefix("["), text.hasSuffix("]") {
                text = text.dropFirst().dropLast()
                guard !text.contains(",") else { throw fail("holds several values ('\(s)'): a multi-target model") }
            }
            guard let x = Double(text.trimmingPrefix(" ")) else { throw fail("holds '\(s)', not a number") }
            return x
        default:
            throw fail("is \(value.kindName), not a number")
        }
    }

    /// An integer written as a string or number, in `range`.
    func integerText(in range: ClosedRange<Int>) throws -> Int {
        let x = try numberText()
        guard x == x.rounded(), x >= Double(range.lowerBound), x <= Double(range.upperBound) else {
            throw fail("holds \(x), not an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return Int(x)
    }
}
