import GlassboxCore

/// libFuzzer entry for the one function through which every text reaches a notebook's code cells,
/// `Escaping.python`: for any bytes (as UTF-8, invalid sequences replaced), the literal must
/// 1. be one line of printable ASCII that starts and ends with `"`;
/// 2. leave `x = <literal>` with nothing outside the literal (no quote closes it early, read as Python
///    reads a double-quoted literal);
/// 3. decode, by Python's rules for `\\`, `\"`, `\xNN`, `\uNNNN` and `\UNNNNNNNN`, back to the text exactly.
/// The whole-notebook target checks the renderer around it but runs ~60 inputs/s; this one runs the
/// security core at tens of thousands per second.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPythonLiteral(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let literal = Escaping.python(text)
    let bytes = Array(literal.utf8)
    guard bytes.count >= 2, bytes.first == 0x22, bytes.last == 0x22, bytes.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E }) else {
        fatalError("not one line of printable ASCII in double quotes: \(literal)")
    }
    guard literalSkeleton("x = " + literal + "\n") == "x = \"\"\n" else { fatalError("the literal closes early: \(literal)") }
    guard decodePython(bytes.dropFirst().dropLast()) == Array(text.unicodeScalars) else { fatalError("does not decode back: \(literal)") }
    return 0
}

/// Code with string-literal contents blanked: a double-quoted literal ends at the first `"` not preceded by
/// an escaping backslash, as Python reads it.
func literalSkeleton(_ source: String) -> String {
    var out = "", inside = false, escaped = false
    for c in source.unicodeScalars {
        if inside {
            if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inside = false; out.unicodeScalars.append(c) }
            continue
        }
        out.unicodeScalars.append(c)
        if c == "\"" { inside = true }
    }
    return out
}

/// The scalars a Python double-quoted (non-raw) literal body denotes; nil on an escape Glassbox never writes.
func decodePython(_ body: ArraySlice<UInt8>) -> [Unicode.Scalar]? {
    var out = [Unicode.Scalar](), i = body.startIndex
    while i < body.endIndex {
        let b = body[i]
        guard b == 0x5C else { out.append(Unicode.Scalar(b)); i += 1; continue }
        guard i + 1 < body.endIndex else { return nil }
        let kind = body[i + 1]
        let width: Int
        switch kind {
        case 0x5C, 0x22: out.append(Unicode.Scalar(kind)); i += 2; continue
        case UInt8(ascii: "x"): width = 2
        case UInt8(ascii: "u"): width = 4
        case UInt8(ascii: "U"): width = 8
        default: return nil
        }
        guard i + 2 + width <= body.endIndex,
              let value = UInt32(String(decoding: body[(i + 2)..<(i + 2 + width)], as: UTF8.self), radix: 16),
              let scalar = Unicode.Scalar(value) else { return nil }
        out.append(scalar)
        i += 2 + width
    }
    return out
}
