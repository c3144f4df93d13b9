/// The parts of the expression grammar only row expressions have (``RowExpression``):
/// `x in ("a", "b")` and `x not in (…)`, at the level of the comparisons.
extension FormulaParser {
    /// `lhs in (literal, …)` or `lhs not in (literal, …)` when the current token starts one, else nil.
    /// The literals are strings or (signed) numbers; the result is `.call("in", [lhs] + literals)`,
    /// wrapped in `!` for `not in`.
    mutating func parseMembership(_ lhs: FormulaExpression) throws -> FormulaExpression? {
        var negated = false
        switch current.kind {
        case .name("in"): break
        case .name("not") where index + 1 < tokens.count && tokens[index + 1].kind == .name("in"):
            negated = true
            advance()
        default: return nil
        }
        let p = current.position
        let depth = lastDepth
        advance()
        guard current.kind == .leftParen else {
            throw fail(current.position, "expected '(' after 'in', e.g. x in (\"a\", \"b\")")
        }
        advance()
        var items = [FormulaExpression]()
        while true {
            items.append(try parseMembershipLiteral())
            if items.count > RowExpression.maximumListLength {
                throw fail(current.position, "more than \(RowExpression.maximumListLength) values after 'in'")
            }
            if current.kind == .comma { advance(); continue }
            guard current.kind == .rightParen else {
                throw fail(current.position, "expected ',' or ')' in the list after 'in', found \(current.display)")
            }
            advance()
            break
        }
        lastDepth = try deeper(depth, 1, at: p)
        let membership = FormulaExpression.call("in", [lhs] + items)
        if case .op(let o) = current.kind, FormulaParser.comparisons.contains(o) {
            throw fail(current.position, "comparisons cannot be chained; use parentheses or 'and'")
        }
        return negated ? .unary("!", membership) : membership
    }

    /// One value of an `in` list: a quoted string or a number with an optional sign.
    mutating func parseMembershipLiteral() throws -> FormulaExpression {
        var sign = 1.0
        if case .op(let o) = current.kind, o == "-" || o == "+" {
            sign = o == "-" ? -1 : 1
            advance()
            guard case .number = current.kind else {
                throw fail(current.position, "expected a number after '\(o)' in the list after 'in'")
            }
        }
        switch current.kind {
        case .string(let s):
            advance()
            return .string(s)
        case .number(let v, _):
            advance()
            return .number(sign * v)
        default:
            throw fail(current.position, "the list after 'in' holds quoted strings or numbers, found \(current.display)")
        }
    }
}
