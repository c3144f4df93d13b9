import Foundation

/// Evaluation of a ``RowExpression`` over every row of a table.
///
/// Numbers are IEEE 754 doubles with `NaN` as the missing value; comparisons, `and`, `or`, `not` and
/// `in` give 1 (true), 0 (false) or missing. Logic is R's three-valued logic: `0 and NA` is 0, `1 or NA`
/// is 1, any other operation on a missing value is missing. A categorical column can be compared with
/// a quoted string (`==`, `!=`, `in`) or with another categorical column (`==`, `!=`); its missing
/// value is missing. Division by zero is an error rather than ±∞.
extension RowExpression {
    /// A value during evaluation.
    package enum Value {
        /// One number per row (`NaN` is missing).
        case numbers([Double])
        /// A number literal (the same for every row).
        case constant(Double)
        /// A string literal.
        case text(String)
        /// A categorical column, with its name for messages.
        case categorical(String, CategoricalColumn)
    }

    /// Evaluates the expression over `table`'s rows. `context` names the expression in messages
    /// ("the filter 'x > 1'", "the derived column 'y'").
    package func evaluate(on table: Table, context: String) throws -> Value {
        try Evaluation(table: table, context: context).value(tree)
    }
}

/// One evaluation pass: the table, and how messages name the expression.
private struct Evaluation {
    typealias Value = RowExpression.Value
    let table: Table
    let context: String

    func fail(_ message: String) -> TabularError { .expression("in \(context): \(message)") }

    func value(_ e: FormulaExpression) throws -> Value {
        switch e {
        case .number(let v): return .constant(v)
        case .string(let s): return .text(s)
        case .paren(let inner): return try value(inner)
        case .column(let name):
            guard let i = table.index(ofColumn: name) else {
                throw fail(TabularError.unknownColumn(name, available: table.columnNames).description)
            }
            switch table.columns[i] {
            case .numeric(let values): return .numbers(values)
            case .categorical(let c): return .categorical(name, c)
            }
        case .unary(let op, let operand):
            let v = try numeric(try value(operand), op == "!" ? "'not'" : "'\(op)'")
            switch op {
            case "-": return map(v) { -$0 }
            case "!": return map(v) { $0.isNaN ? .nan : ($0 == 0 ? 1 : 0) }
            default: return v
            }
        case .call("is_missing", let args):
            switch try value(args[0]) {
            case .numbers(let values): return .numbers(values.map { $0.isNaN ? 1 : 0 })
            case .categorical(_, let c): return .numbers(c.codes.map { $0 < 0 ? 1 : 0 })
            case .constant(let v): return .constant(v.isNaN ? 1 : 0)
            case .text: return .constant(0)
            }
        case .call("in", let args):
            return try membership(try value(args[0]), Array(args.dropFirst()))
        case .call(let name, let args):
            let v = try numeric(try value(args[0]), "\(name)()")
            return name == "I" ? v : map(v, FormulaExpression.numericFunction(name))
        case .binary(let op, let lhs, let rhs):
            return try binary(op, try value(lhs), try value(rhs), e)
        }
    }

    func binary(_ op: String, _ a: Value, _ b: Value, _ e: FormulaExpression) throws -> Value {
        if op == "==" || op == "!=", let result = try compareText(a, b, equal: op == "==") { return result }
        if FormulaParser.comparisons.contains(op), isText(a) || isText(b) { throw fail(typeMismatch(a, b)) }
        let x = try numeric(a, "'\(op)'"), y = try numeric(b, "'\(op)'")
        switch op {
        case "+": return zip(x, y) { $0 + $1 }
        case "-": return zip(x, y) { $0 - $1 }
        case "*": return zip(x, y) { $0 * $1 }
        case "/":
            try checkDivisor(x, y, e)
            return zip(x, y) { $0 / $1 }
        case "^": return zip(x, y) { b, p in p == 2 ? b * b : Foundation.pow(b, p) }
        case "==": return compare(x, y) { $0 == $1 }
        case "!=": return compare(x, y) { $0 != $1 }
        case "<": return compare(x, y) { $0 < $1 }
        case "<=": return compare(x, y) { $0 <= $1 }
        case ">": return compare(x, y) { $0 > $1 }
        case ">=": return compare(x, y) { $0 >= $1 }
        // Three-valued logic: a definite false (and) or true (or) decides even when the other side is missing.
        case "&": return zip(x, y) { p, q in p == 0 || q == 0 ? 0 : (p.isNaN || q.isNaN ? .nan : 1) }
        case "|": return zip(x, y) { p, q in (!p.isNaN && p != 0) || (!q.isNaN && q != 0) ? 1 : (p.isNaN || q.isNaN ? .nan : 0) }
        default: throw fail("unknown operator '\(op)'")
        }
    }

    /// Refuses a division by zero (of a non-missing value), which would make ±∞ or NaN out of data.
    func checkDivisor(_ x: Value, _ y: Value, _ e: FormulaExpression) throws {
        let rows = table.rowCount
        func at(_ v: Value, _ i: Int) -> Double {
            if case .numbers(let a) = v { return a[i] }
            if case .constant(let c) = v { return c }
            return .nan
        }
        if case .constant(let c) = y, c != 0 { return }
        for i in 0..<max(rows, 1) where at(y, i) == 0 && !at(x, i).isNaN {
            throw fail("division by zero in '\(e.deparsed)'" + (rows > 0 && !isConstant(y) ? " at data row \(i + 1)" : "") + "; exclude those rows or add a guard, e.g. a filter on the divisor")
        }
    }

