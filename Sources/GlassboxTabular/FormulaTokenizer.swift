/// A lexical token of a formula, with the 0-based character offset where it starts.
struct FormulaToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case name(String)          // identifier: letters, digits, `_`, `.`
        case quotedName(String)    // `back-quoted name`
        case number(Double, String)
        case string(String)
        case op(String)            // ~ + - * / : ^ ** == != < <= > >= & | ! =
        case leftParen, rightParen, comma
        case end
    }
    var kind: Kind
    var position: Int

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case .name(let n): "'\(n)'"
        case .quotedName(let n): "'`\(n)`'"
        case .number(_, let text): "'\(text)'"
        case .string(let s): "\"\(s)\""
        case .op(let o): "'\(o)'"
        case .leftParen: "'('"
        case .rightParen: "')'"
        case .comma: "','"
        case .end: "the end of the formula"
        }
    }
}

/// Splits formula text into tokens. Errors are ``TabularError/formulaSyntax(formula:position:message:)``.
enum FormulaTokenizer {
    static func tokenize(_ text: String) throws -> [FormulaToken] {
        let chars = Array(text)
        var tokens = [FormulaToken]()
        var i = 0
        func fail(_ at: Int, _ message: String) -> TabularError {
            TabularError.formulaSyntax(formula: text, position: at, message: message)
        }
        func isDigit(_ c: Character) -> Bool { c >= "0" && c <= "9" }
        func isNameStart(_ c: Character) -> Bool { c.isLetter || c == "_" || c == "." }
        func isNamePart(_ c: Character) -> Bool { c.isLetter || isDigit(c) || c == "_" || c == "." }

        while i < chars.count {
            let c = chars[i]
            let start = i
            if c.isWhitespace { i += 1; continue }
            if isDigit(c) || (c == "." && i + 1 < chars.count && isDigit(chars[i + 1])) {
                while i < chars.count, isDigit(chars[i]) || chars[i] == "." { i += 1 }
                if i < chars.count, chars[i] == "e" || chars[i] == "E" {
                    var j = i + 1
                    if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
                    if j < chars.count, isDigit(chars[j]) {
                        i = j
                        while i < chars.count, isDigit(chars[i]) { i += 1 }
                    }
                }
                let literal = String(chars[start..<i])
                guard let value = Double(literal) else { throw fail(start, "malformed number '\(literal)'") }
                if i < chars.count, isNameStart(chars[i]) {
                    throw fail(i, "unexpected '\(chars[i])' after the number '\(literal)'")
                }
                tokens.append(FormulaToken(kind: .number(value, literal), position: start))
                continue
            }
            if isNameStart(c) {
                while i < chars.count, isNamePart(chars[i]) { i += 1 }
                tokens.append(FormulaToken(kind: .name(String(chars[start..<i])), position: start))
                continue
            }
            if c == "`" || c == "\"" || c == "'" {
                var value = ""
                i += 1
                var closed = false
                while i < chars.count {
                    if chars[i] == "\\", i + 1 < chars.count {
                        value.append(chars[i + 1]); i += 2; continue
                    }
                    if chars[i] == c { closed = true; i += 1; break }
                    value.append(chars[i]); i += 1
                }
                guard closed else {
                    throw fail(start, c == "`" ? "unterminated back-quoted name" : "unterminated string literal")
                }
                if c == "`" {
                    guard !value.isEmpty else { throw fail(start, "empty back-quoted name") }
                    tokens.append(FormulaToken(kind: .quotedName(value), position: start))
                } else {
                    tokens.append(FormulaToken(kind: .string(value), position: start))
                }
                continue
            }
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            switch c {
            case "(": tokens.append(FormulaToken(kind: .leftParen, position: start)); i += 1
            case ")": tokens.append(FormulaToken(kind: .rightParen, position: start)); i += 1
            case ",": tokens.append(FormulaToken(kind: .comma, position: start)); i += 1
            case "*" where next == "*", "=" where next == "=", "!" where next == "=",
                 "<" where next == "=", ">" where next == "=":
                tokens.append(FormulaToken(kind: .op(String([c, next!])), position: start)); i += 2
            case "&" where next == "&", "|" where next == "|":
                // R's scalar forms; element-wise is what a design column needs.
                tokens.append(FormulaToken(kind: .op(String(c)), position: start)); i += 2
            case "~", "+", "-", "*", "/", ":", "^", "<", ">", "&", "|", "!", "=":
                tokens.append(FormulaToken(kind: .op(String(c)), position: start)); i += 1
            default:
                throw fail(start, "unexpected character '\(c)'")
            }
        }
        tokens.append(FormulaToken(kind: .end, position: chars.count))
        return tokens
    }
}
