/// Expands a parsed formula into terms with patsy's rules (`patsy/desc.py`, the evaluator of
/// `ModelDesc.from_formula`): `a*b = a + b + a:b`, `a/b = a + a:b`, `(a + b)**2 = a + b + a:b`,
/// `-` removes terms, `0`/`-1` drop the intercept and `1`/`-0` keep it.
extension FormulaParser {
    /// patsy's `IntermediateExpr`: a list of terms plus what the expression says about the intercept.
    struct Expansion {
        var intercept = false
        var interceptRemoved = false
        var terms: [[Int]] = []
    }

    /// Factors in first-use order, shared by every term.
    struct FactorTable {
        var factors: [FormulaFactor] = []
        mutating func index(of factor: FormulaFactor) -> Int {
            if let i = factors.firstIndex(of: factor) { return i }
            factors.append(factor)
            return factors.count - 1
        }
    }

    static func sameTerm(_ a: [Int], _ b: [Int]) -> Bool { a.count == b.count && Set(a) == Set(b) }

    /// Terms in first-occurrence order without repeats (a term is a set of factors). O(n log n).
    static func unique(_ terms: [[Int]]) -> [[Int]] {
        var seen = Set<[Int]>()
        var out = [[Int]]()
        for t in terms where seen.insert(t.sorted()).inserted { out.append(t) }
        return out
    }

    /// The most terms a formula may expand to. `*` doubles the terms at each factor, so
    /// `a*b*c*…` with 25 names would be 33 million terms (patsy has no limit and runs out of memory);
    /// a model with thousands of terms is a typo, not a design. Checked after every operator.
    static let maximumTerms = 4096

    /// `terms` without repeats, or an error when there are more than ``maximumTerms``.
    func bounded(_ terms: [[Int]], at p: Int) throws -> [[Int]] {
        let distinct = FormulaParser.unique(terms)
        guard distinct.count <= FormulaParser.maximumTerms else {
            throw fail(p, "the formula expands to \(distinct.count) terms here, more than the limit of \(FormulaParser.maximumTerms) (each '*' doubles the terms: a*b*c*d is 15); write the interactions you mean with ':'")
        }
        return distinct
    }

    func isZero(_ node: Node) -> Bool { if case .number(let v, _, _) = node, v == 0 { return true } else { return false } }
    func isOne(_ node: Node) -> Bool { if case .number(let v, _, _) = node, v == 1 { return true } else { return false } }

    func expand(_ node: Node, _ table: inout FactorTable) throws -> Expansion {
        switch node {
        case .factor(let f, _):
            return Expansion(terms: [[table.index(of: f)]])
        case .number(let v, let text, let p):
            if v == 0 { return Expansion(intercept: false, interceptRemoved: true) }
            if v == 1 { return Expansion(intercept: true, interceptRemoved: false) }
            throw fail(p, "the number '\(text)' cannot be a term: only 1 (keep the intercept) or 0 (drop it); for a constant write I(\(text))")
        case .unary(let op, let operand, let p):
            if op == "+" { return try expand(operand, &table) }
            if isZero(operand) { return Expansion(intercept: true, interceptRemoved: false) }
            if isOne(operand) { return Expansion(intercept: false, interceptRemoved: true) }
            throw fail(p, "unary '-' can only be applied to 1 or 0 (to drop or keep the intercept)")
        case .binary:
            // A chain `a + b + c …` is a tree as deep as it is long (up to Formula.maximumNestingDepth):
            // walk its left spine in a loop and fold upwards, so the stack does not grow with its length.
            var spine = [(op: String, rhs: Node, p: Int)]()
            var bottom = node
            while case .binary(let op, let lhs, let rhs, let p) = bottom {
                spine.append((op, rhs, p))
                bottom = lhs
            }
            var left = try expand(bottom, &table)
            for link in spine.reversed() { left = try combine(link.op, left, link.rhs, at: link.p, &table) }
            return left
        }
    }

    /// patsy's rule for one operator, given the expanded left operand and the right operand.
    func combine(_ op: String, _ left: Expansion, _ rhs: Node, at p: Int, _ table: inout FactorTable) throws -> Expansion {
        switch op {
        case "+":
            if isZero(rhs) { return Expansion(intercept: false, interceptRemoved: true, terms: left.terms) }
            let right = try expand(rhs, &table)
            if right.intercept { return Expansion(intercept: true, interceptRemoved: false, terms: left.terms + right.terms) }
            return Expansion(intercept: left.intercept, interceptRemoved: left.interceptRemoved, terms: left.terms + right.terms)
        case "-":
            if isZero(rhs) { return Expansion(intercept: true, interceptRemoved: false, terms: left.terms) }
            if isOne(rhs) { return Expansion(intercept: false, interceptRemoved: true, terms: left.terms) }
            let right = try expand(rhs, &table)
            let kept = left.terms.filter { t in !right.terms.contains(where: { FormulaParser.sameTerm($0, t) }) }
            if right.intercept { return Expansion(intercept: false, interceptRemoved: true, terms: kept) }
            return Expansion(intercept: left.intercept, interceptRemoved: left.interceptRemoved, terms: kept)
        case ":":
            let right = try expand(rhs, &table)
            return Expansion(terms: try bounded(try interaction(left, right, at: p), at: p))
        case "*":
            let right = try expand(rhs, &table)
            return Expansion(terms: try bounded(left.terms + right.terms + (try interaction(left, right, at: p)), at: p))
        case "/":
            let right = try expand(rhs, &table)
            var all = [Int]()
            for t in left.terms { for f in t where !all.contains(f) { all.append(f) } }
            let nested = try interaction(Expansion(terms: [all]), right, at: p)
            return Expansion(terms: try bounded(left.terms + nested, at: p))
        case "**":
            guard case .number(let n, let text, _) = rhs else { throw fail(p, "'**' needs a whole number") }
            // patsy: "Power must be a positive integer". Powers beyond the number of terms add nothing.
            guard n.isFinite, n >= 1, n == n.rounded() else { throw fail(p, "'**' needs a whole number of at least 1, not \(text)") }
            var all = left.terms
            var big = left
            let power = n >= Double(left.terms.count) ? left.terms.count : Int(n)
            if power > 1 {
                for _ in 1..<power {
                    big = Expansion(terms: try bounded(try interaction(left, big, at: p), at: p))
                    all = try bounded(all + big.terms, at: p)
                }
            } else if left.intercept {
                throw fail(p, "the intercept cannot interact with other terms")
            }
            return Expansion(terms: all)
        default:
            throw fail(p, "unexpected operator '\(op)'")
        }
    }

    func interaction(_ left: Expansion, _ right: Expansion, at p: Int) throws -> [[Int]] {
        if left.intercept || right.intercept {
            throw fail(p, "the intercept (1 or 0) cannot interact with other terms")
        }
        // Every pair is formed before repeats are removed: refuse products that could not fit the term limit anyway.
        guard left.terms.count * right.terms.count <= FormulaParser.maximumTerms * 16 else {
            throw fail(p, "the formula expands to \(left.terms.count) × \(right.terms.count) interaction terms here, more than the limit of \(FormulaParser.maximumTerms); write the interactions you mean with ':'")
        }
        var out = [[Int]]()
        for l in left.terms {
            for r in right.terms {
                var t = l
                for f in r where !t.contains(f) { t.append(f) }
                out.append(t)
            }
        }
        return out
    }
}
