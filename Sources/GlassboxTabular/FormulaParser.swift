/// Recursive-descent parser for R/patsy formulas.
///
/// Grammar (loosest first), following patsy's operator precedences:
/// ```
/// formula := [response] '~' sum
/// sum     := product (('+' | '-') product)*
/// product := inter (('*' | '/') inter)*
/// inter   := power (':' power)*
/// power   := signed (('**' | '^') INTEGER)?
/// signed  := ('-' | '+') signed | atom
/// atom    := NUMBER | NAME | `NAME` | Q("…") | C(…) | I(expr) | log(expr) | … | '(' sum ')'
/// ```
/// Inside `I()` and the functions, `expr` is an arithmetic expression (R precedence):
/// `|` < `&` < comparisons < `+ -` < `* /` < unary `- + !` < `^` (right-associative).
struct FormulaParser {
    /// A formula-level node before term expansion.
    indirect enum Node {
        case factor(FormulaFactor, position: Int)
        case number(Double, text: String, position: Int)
        case binary(String, Node, Node, position: Int)
        case unary(String, Node, position: Int)

        var position: Int {
            switch self {
            case .factor(_, let p), .number(_, _, let p), .binary(_, _, _, let p), .unary(_, _, let p): p
            }
        }
    }

    let text: String
    let tokens: [FormulaToken]
    var index = 0
    /// Columns in first-use order (including ones later removed by `-`).
    var columnOrder: [String] = []
    /// The same names as a set, so that noting a column is O(1).
    var columnSet: Set<String> = []
    /// Whether `and`, `or`, `not`, `in` and `is_missing()` are part of the language: true for row
    /// filters and derived columns (``RowExpression``), false for formulas, where they stay column names.
    var rowExpressionKeywords = false
    /// How many parentheses, calls and prefix signs enclose the current token (the parser's own
    /// recursion), at most ``Formula/maximumGroupingDepth``.
    var nesting = 0
    /// Depth of the tree returned by the last `parse…` call (every node counts, parentheses too),
    /// at most ``Formula/maximumNestingDepth``: every recursive walk over a parsed formula (term
    /// expansion, evaluation, printing, hashing, freeing) is then bounded.
    var lastDepth = 0

    init(text: String) throws {
        self.text = text
        tokens = try FormulaTokenizer.tokenize(text)
    }

    var current: FormulaToken { tokens[index] }

    func fail(_ position: Int, _ message: String) -> TabularError {
        .formulaSyntax(formula: text, position: position, message: message)
    }

    mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    func isOp(_ op: String) -> Bool { current.kind == .op(op) }

    mutating func noteColumns(_ names: [String]) {
        for n in names where columnSet.insert(n).inserted { columnOrder.append(n) }
    }

    /// The error for a formula nested deeper than ``Formula/maximumNestingDepth``.
    func tooDeep(_ position: Int) -> TabularError {
        fail(position, "the formula is nested too deeply: more than \(Formula.maximumNestingDepth) levels of parentheses, function calls, signs or chained operators; simplify it")
    }

    /// Enters one level of parentheses, a call or a prefix sign (paired with ``leave()``).
    mutating func enter(_ position: Int) throws {
        nesting += 1
        if nesting > Formula.maximumGroupingDepth {
            throw fail(position, "the formula is nested too deeply: more than \(Formula.maximumGroupingDepth) parentheses, function calls, signs or powers inside one another; simplify it")
        }
    }

    mutating func leave() { nesting -= 1 }

    /// The depth of a node whose deepest child has depth `max(a, b)`, checked against the limit.
    func deeper(_ a: Int, _ b: Int, at position: Int) throws -> Int {
        let d = max(a, b) + 1
        if d > Formula.maximumNestingDepth { throw tooDeep(position) }
        return d
    }

    // MARK: formula level

    /// Parses the whole formula into (response node, right-hand node, position of '~').
    mutating func parseFormula() throws -> (lhs: Node?, rhs: Node, tilde: Int) {
        guard let tildeIndex = tokens.firstIndex(where: { $0.kind == .op("~") }) else {
            throw fail(0, "missing '~': write 'y ~ a + b', or '~ a + b' for a formula without a response")
        }
        if let second = tokens[(tildeIndex + 1)...].first(where: { $0.kind == .op("~") }) {
            throw fail(second.position, "more than one '~'")
        }
        var lhs: Node?
        if tildeIndex > 0 {
            lhs = try parseSum(after: nil)
            guard current.kind == .op("~") else {
                throw fail(current.position, "unexpected \(current.display) in the response; expected '~'")
            }
        }
        let tilde = current.position
        advance()
        if current.kind == .end { throw fail(current.position, "empty right-hand side after '~'") }
        let rhs = try parseSum(after: "~")
        if current.kind != .end {
            if current.kind == .rightParen { throw fail(current.position, "unmatched ')'") }
            throw fail(current.position, "unexpected \(current.display); expected an operator such as '+' before it")
        }
        return (lhs, rhs, tilde)
    }

