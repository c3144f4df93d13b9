/// A one-pass scan of a model file's JSON text, before Foundation parses it: Foundation's parsers keep one of
/// two equal keys silently (so a file could show one value to a reader and another to Glassbox) and recurse
/// once per nesting level. The scan refuses a repeated key in any object and nesting deeper than
/// ``maximumDepth`` (Glassbox's own files nest at most 6 levels), without recursion.
///
/// It assumes syntactically valid JSON only as far as it needs to: strings are followed through their
/// escapes (a key is compared after decoding `\uXXXX` and the short escapes, so `"a"` and `"\u0061"` are
/// the same key); anything else malformed is left to the JSON parser that runs next.
enum ModelFileJSONScan {
    /// Deepest nesting of objects and arrays accepted in a model file.
    static let maximumDepth = 64

    enum Problem: Equatable {
        case duplicateKey(String, path: String)
        case tooDeep
    }

    private struct Frame {
        var isObject: Bool
        var keys: Set<String>
        var key: String?      // the current member's key (objects)
        var index: Int        // the current element (arrays)
        var expectKey: Bool
    }

    static func check(_ bytes: [UInt8]) -> Problem? {
        var stack = [Frame]()
        var i = 0
        let n = bytes.count
        func path() -> String {
            stack.dropLast().map { $0.isObject ? "." + ($0.key ?? "") : "[\($0.index)]" }.joined().trimmingPrefix(".").description
        }
        while i < n {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if stack.count >= maximumDepth { return .tooDeep }
                stack.append(Frame(isObject: b == UInt8(ascii: "{"), keys: [], key: nil, index: 0, expectKey: b == UInt8(ascii: "{")))
                i += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if !stack.isEmpty { stack.removeLast() }
                i += 1
            case UInt8(ascii: ","):
                if let last = stack.indices.last {
                    if stack[last].isObject { stack[last].expectKey = true } else { stack[last].index += 1 }
                }
                i += 1
            case UInt8(ascii: "\""):
                let (text, end) = readString(bytes, from: i + 1)
                i = end
                if let last = stack.indices.last, stack[last].isObject, stack[last].expectKey {
                    stack[last].expectKey = false
                    stack[last].key = text
                    if !stack[last].keys.insert(text).inserted {
                        let parent = path()
                        return .duplicateKey(text, path: parent)
                    }
                }
            default:
                i += 1
            }
        }
        return nil
    }

    /// The decoded string starting after its opening quote, and the index after its closing quote.
    private static func readString(_ bytes: [UInt8], from start: Int) -> (String, Int) {
        var scalars = String.UnicodeScalarView()
        var raw = [UInt8]()
        var i = start
        var pendingHigh: UInt32?
        func flushRaw() {
            if !raw.isEmpty { scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars); raw.removeAll() }
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { i += 1; break }
            if b == UInt8(ascii: "\\"), i + 1 < bytes.count {
                flushRaw()
                let e = bytes[i + 1]
                i += 2
                var scalar: UInt32?
                switch e {
                case UInt8(ascii: "n"): scalar = 0x0A
                case UInt8(ascii: "t"): scalar = 0x09
                case UInt8(ascii: "r"): scalar = 0x0D
                case UInt8(ascii: "b"): scalar = 0x08
                case UInt8(ascii: "f"): scalar = 0x0C
                case UInt8(ascii: "u"):
                    if i + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16) {
                        i += 4
                        if (0xD800..<0xDC00).contains(v) { pendingHigh = v; continue }
                        if (0xDC00..<0xE000).contains(v), let high = pendingHigh {
                            scalar = 0x10000 + ((high - 0xD800) << 10) + (v - 0xDC00)
                        } else {
                            scalar = v
                        }
                    }
                default: scalar = UInt32(e)
                }
                pendingHigh = nil
                if let scalar, let u = Unicode.Scalar(scalar) { scalars.append(u) }
                continue
            }
            raw.append(b)
            i += 1
        }
        flushRaw()
        return (String(scalars), i)
    }
}

extension ModelFileJSONScan {
    /// Runs ``check(_:)`` on the JSON text of the file `path` and throws ``ModelError/invalidModelFile(_:)`` for a
    /// repeated key or nesting deeper than ``maximumDepth`` (which no `format`, e.g. "Glassbox model file", has).
    static func requireUniqueKeysAndShallowNesting(_ bytes: [UInt8], path: String, format: String) throws {
        switch check(bytes) {
        case .duplicateKey(let key, let parent)?:
            throw ModelError.invalidModelFile("\(path) has the key '\(key)' twice in \(parent.isEmpty ? "its top-level object" : "'\(parent)'") (JSON readers disagree on which one counts: was it edited?)")
        case .tooDeep?:
            throw ModelError.invalidModelFile("\(path) nests JSON objects and arrays more than \(maximumDepth) levels deep; no \(format) does")
        case nil:
            break
        }
    }
}
