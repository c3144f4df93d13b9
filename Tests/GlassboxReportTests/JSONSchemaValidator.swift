import Foundation

/// A validator for the subset of JSON Schema 2020-12 that `schemas/glassbox-report.schema.json`
/// uses: type, const, enum, properties, required, additionalProperties: false, items, minItems,
/// maxItems, minimum, pattern, oneOf and local `$ref`s. Returns the paths that fail.
struct JSONSchemaValidator {
    let root: [String: Any]

    init(schemaAt url: URL) throws {
        root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    func validate(_ value: Any) -> [String] { check(value, root, "$") }

    private func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String, ref.hasPrefix("#/") else { return schema }
        var node: Any = root
        for part in ref.dropFirst(2).split(separator: "/") { node = (node as! [String: Any])[String(part)]! }
        return node as! [String: Any]
    }

    private func typeName(_ v: Any) -> String {
        if v is NSNull { return "null" }
        if let n = v as? NSNumber {
            // Foundation hands JSON booleans back as its private boolean NSNumber subclass.
            if String(describing: type(of: v)).contains("Boolean") { return "boolean" }
            // As JSON Schema 2020-12: a number with a zero fractional part is an integer.
            return n.doubleValue == n.doubleValue.rounded() ? "integer" : "number"
        }
        if v is String { return "string" }
        if v is [Any] { return "array" }
        if v is [String: Any] { return "object" }
        return "unknown"
    }

    private func check(_ v: Any, _ raw: [String: Any], _ path: String) -> [String] {
        let s = resolve(raw)
        var errors = [String]()
        if let alternatives = s["oneOf"] as? [[String: Any]] {
            let passing = alternatives.filter { check(v, $0, path).isEmpty }.count
            if passing != 1 { errors.append("\(path): matches \(passing) of oneOf") }
        }
        if let types = s["type"] {
            let allowed = (types as? [String]) ?? [types as! String]
            let t = typeName(v)
            let ok = allowed.contains(t) || (t == "integer" && allowed.contains("number"))
            if !ok { return errors + ["\(path): type \(t) not in \(allowed)"] }
        }
        if let c = s["const"] as? String, (v as? String) != c { errors.append("\(path): not const \(c)") }
        if let e = s["enum"] as? [String], !e.contains(v as? String ?? "\u{0}") { errors.append("\(path): \(v) not in enum") }
        if let p = s["pattern"] as? String, let text = v as? String {
            if (try? Regex(p).firstMatch(in: text)) == nil { errors.append("\(path): '\(text)' does not match \(p)") }
        }
        if let m = s["minimum"] as? Double, let x = v as? NSNumber, x.doubleValue < m { errors.append("\(path): below minimum") }
        if let object = v as? [String: Any] {
            for key in s["required"] as? [String] ?? [] where object[key] == nil { errors.append("\(path): missing \(key)") }
            let properties = s["properties"] as? [String: Any] ?? [:]
            for (key, value) in object {
                if let sub = properties[key] as? [String: Any] { errors += check(value, sub, path + "." + key) }
                else if (s["additionalProperties"] as? Bool) == false { errors.append("\(path): unexpected key \(key)") }
            }
        }
        if let array = v as? [Any] {
            if let lo = s["minItems"] as? Int, array.count < lo { errors.append("\(path): fewer than \(lo) items") }
            if let hi = s["maxItems"] as? Int, array.count > hi { errors.append("\(path): more than \(hi) items") }
            if let items = s["items"] as? [String: Any] {
                for (k, item) in array.enumerated() { errors += check(item, items, "\(path)[\(k)]") }
            }
        }
        return errors
    }
}