    /// Whether the current token cannot start a term (so the operator before it has no operand).
    var atTermEnd: Bool {
        switch current.kind {
        case .end, .rightParen, .comma: true
        case .op(let o): o != "-" && o != "+"
        default: false
        }
    }

    mutating func requireOperand(after op: String?) throws {
        if atTermEnd {
            if let op { throw fail(current.position, "empty term after '\(op)'") }
            throw fail(current.position, "expected a term, found \(current.display)")
        }
    }

    mutating func parseSum(after op: String?) throws -> Node {
        try requireOperand(after: op)
        return try parseTerms(["+", "-"]) { try $0.parseProduct() }
    }

    mutating func parseProduct() throws -> Node {
        try parseTerms(["*", "/"]) { try $0.parseInteraction() }
    }

    mutating func parseInteraction() throws -> Node {
        try parseTerms([":"]) { try $0.parsePower() }
    }

    /// `operand (op operand)*` at the formula level for the operators `ops`, grouped to the left; every
    /// operator needs a term after it.
    mutating func parseTerms(_ ops: Set<String>, _ operand: (inout FormulaParser) throws -> Node) throws -> Node {
        var node = try operand(&self)
        var depth = lastDepth
        while case .op(let o) = current.kind, ops.contains(o) {
            let p = current.position
            advance()
            try requireOperand(after: o)
            node = .binary(o, node, try operand(&self), position: p)
            depth = try deeper(depth, lastDepth, at: p)
        }
        lastDepth = depth
        return node
    }

    mutating func parsePower() throws -> Node {
        let node = try parseSigned()
        if case .op(let o) = current.kind, o == "**" || o == "^" {
            let p = current.position
            advance()
            guard case .number(let n, let literal) = current.kind, n >= 1, n == n.rounded() else {
                throw fail(current.position, "'\(o)' in a formula needs a positive whole number (interaction order); for arithmetic write I(x\(o)2)")
            }
            advance()
            lastDepth = try deeper(lastDepth, 1, at: p)
            return .binary("**", node, .number(n, text: literal, position: p), position: p)
        }
        return node
    }

    mutating func parseSigned() throws -> Node {
        if case .op(let o) = current.kind, o == "-" || o == "+" {
            let p = current.position
            advance()
            try requireOperand(after: o)
            try enter(p)
            defer { leave() }
            let operand = try parseSigned()
            lastDepth = try deeper(lastDepth, 0, at: p)
            return .unary(o, operand, position: p)
        }
        return try parseAtom()
    }

    mutating func parseAtom() throws -> Node {
        let token = current
        switch token.kind {
        case .number(let value, let literal):
            advance()
            lastDepth = 1
            return .number(value, text: literal, position: token.position)
        case .quotedName(let name):
            advance()
            noteColumns([name])
            lastDepth = 1
            return .factor(.column(name), position: token.position)
        case .name(let name):
            advance()
            if current.kind == .leftParen {
                lastDepth = 1
                return .factor(try parseCall(name, at: token.position), position: token.position)
            }
            noteColumns([name])
            lastDepth = 1
            return .factor(.column(name), position: token.position)
        case .leftParen:
            try enter(token.position)
            defer { leave() }
            advance()
            let inner = try parseSum(after: "(")
            guard current.kind == .rightParen else {
                throw fail(current.position, "expected ')' to close '(' opened at character \(token.position + 1)")
            }
            advance()
            lastDepth = try deeper(lastDepth, 0, at: token.position)
            return inner
        case .string:
            throw fail(token.position, "a string literal cannot be a term; compare it with a column inside I(), e.g. I(party == \"DEM\")")
        default:
            throw fail(token.position, "expected a term, found \(token.display)")
        }
    }

    /// A function call used as a term: `C(…)`, `Q(…)`, or a numeric transform. The current token is '('.
    mutating func parseCall(_ name: String, at position: Int) throws -> FormulaFactor {
        switch name {
        case "C": return try parseC(at: position)
        case "Q":
            let column = try parseQ(at: position)
            noteColumns([column])
            return .column(column)
        default:
            let expression = try parseFunctionCall(name, at: position)
            noteColumns(expression.columns)
            return .transform(expression)
        }
    }

    /// `Q("name")`: a column named by a string. The current token is '('.
    mutating func parseQ(at position: Int) throws -> String {
        advance()
        guard case .string(let column) = current.kind else {
            throw fail(current.position, "Q() takes a quoted column name, e.g. Q(\"odd name\")")
        }
        advance()
        guard current.kind == .rightParen else { throw fail(current.position, "expected ')' to close 'Q('") }
        advance()
        return column
    }

