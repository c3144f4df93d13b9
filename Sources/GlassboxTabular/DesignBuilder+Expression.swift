import Foundation

/// Vectorised evaluation of ``FormulaExpression`` over the kept rows of a table.
///
/// Arithmetic follows IEEE 754 as R does; comparisons, `&`, `|` and `!` give 1 or 0 (any non-zero
/// number is true, as in R). A categorical column may only be compared with a string literal
/// (`party == "DEM"`, `party != "DEM"`).
extension DesignBuilder {
    enum Value {
        case scalar(Double)
        case vector([Double])
        case text(String)
        case categorical(column: String, levels: [String], codes: [Int32])
    }

    struct ExpressionContext {
        let table: Table
        let selection: RowSelection
        /// While fitting, comparing a categorical column with a string that is not one of its
        /// levels is an error (it is almost always a typo); when applying, it is simply false.
        let strictLevels: Bool
        /// The whole factor's text, for messages.
        let factorName: String
    }

    static func evaluate(_ e: FormulaExpression, _ ctx: ExpressionContext) throws -> Value {
        switch e {
        case .number(let v): return .scalar(v)
        case .string(let s): return .text(s)
        case .paren(let inner): return try evaluate(inner, ctx)
        case .column(let name):
            switch try ctx.table.column(named: name) {
            case .numeric(let values): return .vector(ctx.selection.gather(values))
            case .categorical(let c): return .categorical(column: name, levels: c.levels, codes: ctx.selection.gather(c.codes))
            }
        case .unary(let op, let operand):
            let v = try numeric(try evaluate(operand, ctx), ctx, context: op)
            switch op {
            case "-": return map(v) { -$0 }
            case "!": return map(v) { $0 == 0 ? 1 : 0 }
            default: return v
            }
        case .call(let name, let args):
            let v = try numeric(try evaluate(args[0], ctx), ctx, context: "\(name)()")
            return name == "I" ? v : map(v, FormulaExpression.numericFunction(name))
        case .binary(let op, let lhs, let rhs):
            let a = try evaluate(lhs, ctx), b = try evaluate(rhs, ctx)
            if op == "==" || op == "!=" {
                if let result = try compareCategorical(a, b, equal: op == "==", ctx) { return result }
            }
            let x = try numeric(a, ctx, context: "'\(op)'"), y = try numeric(b, ctx, context: "'\(op)'")
            switch op {
            case "+": return zip(x, y) { $0 + $1 }
            case "-": return zip(x, y) { $0 - $1 }
            case "*": return zip(x, y) { $0 * $1 }
            case "/": return zip(x, y) { $0 / $1 }
            case "^": return zip(x, y) { b, e in e == 2 ? b * b : Foundation.pow(b, e) }
            case "==": return zip(x, y) { $0 == $1 ? 1 : 0 }
            case "!=": return zip(x, y) { $0 != $1 ? 1 : 0 }
            case "<": return zip(x, y) { $0 < $1 ? 1 : 0 }
            case "<=": return zip(x, y) { $0 <= $1 ? 1 : 0 }
            case ">": return zip(x, y) { $0 > $1 ? 1 : 0 }
            case ">=": return zip(x, y) { $0 >= $1 ? 1 : 0 }
            case "&": return zip(x, y) { $0 != 0 && $1 != 0 ? 1 : 0 }
            case "|": return zip(x, y) { $0 != 0 || $1 != 0 ? 1 : 0 }
            default: throw TabularError.formula("unknown operator '\(op)' in '\(ctx.factorName)'")
            }
        }
    }

    /// `column == "level"` (either side), or nil when neither side is categorical.
    private static func compareCategorical(_ a: Value, _ b: Value, equal: Bool, _ ctx: ExpressionContext) throws -> Value? {
        let column: String, levels: [String], codes: [Int32], text: String
        switch (a, b) {
        case let (.categorical(c, l, k), .text(t)), let (.text(t), .categorical(c, l, k)):
            (column, levels, codes, text) = (c, l, k, t)
        case (.categorical(let c, _, _), _), (_, .categorical(let c, _, _)):
            throw TabularError.formula("in '\(ctx.factorName)': the categorical column '\(c)' can only be compared with a quoted level, e.g. \(c) == \"level\"")
        default:
            return nil
        }
        let target: Int32
        if let i = levels.firstIndex(of: text) {
            target = Int32(i)
        } else if ctx.strictLevels {
            let shown = levels.prefix(20).map { "'\($0)'" }.joined(separator: ", ")
            throw TabularError.formula("in '\(ctx.factorName)': '\(text)' is not a level of '\(column)'; levels are: \(shown)")
        } else {
            target = -2  // matches no row
        }
        let yes: Double = equal ? 1 : 0, no: Double = equal ? 0 : 1
        return .vector(codes.map { $0 == target ? yes : no })
    }

    private static func numeric(_ v: Value, _ ctx: ExpressionContext, context: String) throws -> Value {
        switch v {
        case .scalar, .vector: return v
        case .text(let s):
            throw TabularError.formula("in '\(ctx.factorName)': the string \"\(s)\" can only be compared with a categorical column using == or !=")
        case .categorical(let column, _, _):
            if case .categorical(let c)? = try? ctx.table.column(named: column), let text = NumericText(c) {
                throw TabularError.formula("in '\(ctx.factorName)': column '\(column)' looks numeric but holds text: \(text.summary), so it is categorical and cannot be used with \(context); fix or remove it, or list it as a missing-value token (\(parameter: .missingTokens))")
            }
            throw TabularError.formula("in '\(ctx.factorName)': column '\(column)' is categorical and cannot be used with \(context); compare it with a level instead, e.g. I(\(FormulaExpression.quotedName(column)) == \"level\")")
        }
    }

    @inline(__always)
    private static func map(_ v: Value, _ f: (Double) -> Double) -> Value {
        switch v {
        case .scalar(let s): return .scalar(f(s))
        case .vector(let a): return .vector(a.map(f))
        default: return v
        }
    }

    @inline(__always)
    private static func zip(_ a: Value, _ b: Value, _ f: (Double, Double) -> Double) -> Value {
        switch (a, b) {
        case let (.scalar(x), .scalar(y)): return .scalar(f(x, y))
        case let (.vector(x), .scalar(y)): return .vector(x.map { f($0, y) })
        case let (.scalar(x), .vector(y)): return .vector(y.map { f(x, $0) })
        case let (.vector(x), .vector(y)):
            return .vector(.pairwise(x, y, f))
        default: return a
        }
    }
}
