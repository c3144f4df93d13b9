import Foundation

extension XGBoostDocument {
    /// Parses XGBoost's JSON model text: first the model-file scan (no repeated key, nesting at most
    /// ``ModelFileJSONScan/maximumDepth``), then Foundation's parser, then conversion (recursion bounded by
    /// that depth).
    static func parseJSON(_ bytes: [UInt8], fileName: String) throws -> XGBoostDocument {
        switch ModelFileJSONScan.check(bytes) {
        case .duplicateKey(let key, let parent)?:
            throw ModelError.invalidModelFile("\(fileName) has the key '\(key)' twice in \(parent.isEmpty ? "its top-level object" : "'\(parent)'")")
        case .tooDeep?:
            throw ModelError.invalidModelFile("\(fileName) nests JSON objects and arrays more than \(ModelFileJSONScan.maximumDepth) levels deep; no XGBoost model does")
        case nil:
            break
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw ModelError.invalidModelFile("\(fileName) is not valid JSON (truncated or corrupted?)")
        }
        return try convert(object, fileName: fileName)
    }

    private static func convert(_ any: Any, fileName: String) throws -> XGBoostDocument {
        switch any {
        case is NSNull:
            return .null
        case let s as String:
            return .string(s)
        case let n as NSNumber:
            return .number(n.doubleValue)
        case let items as [Any]:
            guard items.count <= maximumContainerCount else {
                throw ModelError.invalidModelFile("\(fileName) has an array of \(items.count) elements (at most \(maximumContainerCount))")
            }
            if !items.isEmpty, items.allSatisfy({ $0 is NSNumber }) {
                return .numbers(items.map { ($0 as! NSNumber).doubleValue })
            }
            return .array(try items.map { try convert($0, fileName: fileName) })
        case let members as [String: Any]:
            var out = [String: XGBoostDocument](minimumCapacity: members.count)
            for (key, value) in members { out[key] = try convert(value, fileName: fileName) }
            return .object(out)
        default:
            throw ModelError.invalidModelFile("\(fileName) holds a JSON value of an unknown type")
        }
    }
}
