/// Everything needed to rebuild the same design columns on new data: the formula, each factor's
/// kind, categorical levels and reference, and for each design column the factors (and levels)
/// whose product it is. `Codable`: saved inside model files (JSON) and round-trips exactly.
public struct DesignEncoding: Sendable, Equatable, Codable {
    /// The formula the design was built from.
    public var formula: Formula
    /// Design-matrix column names, in order (`(Intercept)`, `age`, `race[Black]`, `race[Black]:age`…).
    public var termNames: [String]
    /// For each design column, the table columns it is built from (first-use order).
    public var termSources: [[String]]
    /// The response's name (`primary2006`, `I(score >= 5)`), when the formula has one.
    public var responseName: String?
    /// How each factor of `formula.factors` was coded (parallel to it).
    package var factors: [FactorCoding]
    /// For each design column, the factors multiplied to make it (parallel to ``termNames``);
    /// an empty list is the intercept (a column of ones).
    package var columns: [[DesignPart]]

    package init(formula: Formula, termNames: [String], termSources: [[String]], responseName: String?,
                factors: [FactorCoding], columns: [[DesignPart]]) {
        self.formula = formula
        self.termNames = termNames
        self.termSources = termSources
        self.responseName = responseName
        self.factors = factors
        self.columns = columns
    }

    /// Table columns the right-hand side reads (the response excluded), in first-use order.
    public var predictorColumns: [String] {
        var out = [String]()
        for f in formula.factors { for c in f.columns where !out.contains(c) { out.append(c) } }
        return formula.sourceColumns.filter { out.contains($0) }
    }

    /// Index of the intercept column, if any.
    public var interceptIndex: Int? { columns.firstIndex(where: \.isEmpty) }
}

/// How one formula factor is coded.
package struct FactorCoding: Sendable, Equatable, Codable {
    /// Numeric (one column of values) or categorical (indicator columns per level).
    package enum Kind: String, Sendable, Codable { case numeric, categorical }
    /// The factor's name prefix (`age`, `race`, `log(income)`).
    package var name: String
    package var kind: Kind
    /// Levels seen in training, sorted (byte order for strings, numeric order for `C(number)`);
    /// empty for numeric factors.
    package var levels: [String]
    /// The reference (omitted) level of treatment coding; `nil` for numeric factors.
    package var reference: String?

    package init(name: String, kind: Kind, levels: [String] = [], reference: String? = nil) {
        self.name = name
        self.kind = kind
        self.levels = levels
        self.reference = reference
    }
}

/// One factor in the product that makes a design column.
package struct DesignPart: Sendable, Equatable, Codable {
    /// Index into ``Formula/factors``.
    package var factor: Int
    /// For a categorical factor, the index into its ``FactorCoding/levels`` whose indicator
    /// (1 when the row has that level, else 0) is used; `nil` for a numeric factor's values.
    package var level: Int?

    package init(factor: Int, level: Int? = nil) {
        self.factor = factor
        self.level = level
    }
}