    /// `C(col)`, `C(col, ref="x")`, `C(col, ref=2)`, `C(col, Treatment("x"))`, `C(col, Treatment(reference="x"))`.
    mutating func parseC(at position: Int) throws -> FormulaFactor {
        advance()
        let column: String
        switch current.kind {
        case .name(let n):
            advance()
            if current.kind == .leftParen {
                guard n == "Q" else { throw fail(current.position, "C() takes a column name, not a call to '\(n)'") }
                column = try parseQ(at: position)
            } else {
                column = n
            }
        case .quotedName(let n):
            advance()
            column = n
        case .rightParen:
            throw fail(current.position, "C() needs a column name")
        default:
            throw fail(current.position, "C() takes a column name, found \(current.display)")
        }
        noteColumns([column])
        var reference: String?
        if current.kind == .comma {
            advance()
            reference = try parseReference()
        }
        guard current.kind == .rightParen else {
            throw fail(current.position, "expected ')' to close 'C('")
        }
        advance()
        return .categorical(column: column, reference: reference)
    }

    /// The second argument of `C()`.
    mutating func parseReference() throws -> String {
        guard case .name(let n) = current.kind else {
            throw fail(current.position, "expected ref=\"level\" or Treatment(\"level\") in C()")
        }
        let p = current.position
        advance()
        if n == "ref" || n == "reference" {
            guard isOp("=") else { throw fail(current.position, "expected '=' after '\(n)'") }
            advance()
            return try parseLevelLiteral()
        }
        if n == "Treatment" || n == "contr.treatment" {
            guard current.kind == .leftParen else { throw fail(current.position, "expected '(' after 'Treatment'") }
            advance()
            if case .name(let k) = current.kind, k == "reference" || k == "ref" {
                advance()
                guard isOp("=") else { throw fail(current.position, "expected '=' after '\(k)'") }
                advance()
            }
            let level = try parseLevelLiteral()
            guard current.kind == .rightParen else { throw fail(current.position, "expected ')' to close 'Treatment('") }
            advance()
            return level
        }
        throw fail(p, "unknown argument '\(n)' to C(); expected ref=\"level\" or Treatment(\"level\")")
    }

    mutating func parseLevelLiteral() throws -> String {
        var sign = 1.0
        if isOp("-") { sign = -1; advance() }
        switch current.kind {
        case .string(let s) where sign > 0:
            advance()
            return s
        case .number(let v, _):
            advance()
            return FormulaExpression.formatNumber(sign * v)
        case .name(let s) where sign > 0:
            throw fail(current.position, "the reference level must be quoted: ref=\"\(s)\"")
        default:
            throw fail(current.position, "expected a quoted level or a number, found \(current.display)")
        }
    }

    // MARK: expression level

    /// A numeric function call; the current token is '('.
    mutating func parseFunctionCall(_ name: String, at position: Int) throws -> FormulaExpression {
        guard FormulaExpression.functions.contains(name) || (rowExpressionKeywords && RowExpression.functions.contains(name)) else {
            if name == "C" || name == "Q" {
                throw fail(position, "'\(name)()' cannot be used inside an expression")
            }
            let known = (FormulaExpression.functions + (rowExpressionKeywords ? RowExpression.functions : ["C", "Q"])).map { "\($0)()" }.joined(separator: ", ")
            throw fail(position, "unknown function '\(name)'; known functions are \(known)")
        }
        try enter(position)
        defer { leave() }
        advance()
        if current.kind == .rightParen { throw fail(current.position, "empty expression in '\(name)('") }
        let argument = try parseExpression()
        lastDepth = try deeper(lastDepth, 0, at: position)
        if current.kind == .comma {
            throw fail(current.position, "'\(name)()' takes one argument")
        }
        guard current.kind == .rightParen else {
            throw fail(current.position, "expected ')' to close '\(name)('")
        }
        advance()
        return .call(name, [argument])
    }

    mutating func parseExpression() throws -> FormulaExpression { try parseOr() }

    mutating func parseOr() throws -> FormulaExpression {
        try parseLeftAssociative(["|"], keyword: "or") { try $0.parseAnd() }
    }

    mutating func parseAnd() throws -> FormulaExpression {
        try parseLeftAssociative(["&"], keyword: "and") { try $0.parseNot() }
    }

    /// `not x`, looser than comparisons as in Python and SQL (`not a == b` is `not (a == b)`); only in
    /// row expressions. The symbol `!` stays a tight prefix operator, as in R's formulas.
    mutating func parseNot() throws -> FormulaExpression {
        guard rowExpressionKeywords, case .name("not") = current.kind else { return try parseComparison() }
        let p = current.position
        try enter(p)
        defer { leave() }
        advance()
        let operand = try parseNot()
        lastDepth = try deeper(lastDepth, 0, at: p)
        return .unary("!", operand)
    }