    func isConstant(_ v: Value) -> Bool { if case .constant = v { true } else { false } }

    func isText(_ v: Value) -> Bool {
        switch v {
        case .text, .categorical: true
        case .numbers, .constant: false
        }
    }

    /// `==`/`!=` with text on either side (a categorical column or a string), or nil for two numbers.
    func compareText(_ a: Value, _ b: Value, equal: Bool) throws -> Value? {
        let yes: Double = equal ? 1 : 0, no: Double = equal ? 0 : 1
        switch (a, b) {
        case let (.categorical(_, c), .text(t)), let (.text(t), .categorical(_, c)):
            let target = c.levels.firstIndex(of: t).map(Int32.init) ?? -2
            return .numbers(c.codes.map { $0 < 0 ? .nan : ($0 == target ? yes : no) })
        case let (.categorical(_, c), .categorical(_, d)):
            // Levels of the two columns differ: compare through the text of each level.
            let index = Dictionary(uniqueKeysWithValues: d.levels.enumerated().map { ($1, Int32($0)) })
            let mapped = c.levels.map { index[$0] ?? -2 }
            return .numbers(Swift.zip(c.codes, d.codes).map { p, q in p < 0 || q < 0 ? .nan : (mapped[Int(p)] == q ? yes : no) })
        case let (.text(s), .text(t)):
            return .constant(s == t ? yes : no)
        case (.categorical, _), (_, .categorical), (.text, _), (_, .text):
            throw fail(typeMismatch(a, b))
        default:
            return nil
        }
    }

    /// `x in (v1, v2, …)`: strings for a categorical `x`, numbers for a numeric one.
    func membership(_ x: Value, _ items: [FormulaExpression]) throws -> Value {
        switch x {
        case .categorical(let name, let c):
            var wanted = Set<String>()
            for item in items {
                guard case .string(let s) = item else {
                    throw fail("type mismatch: the categorical (text) column '\(name)' is compared with the number \(item.deparsed) in 'in (…)'; quote the values")
                }
                wanted.insert(s)
            }
            let inSet = c.levels.map { wanted.contains($0) }
            return .numbers(c.codes.map { $0 < 0 ? .nan : (inSet[Int($0)] ? 1 : 0) })
        case .text(let s):
            return .constant(items.contains(.string(s)) ? 1 : 0)
        case .numbers, .constant:
            var wanted = Set<Double>()
            for item in items {
                guard case .number(let v) = item else {
                    throw fail("type mismatch: a number is compared with the text \(item.deparsed) in 'in (…)'; compare text with a categorical column")
                }
                wanted.insert(v)
            }
            return map(x) { $0.isNaN ? .nan : (wanted.contains($0) ? 1 : 0) }
        }
    }

    func typeMismatch(_ a: Value, _ b: Value) -> String {
        "type mismatch: \(describe(a)) cannot be compared with \(describe(b)); text is compared with == or != against text, numbers against numbers"
    }

    func describe(_ v: Value) -> String {
        switch v {
        case .categorical(let name, _): "the categorical (text) column '\(name)'"
        case .text(let s): "the text \"\(s)\""
        case .constant(let c): "the number \(FormulaExpression.formatNumber(c))"
        case .numbers: "a number"
        }
    }

    /// `v` as numbers, or a type-mismatch error naming the text and the operation.
    func numeric(_ v: Value, _ operation: String) throws -> Value {
        switch v {
        case .numbers, .constant: return v
        case .text(let s):
            throw fail("type mismatch: the text \"\(s)\" cannot be used with \(operation); text can only be compared with a categorical column using ==, != or in")
        case .categorical(let name, _):
            throw fail("type mismatch: column '\(name)' holds text (it is categorical) and cannot be used with \(operation); compare it with a quoted level instead, e.g. \(FormulaExpression.quotedName(name)) == \"level\"")
        }
    }

    func map(_ v: Value, _ f: (Double) -> Double) -> Value {
        switch v {
        case .constant(let c): .constant(f(c))
        case .numbers(let a): .numbers(a.map(f))
        default: v
        }
    }

    func compare(_ x: Value, _ y: Value, _ f: @escaping (Double, Double) -> Bool) -> Value {
        zip(x, y) { p, q in p.isNaN || q.isNaN ? .nan : (f(p, q) ? 1 : 0) }
    }

    func zip(_ a: Value, _ b: Value, _ f: (Double, Double) -> Double) -> Value {
        switch (a, b) {
        case let (.constant(x), .constant(y)): return .constant(f(x, y))
        case let (.numbers(x), .constant(y)): return .numbers(x.map { f($0, y) })
        case let (.constant(x), .numbers(y)): return .numbers(y.map { f(x, $0) })
        case let (.numbers(x), .numbers(y)):
            return .numbers(.pairwise(x, y, f))
        default: return a
        }
    }
}
