/// Escaping of data strings (column names, levels, file names) for each output format, so a
/// hostile value such as `<script>alert(1)</script>` stays text.
public enum Escaping {
    /// HTML/XML text and attribute values: `& < > " '` become character references; control
    /// characters other than tab and newline are dropped (they are not allowed in XML 1.0).
    public static func html(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if u.value < 0x20 && u != "\n" && u != "\t" { continue }
                if u.value == 0x7F { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// Markdown inline text (CommonMark/GFM): characters that can open inline markup or HTML
    /// (`\ ` * _ [ ] < > # | ~ & $`) are backslash-escaped; `(`, `)` and `!` need no escape once
    /// brackets are escaped (no link or image can form). A leading `-`, `+`, `=` or an ordered-list
    /// marker (`1. `) is escaped so a value cannot open a block, and line breaks become spaces so it
    /// cannot break a table row.
    public static func markdown(_ s: String) -> String {
        var out = ""
        for ch in s {
            if ch == "\n" || ch == "\r" { out += " "; continue }
            if "\\`*_[]<>#|~&$".contains(ch) { out += "\\" }
            out.append(ch)
        }
        if let first = out.first, "-+=".contains(first) { out = "\\" + out }
        let digits = out.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count < out.count {
            let at = out.index(out.startIndex, offsetBy: digits.count), marker = out[at]
            let next = out.index(after: at)
            if (marker == "." || marker == ")") && (next == out.endIndex || out[next] == " ") { out.insert("\\", at: out.index(out.startIndex, offsetBy: digits.count)) }
        }
        return out
    }
}

extension Escaping {
    /// A Python string literal (double-quoted, ASCII only) whose value is `s`, for every piece of text a
    /// notebook's code cell carries (the report and recipe JSON, the data path, chart SVG): `\` and `"` are
    /// backslash-escaped, and every character outside printable ASCII (newlines, control characters, Unicode
    /// line separators, anything non-ASCII) becomes `\xNN`, `\uNNNN` or `\UNNNNNNNN`. The literal is one
    /// physical line that no text can end early, so nothing in `s` can reach the Python parser as code.
    public static func python(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for u in s.unicodeScalars {
            switch u.value {
            case 0x5C: out += "\\\\"
            case 0x22: out += "\\\""
            case 0x20...0x7E: out.unicodeScalars.append(u)
            default:
                let hex = String(u.value, radix: 16)
                let (prefix, width) = u.value <= 0xFF ? ("\\x", 2) : (u.value <= 0xFFFF ? ("\\u", 4) : ("\\U", 8))
                out += prefix + String(repeating: "0", count: width - hex.count) + hex
            }
        }
        return out + "\""
    }
}
