/// Escaping of data strings (column names, levels, file names, terms, warnings quoting them) for each
/// presentation format, so a hostile value such as `<script>alert(1)</script>`, `\u{1B}]8;;…` or
/// `=HYPERLINK(…)` stays inert text. There is exactly one function per output language, and every
/// renderer uses it:
///
/// | language | function | used by |
/// |---|---|---|
/// | HTML / SVG / XML | ``html(_:)`` | HTML report, SVG charts |
/// | Markdown (CommonMark, GFM, Jupyter) | ``markdown(_:)`` | every `*.md` rendering, notebook Markdown cells |
/// | terminal (stdout, stderr) | ``terminal(_:)`` | messages, warnings, `inspect`/`describe`/`demo` text |
/// | CSV (spreadsheets) | ``csvCell(_:delimiter:)`` | every CSV the CLI writes |
///
/// JSON is not a presentation format: JSON encoders keep data strings exact (they escape only what JSON
/// requires), so nothing here is applied to JSON.
///
/// All functions work on Unicode scalars, not `Character`s: `"\r\n"` or `"|"` followed by a combining
/// mark is one `Character`, and a Character-based check would let it through.
package enum Escaping {
    /// Scalars that can change how a terminal or a viewer shows the surrounding text: C0 controls
    /// (including tab and line breaks), DEL, C1 controls (including NEL and the 8-bit CSI/OSC),
    /// the line and paragraph separators, and the bidirectional marks, embeddings, overrides and
    /// isolates (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069: "Trojan Source").
    package static func isControl(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x2028, 0x2029: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Line breaks as Unicode defines them (LF, VT, FF, CR, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR).
    package static func isLineBreak(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// The visible stand-in for a control scalar: `\u{1B}`, `\u{202E}` (Swift's notation), so two
    /// names that differ only in a control character still look different.
    static func visible(_ u: Unicode.Scalar) -> String {
        "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
    }

    /// HTML/XML text and attribute values: `& < > " '` become character references; tab and newline
    /// stay (HTML whitespace); every other control scalar (see ``isControl(_:)``) is shown as
    /// `\u{…}` (C0 controls are not allowed in XML 1.0, and bidi overrides would reorder the text).
    package static func html(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n", "\t": out.unicodeScalars.append(u)
            default:
                if isControl(u) { out += visible(u) } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    /// Markdown inline text (CommonMark, GFM, Jupyter's marked, Python-Markdown), safe in a paragraph,
    /// a list item, a heading or a table cell — not inside a code span, so renderers never put data
    /// in backticks:
    /// - `<`, `>`, `&` become `&lt;`, `&gt;`, `&amp;`: raw HTML (`<script>`, `<img onerror>`, `<!--`)
    ///   and autolinks (`<javascript:…>`) cannot form, in every renderer (some, such as
    ///   Python-Markdown, do not honour a backslash before `<`);
    /// - the metacharacters `` \ ` * _ [ ] # | ~ $ ! `` are backslash-escaped (no emphasis, code span,
    ///   link, image, heading, table cell break, strikethrough or math can open);
    /// - every line break (LF, CR, CRLF, VT, FF, NEL, U+2028, U+2029) becomes one space, so a value
    ///   cannot end a table row or start a block; other control scalars are shown as `\u{…}`;
    /// - a leading `-`, `+`, `=` or ordered-list marker (`1. `, `1) `) is escaped so the value cannot
    ///   open a list or a setext heading.
    package static func markdown(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var previousWasCR = false
        for u in s.unicodeScalars {
            defer { previousWasCR = u == "\r" }
            if isLineBreak(u) {
                if u == "\n" && previousWasCR { continue }
                out += " "
                continue
            }
            switch u {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\\", "`", "*", "_", "[", "]", "#", "|", "~", "$", "!":
                out += "\\"
                out.unicodeScalars.append(u)
            default:
                if isControl(u) { out += visible(u) } else { out.unicodeScalars.append(u) }
            }
        }
        if let first = out.unicodeScalars.first, first == "-" || first == "+" || first == "=" { out = "\\" + out }
        let scalars = Array(out.unicodeScalars)
        let digits = scalars.prefix { $0.value >= 0x30 && $0.value <= 0x39 }.count
        if digits > 0, digits < scalars.count, scalars[digits] == "." || scalars[digits] == ")",
           digits + 1 == scalars.count || scalars[digits + 1] == " " {
            var escaped = String.UnicodeScalarView()
            escaped.append(contentsOf: scalars[..<digits])
            escaped.append("\\")
            escaped.append(contentsOf: scalars[digits...])
            out = String(escaped)
        }
        return out
    }

    /// Text for a terminal (stdout or stderr): every control scalar (see ``isControl(_:)`` — ESC and
    /// so CSI/OSC sequences including OSC 8 hyperlinks, BEL, backspace, carriage return, line breaks,
    /// tab, C1 controls, bidi overrides) is shown as `\u{…}`, so a column or level name can neither
    /// drive the terminal nor forge a line of output. Apply it to each data string; a whole message
    /// that must keep its own line breaks escapes its parts, or is escaped line by line.
    package static func terminal(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isControl) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            if isControl(u) { out += visible(u) } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    /// One CSV field (RFC 4180 quoting) safe to open in a spreadsheet (CSV/formula injection,
    /// OWASP's rule): a text cell that starts with `=`, `+`, `-`, `@`, tab or CR — which Excel,
    /// LibreOffice and Google Sheets would run as a formula (`=HYPERLINK(…)`, DDE `=cmd|…`) — gets a
    /// leading `'`, unless the whole cell is a plain decimal number (`-1.5`, `+3`, `-2e-3`), which a
    /// spreadsheet reads as that number and which must stay a number. The field is then quoted when
    /// it contains the delimiter, `"`, CR or LF, with inner quotes doubled.
    ///
    /// Only text cells (levels, column names) pass through here; numbers are written by the CSV
    /// writer and are never prefixed. The prefix is part of the written value: a level `=x` reads back
    /// as `'=x`.
    package static func csvCell(_ s: String, delimiter: UInt8 = UInt8(ascii: ",")) -> String {
        var text = s
        if let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), !isPlainNumber(s) {
            text = "'" + s
        }
        let quote = UInt8(ascii: "\"")
        let needsQuotes = text.utf8.contains { $0 == delimiter || $0 == quote || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { return text }
        return "\"" + text.replacingQuotes() + "\""
    }

    /// `[+-]digits[.digits][(e|E)[+-]digits]` (or `.digits`), ASCII only.
    static func isPlainNumber(_ s: String) -> Bool {
        var bytes = s.utf8[...]
        func digits() -> Int {
            let n = bytes.prefix { $0 >= 0x30 && $0 <= 0x39 }.count
            bytes = bytes.dropFirst(n)
            return n
        }
        if let c = bytes.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        var mantissa = digits()
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if let c = bytes.first, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let c = bytes.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}

extension String {
    fileprivate func replacingQuotes() -> String {
        var out = ""
        for u in unicodeScalars {
            if u == "\"" { out += "\"" }
            out.unicodeScalars.append(u)
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
    package static func python(_ s: String) -> String {
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
