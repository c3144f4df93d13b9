import Foundation

/// A LightGBM text model (`Booster.save_model`) as written: the header keys, the `Tree=` blocks' arrays and
/// the `pandas_categorical` level lists, before any mapping to ``TreeEnsemble``. Every count read from the
/// file is bounded before anything is allocated from it.
struct LightGBMTextModel {
    /// Header `key=value` pairs (`objective`, `feature_names`, …) and bare flags (`average_output`).
    var header: [String: String] = [:]
    var flags: Set<String> = []
    /// Each tree's `key=value` lines, in file order.
    var trees: [[String: Substring]] = []
    /// `[categorical_feature: …]` from the `parameters:` section, as written.
    var categoricalFeatureParameter: String?
    /// The `pandas_categorical:` JSON text (`null` when the model was trained without pandas categoricals).
    var pandasCategorical: Substring?

    /// Largest model text accepted (a 300-tree, 255-leaf model is about 20 MB).
    static let maximumBytes = 1 << 30

    static func fail(_ message: String) -> ModelError { .invalidModelFile("LightGBM text model: \(message)") }

    /// Splits the text into header, trees and trailer. Trees end at `end of trees`; a file without that line
    /// is truncated.
    init(bytes: [UInt8]) throws {
        guard bytes.count <= Self.maximumBytes else {
            throw Self.fail("\(bytes.count) bytes (at most \(Self.maximumBytes))")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw Self.fail("the file is not UTF-8 text") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).makeIterator()
        func next() -> Substring? {
            guard var line = lines.next() else { return nil }
            if line.last == "\r" { line = line.dropLast() }
            return line
        }
        guard next() == "tree" else { throw Self.fail("the first line is not 'tree' (not a LightGBM text model)") }
        guard text.contains("\nend of trees") else { throw Self.fail("no 'end of trees' line: the file is truncated") }
        var current: [String: Substring]?
        var endOfTrees = false
        while let line = next() {
            if line == "end of trees" { endOfTrees = true; break }
            if line.isEmpty { continue }
            guard let eq = line.firstIndex(of: "=") else {
                guard current == nil else { throw Self.fail("tree \(trees.count): line '\(line.prefix(40))' is not key=value") }
                flags.insert(String(line))
                continue
            }
            let key = line[..<eq], value = line[line.index(after: eq)...]
            if key == "Tree" {
                if let tree = current { trees.append(tree) }
                guard Int(value) == trees.count else {
                    throw Self.fail("'Tree=\(value.prefix(20))' where tree \(trees.count) was expected")
                }
                guard trees.count < TreeEnsemble.maximumTotalNodes else { throw Self.fail("too many trees") }
                current = [:]
            } else if current != nil {
                current![String(key)] = value
            } else {
                header[String(key)] = String(value)
            }
        }
        if let tree = current { trees.append(tree) }
        guard endOfTrees else { throw Self.fail("no 'end of trees' line: the file is truncated") }
        while let line = next() {
            if line.hasPrefix("[categorical_feature: ") && line.hasSuffix("]") {
                categoricalFeatureParameter = String(line.dropFirst("[categorical_feature: ".count).dropLast())
            } else if line.hasPrefix("pandas_categorical:") {
                pandasCategorical = line.dropFirst("pandas_categorical:".count)
            }
        }
    }
}

extension LightGBMTextModel {
    /// An integer header key, bounded to `range`.
    func headerInt(_ key: String, in range: ClosedRange<Int>, default fallback: Int? = nil) throws -> Int {
        guard let text = header[key] else {
            if let fallback { return fallback }
            throw Self.fail("the header has no '\(key)'")
        }
        guard let value = Int(text), range.contains(value) else {
            throw Self.fail("'\(key)=\(text.prefix(40))' is not an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// The space-separated values of `key` in tree `t`, exactly `count` of them, parsed by `parse`.
    static func array<T>(_ tree: [String: Substring], _ key: String, tree t: Int, count: Int,
                         _ parse: (Substring) -> T?) throws -> [T] {
        guard let line = tree[key] else { throw fail("tree \(t) has no '\(key)'") }
        var values: [T] = []
        values.reserveCapacity(count)
        for token in line.split(separator: " ", omittingEmptySubsequences: true) {
            guard values.count < count else { throw fail("tree \(t) '\(key)' has more than \(count) values") }
            guard let value = parse(token) else {
                throw fail("tree \(t) '\(key)' holds '\(token.prefix(40))', not a number of the expected type")
            }
            values.append(value)
        }
        guard values.count == count else { throw fail("tree \(t) '\(key)' has \(values.count) values, expected \(count)") }
        return values
    }

    /// `pandas_categorical`'s level lists (nil for `null` or when absent). Nesting is checked before the
    /// JSON parser runs, so a deeply nested line cannot exhaust the stack.
    func pandasLevels() throws -> [[String]]? {
        guard let json = pandasCategorical?.trimmingCharacters(in: .whitespaces), json != "null" else { return nil }
        var depth = 0, inString = false, escaped = false
        for byte in json.utf8 {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                guard depth <= 2 else { throw Self.fail("pandas_categorical is nested deeper than a list of level lists") }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(json.utf8)), let lists = parsed as? [[Any]] else {
            throw Self.fail("pandas_categorical is not a JSON list of level lists")
        }
        return try lists.map { levels in
            try levels.map { level in
                if let text = level as? String { return text }
                if let number = level as? NSNumber {
                    let value = number.doubleValue
                    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
                    return String(value)
                }
                throw Self.fail("pandas_categorical holds a level that is neither text nor a number")
            }
        }
    }
}
