/// A parsed R/patsy model formula such as `y ~ age + C(race, ref="White") + age:female`.
///
/// Supported: `+`, `-`, `:`, `*`, `/`, `(…)`, `(a + b)**2` / `^2`, `0`/`-1`/`+0` to drop and `1`
/// to keep the intercept, bare columns (identifiers with letters, digits, `_`, `.`; or
/// any name between backticks / `Q("odd name")`), `C(x)`, `C(x, ref="level")`, `C(x, Treatment("level"))`,
/// `I(expr)` and `log`, `log2`, `log10`, `exp`, `sqrt`, `abs` (inside `I()` or as bare terms).
/// Terms are expanded and deduplicated as patsy does (`patsy.ModelDesc.from_formula`); the
/// column order of the design matrix is decided from the data by ``DesignEncoding/fit(_:on:extraColumns:)``.
///
/// `Codable` stores only ``source``; decoding parses it again, so the value round-trips exactly.
public struct Formula: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The formula as the user wrote it.
    public let source: String
    /// The response (left of `~`), if any.
    package let response: FormulaFactor?
    /// Whether the design gets an `(Intercept)` column.
    public let hasIntercept: Bool
    /// Distinct factors of the right-hand side, in first-use order.
    package let factors: [FormulaFactor]
    /// Right-hand terms (intercept excluded), each a list of indices into ``factors``, in formula
    /// order after expansion and deduplication.
    package let terms: [[Int]]
    /// Every table column the formula reads, response included, in first-use order.
    public let sourceColumns: [String]

    /// The deepest formula accepted: a parsed formula is a tree at most this many nodes deep, where
    /// every parenthesis, function call, prefix sign and binary operator adds a level (so a sum of
    /// up to about this many terms, `a + b + c + …`, is accepted). Deeper formulas are a
    /// ``TabularError/formulaSyntax(formula:position:message:)``, never a stack overflow: every
    /// recursive walk over a parsed formula (term expansion, evaluation, printing, hashing,
    /// freeing) is bounded by this depth. Decoders of formula trees (model-file encodings) should
    /// refuse trees deeper than this.
    package static let maximumNestingDepth = 1000

    /// The most parentheses, function calls, prefix signs and `^` operators that may enclose one
    /// another (`((((x))))` is 4), a tighter limit than ``maximumNestingDepth`` because the
    /// recursive-descent parser spends about ten stack frames on each such level.
    package static let maximumGroupingDepth = 100

    /// Whether the formula has a response (`y ~ …` rather than `~ …`).
    public var hasResponse: Bool { response != nil }

    /// The response's name (`primary2006`, `I(score >= 5)`), if any.
    public var responseName: String? { response?.name }

    /// Term labels as patsy prints them, e.g. `["Intercept", "age", "C(race)", "age:female"]`
    /// but with Glassbox's `(Intercept)`.
    public var termLabels: [String] {
        (hasIntercept ? ["(Intercept)"] : []) + terms.map { $0.map { factors[$0].label }.joined(separator: ":") }
    }

    /// The formula as written (``source``).
    public var description: String { source }

    /// Parses `text`. Errors are ``TabularError/formulaSyntax(formula:position:message:)`` with the
    /// 0-based character offset of the problem. A `~` is always required; with
    /// `requireResponse: true` a formula without a response (`~ a + b`) is an error too.
    public static func parse(_ text: String, requireResponse: Bool = false) throws -> Formula {
        var parser = try FormulaParser(text: text)
        let (lhs, rhs, tilde) = try parser.parseFormula()
        var table = FormulaParser.FactorTable()
        var response: FormulaFactor?
        if let lhs {
            var responseTable = FormulaParser.FactorTable()
            let expansion = try parser.expand(lhs, &responseTable)
            guard !expansion.intercept, !expansion.interceptRemoved, expansion.terms.count == 1,
                  expansion.terms[0].count == 1 else {
                throw TabularError.formulaSyntax(formula: text, position: lhs.position,
                                                 message: "the response must be a single column or expression, e.g. 'y ~ …' or 'I(score >= 5) ~ …'")
            }
            response = responseTable.factors[expansion.terms[0][0]]
        } else if requireResponse {
            throw TabularError.formulaSyntax(formula: text, position: tilde, message: "missing response before '~' (this model needs 'y ~ …')")
        }
        let expansion = try parser.expand(rhs, &table)
        let terms = FormulaParser.unique(expansion.terms)
        // Keep only factors still used after '-' removed terms, renumbering the terms.
        var used = [Int]()
        for t in terms { for f in t where !used.contains(f) { used.append(f) } }
        used.sort()
        let factors = used.map { table.factors[$0] }
        let remap = Dictionary(uniqueKeysWithValues: used.enumerated().map { ($1, $0) })
        var read = Set(response?.columns ?? [])
        for f in factors { read.formUnion(f.columns) }
        return Formula(source: text, response: response, hasIntercept: !expansion.interceptRemoved,
                       factors: factors, terms: terms.map { $0.map { remap[$0]! } },
                       sourceColumns: parser.columnOrder.filter { read.contains($0) })
    }

    private init(source: String, response: FormulaFactor?, hasIntercept: Bool, factors: [FormulaFactor],
                 terms: [[Int]], sourceColumns: [String]) {
        self.source = source
        self.response = response
        self.hasIntercept = hasIntercept
        self.factors = factors
        self.terms = terms
        self.sourceColumns = sourceColumns
    }

    /// Decodes the formula's source text and parses it again.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try Formula.parse(text)
    }

    /// Encodes the formula as its source text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(source)
    }
}

extension FormulaFactor {
    /// How the factor appears in a term label: `C(…)` keeps its call form, as patsy's term names do.
    var label: String {
        switch self {
        case .column(let name): name
        case .categorical(let column, let reference):
            "C(\(FormulaExpression.quotedName(column))" + (reference.map { ", ref=\"\($0)\"" } ?? "") + ")"
        case .transform(let expression): expression.deparsed
        }
    }
}
