/// A derived-column definition `NAME = EXPR`, e.g. `high = score_text != "Low"`.
///
/// `NAME` is a bare name (letters, digits, `_`, `.`) or a back-quoted one; `EXPR` is a
/// ``RowExpression``. The first `=` that is not part of `==`, `!=`, `<=` or `>=` separates them.
package struct DerivedColumn: Sendable, Equatable {
    /// The new column's name.
    package let name: String
    /// Its definition.
    package let expression: RowExpression
    /// The definition as written.
    package let source: String

    /// Parses `NAME=EXPR`. Errors are ``TabularError/expressionSyntax(expression:position:message:)``.
    package init(parsing text: String) throws {
        let chars = Array(text)
        func fail(_ position: Int, _ message: String) -> TabularError {
            .expressionSyntax(expression: text, position: position, message: message)
        }
        guard text.count <= RowExpression.maximumLength else {
            throw fail(RowExpression.maximumLength, "the definition is longer than \(RowExpression.maximumLength) characters")
        }
        var split: Int?
        var quote: Character?
        for (i, c) in chars.enumerated() {
            if let q = quote { if c == q { quote = nil }; continue }
            if c == "`" || c == "\"" || c == "'" { quote = c; continue }
            guard c == "=" else { continue }
            let before: Character? = i > 0 ? chars[i - 1] : nil, after: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            if after == "=" || before == "=" || before == "<" || before == ">" || before == "!" { continue }
            split = i
            break
        }
        guard let split else { throw fail(0, "expected NAME=EXPR, e.g. high = score_text != \"Low\"") }
        var nameText = String(chars[..<split]).trimmingWhitespace()
        if nameText.count >= 2, nameText.first == "`", nameText.last == "`" {
            nameText = String(nameText.dropFirst().dropLast())
        } else if !FormulaExpression.isSyntacticName(nameText) || nameText.isEmpty {
            throw fail(0, nameText.isEmpty ? "the new column needs a name before '='" : "'\(nameText)' is not a plain name (letters, digits, '_', '.'); back-quote it: `\(nameText)`")
        }
        guard !nameText.isEmpty, !nameText.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw fail(0, "the new column needs a name without control characters before '='")
        }
        let expressionText = String(chars[(split + 1)...])
        do {
            expression = try RowExpression(parsing: expressionText)
        } catch let TabularError.expressionSyntax(_, position, message) {
            throw fail(split + 1 + position, message)
        }
        name = nameText
        source = text
    }
}

extension String {
    /// The text without leading and trailing whitespace (Foundation-free).
    fileprivate func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