    static let comparisons: Set<String> = ["==", "!=", "<", "<=", ">", ">="]

    mutating func parseComparison() throws -> FormulaExpression {
        let node = try parseAdditive()
        if rowExpressionKeywords, let membership = try parseMembership(node) { return membership }
        if case .op(let o) = current.kind, FormulaParser.comparisons.contains(o) {
            let p = current.position
            let depth = lastDepth
            advance()
            let rhs = try parseAdditive()
            lastDepth = try deeper(depth, lastDepth, at: p)
            if case .op(let o2) = current.kind, FormulaParser.comparisons.contains(o2) {
                throw fail(current.position, "comparisons cannot be chained; use parentheses or '&'")
            }
            return .binary(o, node, rhs)
        }
        if isOp("=") { throw fail(current.position, "'=' is not a comparison; use '=='") }
        return node
    }

    mutating func parseAdditive() throws -> FormulaExpression {
        try parseLeftAssociative(["+", "-"]) { try $0.parseMultiplicative() }
    }

    mutating func parseMultiplicative() throws -> FormulaExpression {
        try parseLeftAssociative(["*", "/"]) { try $0.parseUnary() }
    }

    /// `operand (op operand)*` for the operators `ops`, grouped to the left; the keyword spelling of
    /// an operator (`and`, `or`) is accepted in row expressions (``rowExpressionKeywords``).
    mutating func parseLeftAssociative(_ ops: Set<String>, keyword: String? = nil,
                                       _ operand: (inout FormulaParser) throws -> FormulaExpression) throws -> FormulaExpression {
        var node = try operand(&self)
        var depth = lastDepth
        while let op = currentOperator(ops, keyword: keyword) {
            let p = current.position
            advance()
            node = .binary(op, node, try operand(&self))
            depth = try deeper(depth, lastDepth, at: p)
        }
        lastDepth = depth
        return node
    }

    /// The current token as one of `ops` (its `keyword` spelling counts as the single operator in `ops`).
    func currentOperator(_ ops: Set<String>, keyword: String?) -> String? {
        switch current.kind {
        case .op(let o) where ops.contains(o): return o
        case .name(let n) where rowExpressionKeywords && n == keyword: return ops.first
        default: return nil
        }
    }

    mutating func parseUnary() throws -> FormulaExpression {
        if case .op(let o) = current.kind, o == "-" || o == "+" || o == "!" {
            let p = current.position
            try enter(p)
            defer { leave() }
            advance()
            let operand = try parseUnary()
            lastDepth = try deeper(lastDepth, 0, at: p)
            return .unary(o, operand)
        }
        return try parsePowerExpression()
    }

    mutating func parsePowerExpression() throws -> FormulaExpression {
        let base = try parsePrimary()
        if case .op(let o) = current.kind, o == "^" || o == "**" {
            let p = current.position
            let depth = lastDepth
            try enter(p)
            defer { leave() }
            advance()
            let exponent = try parseUnary()   // right-associative; 2^-1 allowed
            lastDepth = try deeper(depth, lastDepth, at: p)
            return .binary("^", base, exponent)
        }
        return base
    }

    mutating func parsePrimary() throws -> FormulaExpression {
        let token = current
        switch token.kind {
        case .number(let v, _):
            advance()
            lastDepth = 1
            return .number(v)
        case .string(let s):
            advance()
            lastDepth = 1
            return .string(s)
        case .quotedName(let n):
            advance()
            noteColumns([n])
            lastDepth = 1
            return .column(n)
        case .name(let n):
            advance()
            lastDepth = 1
            if current.kind == .leftParen {
                if n == "Q" {
                    let column = try parseQ(at: token.position)
                    noteColumns([column])
                    return .column(column)
                }
                return try parseFunctionCall(n, at: token.position)
            }
            noteColumns([n])
            return .column(n)
        case .leftParen:
            try enter(token.position)
            defer { leave() }
            advance()
            if current.kind == .rightParen { throw fail(current.position, "empty parentheses") }
            let inner = try parseExpression()
            lastDepth = try deeper(lastDepth, 0, at: token.position)
            guard current.kind == .rightParen else {
                throw fail(current.position, "expected ')' to close '(' opened at character \(token.position + 1)")
            }
            advance()
            return .paren(inner)
        case .end:
            throw fail(token.position, "the expression ends too early")
        case .rightParen:
            throw fail(token.position, "expected a value before ')'")
        default:
            throw fail(token.position, "expected a value, found \(token.display)")
        }
    }
}
