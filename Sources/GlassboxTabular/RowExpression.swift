import Foundation

/// A parsed row expression: the condition of a row filter or the definition of a derived column.
///
/// The language is the formula expression language (what `I(…)` accepts: arithmetic `+ - * / ^`,
/// comparisons `== != < <= > >=`, `&`, `|`, `!`, `abs()`, `log()`, `exp()`, `sqrt()`…, string literals
/// compared with categorical columns) plus the keywords `and`, `or`, `not`, `x in ("a", "b")`,
/// `x not in (…)` and the function `is_missing(x)`. Precedence, loosest first: `or`/`|`, `and`/`&`,
/// `not`, comparisons and `in`, `+ -`, `* /`, prefix `- + !`, `^`.
///
/// Missing values follow R: an operation on a missing value is missing, except that `false and NA`
/// is false, `true or NA` is true, and `is_missing(x)` is never missing.
package struct RowExpression: Sendable, Equatable {
    /// The text as written.
    package let source: String
    /// The parsed tree.
    package let tree: FormulaExpression

    /// The longest expression text accepted, in characters (the parse is linear, but the text is
    /// repeated in messages and manifests).
    package static let maximumLength = 10_000
    /// The most values an `in (…)` list may hold.
    package static let maximumListLength = 10_000
    /// Functions only row expressions know (besides ``FormulaExpression/functions``).
    package static let functions = ["is_missing"]

    /// Parses `text`. Errors are ``TabularError/expressionSyntax(expression:position:message:)`` with
    /// the 0-based character offset of the problem. The tree is at most ``Formula/maximumNestingDepth``
    /// deep, so every walk over it is bounded.
    package init(parsing text: String) throws {
        guard text.count <= RowExpression.maximumLength else {
            throw TabularError.expressionSyntax(expression: String(text.prefix(80)) + "…", position: RowExpression.maximumLength,
                                                message: "the expression is longer than \(RowExpression.maximumLength) characters")
        }
        do {
            var parser = try FormulaParser(text: text)
            parser.rowExpressionKeywords = true
            if parser.current.kind == .end {
                throw TabularError.formulaSyntax(formula: text, position: 0, message: "the expression is empty")
            }
            tree = try parser.parseExpression()
            if parser.current.kind != .end {
                let token = parser.current
                if token.kind == .op("=") {
                    throw parser.fail(token.position, "'=' is not a comparison; use '=='")
                }
                throw parser.fail(token.position, token.kind == .rightParen ? "unmatched ')'" : "unexpected \(token.display); expected an operator such as 'and' before it")
            }
        } catch let TabularError.formulaSyntax(_, position, message) {
            throw TabularError.expressionSyntax(expression: text, position: position,
                                                message: message.replacingFormulaWording())
        }
        source = text
    }

    /// Table columns the expression reads, in first-use order.
    package var columns: [String] { tree.columns }
}

extension String {
    /// Parser messages written for formulas, reworded for a row expression.
    fileprivate func replacingFormulaWording() -> String {
        replacingOccurrences(of: "the end of the formula", with: "the end of the expression")
            .replacingOccurrences(of: "the formula is nested", with: "the expression is nested")
    }
}
