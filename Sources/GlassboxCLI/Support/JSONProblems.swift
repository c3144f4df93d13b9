import Foundation

/// Specific messages for the JSON errors Foundation throws, so no raw `DecodingError`, `EncodingError`
/// or `NSError` text reaches the user.
enum JSONProblems {
    /// Dotted path of coding keys: `arms[0].evaluation.qini`.
    static func path(_ keys: [CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return text.isEmpty ? "the top level" : "'\(text)'"
    }

    /// What is wrong, in one line, for a decoding error.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case let .keyNotFound(key, context):
            let parent = path(context.codingPath)
            return "missing field '\(key.stringValue)'" + (context.codingPath.isEmpty ? "" : " in \(parent)")
        case let .typeMismatch(type, context):
            return "field \(path(context.codingPath)) has the wrong type (expected \(expected(type)))"
        case let .valueNotFound(type, context):
            return "field \(path(context.codingPath)) is null (expected \(expected(type)))"
        case let .dataCorrupted(context):
            if context.codingPath.isEmpty { return "not valid JSON" }
            return "field \(path(context.codingPath)) is invalid"
        @unknown default:
            return "not in the expected format"
        }
    }

    /// What could not be written, in one line, for an encoding error.
    static func describe(_ error: EncodingError) -> String {
        switch error {
        case let .invalidValue(value, context):
            let where_ = context.codingPath.isEmpty ? "" : " at \(path(context.codingPath))"
            if let number = value as? Double, !number.isFinite {
                return "the result holds a non-finite number (\(number))\(where_), which JSON cannot carry; "
                    + "a predictor with extreme values (such as 1e300) can overflow the fit: rescale it"
            }
            return "a value\(where_) cannot be written as JSON"
        @unknown default:
            return "a value cannot be written as JSON"
        }
    }

    private static func expected(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Float.Type, is Int.Type, is UInt64.Type: return "a number"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "an object"
        }
    }
}
