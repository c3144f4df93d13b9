import Foundation

/// An arithmetic expression inside `I(…)`, `log(…)`, `exp(…)`, `sqrt(…)` and friends.
///
/// The tree keeps the user's parentheses (as R's parser does), so ``deparsed`` prints the
/// expression the way R's `deparse()` would: spaces around `+ - * == != < <= > >= & |`, none
/// around `/` and `^`, and `**` written as `^`. That text is the design-column name and the
/// identity of the factor (`I(age ^ 2)` and `I(age^2)` are the same factor, named `I(age^2)`).
package indirect enum FormulaExpression: Sendable, Hashable {
    /// A table column.
    case column(String)
    /// A numeric literal.
    case number(Double)
    /// A string literal (only meaningful compared with a categorical column).
    case string(String)
    /// A prefix operator: `-`, `+` or `!`.
    case unary(String, FormulaExpression)
    /// An infix operator: `+ - * / ^ == != < <= > >= & |`.
    case binary(String, FormulaExpression, FormulaExpression)
    /// A function call: `I`, `log`, `log2`, `log10`, `exp`, `sqrt`, `abs`.
    case call(String, [FormulaExpression])
    /// Parentheses written by the user.
    case paren(FormulaExpression)

    /// Functions usable in expressions and as bare terms, each mapping a number to a number.
    package static let functions: [String] = ["I", "log", "log2", "log10", "exp", "sqrt", "abs"]

    /// The number-to-number function a call of `name` (one of ``functions``) applies; `I` is the identity.
    package static func numericFunction(_ name: String) -> (Double) -> Double {
        switch name {
        case "log": { Foundation.log($0) }
        case "log2": { Foundation.log2($0) }
        case "log10": { Foundation.log10($0) }
        case "exp": { Foundation.exp($0) }
        case "sqrt": { $0.squareRoot() }
        case "abs": { Swift.abs($0) }
        default: { $0 }  // I()
        }
    }

    /// The expression printed as R's `deparse()` prints it.
    package var deparsed: String {
        switch self {
        case .column(let name): return FormulaExpression.quotedName(name)
        case .number(let value): return FormulaExpression.formatNumber(value)
        case .string(let text):
            var escaped = ""
            for ch in text {
                if ch == "\"" || ch == "\\" { escaped.append("\\") }
                escaped.append(ch)
            }
            return "\"\(escaped)\""
        case .unary(let op, let operand): return op + operand.deparsed
        case .binary(let op, let lhs, let rhs):
            if op == "/" || op == "^" { return lhs.deparsed + op + rhs.deparsed }
            return lhs.deparsed + " " + op + " " + rhs.deparsed
        case .call(let name, let args): return name + "(" + args.map(\.deparsed).joined(separator: ", ") + ")"
        case .paren(let inner): return "(" + inner.deparsed + ")"
        }
    }

    /// Table columns read by the expression, in first-use order.
    package var columns: [String] {
        var out = [String]()
        collectColumns(into: &out)
        return out
    }

    func collectColumns(into out: inout [String]) {
        switch self {
        case .column(let name): if !out.contains(name) { out.append(name) }
        case .number, .string: break
        case .unary(_, let operand): operand.collectColumns(into: &out)
        case .binary(_, let lhs, let rhs):
            lhs.collectColumns(into: &out)
            rhs.collectColumns(into: &out)
        case .call(_, let args): for a in args { a.collectColumns(into: &out) }
        case .paren(let inner): inner.collectColumns(into: &out)
        }
    }

    /// A column name as R prints it inside an expression: bare when it is a syntactic name,
    /// back-quoted otherwise.
    static func quotedName(_ name: String) -> String {
        isSyntacticName(name) ? name : "`" + name.replacingBackquotes() + "`"
    }

    /// Whether `name` is an identifier the formula tokenizer reads without quoting.
    static func isSyntacticName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first else { return false }
        guard first.properties.isAlphabetic || first == "_" || first == "." else { return false }
        if first == ".", let second = name.unicodeScalars.dropFirst().first, ("0"..."9").contains(second) { return false }
        if name == "I" || name == "C" || name == "Q" { return true }
        return name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "." }
    }

    /// Formats a number as R prints it in names and factor levels: integral values without a
    /// decimal point (`2`, not `2.0`), others in the shortest form that round-trips (`2.5`).
    /// Unlike R, integral values below 10¹⁵ are never switched to exponent form (`100000`, not `1e+05`).
    package static func formatNumber(_ value: Double) -> String {
        if value.isFinite && value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "Inf" }
        return "\(value)"
    }
}

extension String {
    fileprivate func replacingBackquotes() -> String {
        var out = ""
        for ch in self {
            if ch == "`" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
