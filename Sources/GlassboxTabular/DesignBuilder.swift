import GlassboxLinearAlgebra

/// Builds design (model) matrices from a ``Formula`` and a ``Table``, as `patsy.dmatrices` and R's
/// `model.matrix(…, model.frame(…, na.action = na.omit))` do.
///
/// - Rows with a missing value in any column the formula reads (or in an extra column) are dropped
///   and counted (R's `na.omit`).
/// - Categorical factors use treatment (dummy) coding against the reference level (the first
///   level in sorted order unless `ref=` says otherwise); column layout and redundancy rules follow
///   patsy (see `DesignBuilder+Contrasts.swift`).
/// - Levels are those present in the kept rows (R's `drop.unused.levels = TRUE`), so no dummy is
///   identically zero.
/// - A non-finite value in a numeric factor or the response (for example `log(0)`, `1/0`, or an
///   infinite value in the data) is an error naming the term, the row and the values it was
///   computed from; unlike R it is never silently carried into the fit.
///
/// - A categorical column used as a bare term, in a transform or as the response, whose distinct
///   values are at least half numbers (`age` = 18…95 plus one `abc`) is an error that shows the text
///   values and the first row holding one; `C(column)` accepts it as categorical on purpose.
/// - Two different factors with the same name (`race + C(race)`) are an error: their design
///   columns could not be told apart.
///
/// Complexity: O(rows × design columns); each column is written straight into the column-major
/// storage of the matrix, by concurrent tasks that each own a block of rows of one column (plain
/// columns are copied with `memcpy` when no row is dropped), so the result is bit-identical for any
/// thread count.
package enum DesignBuilder {
    /// Learns the encoding (levels, references) from `table` and builds the matrix.
    /// `extraColumns` (e.g. weights, cluster ids) also drop their rows when missing.
    package static func fit(_ formula: Formula, on table: Table, extraColumns: [String] = []) throws -> (DesignEncoding, DesignMatrix) {
        var borrowed = table
        return try fit(formula, releasing: &borrowed, extraColumns: extraColumns, release: false)
    }

    /// ``fit(_:on:extraColumns:)`` for a caller that hands over the only copy of `table`: once the
    /// factors are evaluated, the columns the formula reads (but not `extraColumns`) are removed from
    /// `table`, and each column's storage is freed as soon as the last design column that reads it is
    /// filled, so the table and the design matrix are never held whole at once. Same result, same errors.
    package static func fit(_ formula: Formula, releasing table: inout Table,
                            extraColumns: [String] = []) throws -> (DesignEncoding, DesignMatrix) {
        try fit(formula, releasing: &table, extraColumns: extraColumns, release: true)
    }

    private static func fit(_ formula: Formula, releasing table: inout Table, extraColumns: [String],
                            release: Bool) throws -> (DesignEncoding, DesignMatrix) {
        let needed = unique(formula.sourceColumns + extraColumns)
        try requireColumns(needed, in: table)
        let selection = try selectRows(table, columns: needed)
        if selection.count == 0 {
            let detail = selection.droppedByColumn.sorted { $0.key < $1.key }.map { "'\($0.key)': \($0.value)" }.joined(separator: ", ")
            throw TabularError.formula("no rows left after dropping rows with missing values (missing per column: \(detail.isEmpty ? "none; the table is empty" : detail))")
        }

        if let response = formula.response {
            try checkResponse(response, table: table)
            try rejectResponseAsPredictor(response, formula: formula)
        }
        var codings = [FactorCoding]()
        for factor in formula.factors {
            codings.append(try learnCoding(factor, table: table, selection: selection))
        }
        let planned = try plan(formula, codings: codings)
        try rejectNameClashes(planned, formula: formula, codings: codings)
        let encoding = DesignEncoding(formula: formula, termNames: planned.map(\.name), termSources: planned.map(\.sources),
                                      responseName: formula.responseName, factors: codings, columns: planned.map(\.parts))
        try checkDesignSize(encoding, rows: selection.count, forFit: true)
        let released = release ? Set(formula.sourceColumns).subtracting(extraColumns) : []
        var matrix = try build(encoding, table: &table, selection: selection, withResponse: formula.hasResponse, strictLevels: true,
                               releasing: released)
        matrix.warnings = singleLevelWarnings(encoding, selection: selection)
        return (encoding, matrix)
    }

    /// Applies a saved encoding to new data. With `requireResponse: false` (scoring) the response
    /// is neither read nor used to drop rows, and may be absent; ``DesignMatrix/response`` is then nil.
    /// A level not seen in training is ``TabularError/unseenLevel(column:level:known:)``.
    package static func apply(_ encoding: DesignEncoding, to table: Table, requireResponse: Bool,
                              extraColumns: [String] = []) throws -> DesignMatrix {
        try applying(encoding, to: table, requireResponse: requireResponse, extraColumns: extraColumns, fillMatrix: true)
    }

    /// The rows ``apply(_:to:requireResponse:extraColumns:)`` keeps and its response, with the same
    /// checks (missing columns, unseen levels, non-finite values) but without filling the matrix:
    /// for callers that need only which rows a model sees. The returned ``DesignMatrix/x`` has no columns.
    package static func rows(_ encoding: DesignEncoding, in table: Table, requireResponse: Bool,
                            extraColumns: [String] = []) throws -> DesignMatrix {
        try applying(encoding, to: table, requireResponse: requireResponse, extraColumns: extraColumns, fillMatrix: false)
    }

    /// ``apply(_:to:requireResponse:extraColumns:)``, filling the matrix only when `fillMatrix`.
    private static func applying(_ encoding: DesignEncoding, to table: Table, requireResponse: Bool, extraColumns: [String],
                                 fillMatrix: Bool) throws -> DesignMatrix {
        let withResponse = requireResponse && encoding.formula.hasResponse
        let needed = unique((withResponse ? encoding.formula.sourceColumns : encoding.predictorColumns) + extraColumns)
        try requireColumns(needed, in: table)
        if withResponse, let response = encoding.formula.response { try checkResponse(response, table: table) }
        let selection = try selectRows(table, columns: needed)
        if fillMatrix { try checkDesignSize(encoding, rows: selection.count, forFit: false) }
        var borrowed = table
        return try build(encoding, table: &borrowed, selection: selection, withResponse: withResponse, strictLevels: false,
                         fillMatrix: fillMatrix)
    }

    // MARK: - learning

    private static func unique(_ names: [String]) -> [String] {
        var out = [String]()
        for n in names where !out.contains(n) { out.append(n) }
        return out
    }

    private static func checkResponse(_ response: FormulaFactor, table: Table) throws {
        switch response {
        case .column(let name):
            if case .categorical(let c) = try table.column(named: name) {
                if let text = NumericText(c) {
                    throw TabularError.formula("the response '\(name)' looks numeric but holds text: \(text.summary); fix or remove it, or list it as a missing-value token (\(parameter: .missingTokens))")
                }
                let example = c.levels.last ?? "level"
                throw TabularError.formula("the response '\(name)' is categorical; a response must be numeric (0/1 for a logistic model): write e.g. I(\(FormulaExpression.quotedName(name)) == \"\(example)\") ~ …")
            }
        case .categorical(let column, _):
            throw TabularError.formula("the response cannot be C(\(column)); a response must be numeric: write e.g. I(\(FormulaExpression.quotedName(column)) == \"level\") ~ …")
        case .transform:
            break
        }
    }

    /// A right-hand term that reads a column the response reads (`y ~ y`, `y ~ I(y * 2)`,
    /// `y ~ C(y)`, `I(score >= 5) ~ score`) predicts the response perfectly: the fit would report a
    /// meaningless model (or, for `y ~ y`, "converged" with no warning). R drops an identical
    /// response from the right-hand side with a warning and fits the others to perfect separation;
    /// Glassbox refuses the formula instead, naming the term.
    static func rejectResponseAsPredictor(_ response: FormulaFactor, formula: Formula) throws {
        let responseColumns = Set(response.columns)
        for term in formula.terms {
            for f in term {
                let factor = formula.factors[f]
                guard let shared = factor.columns.first(where: { responseColumns.contains($0) }) else { continue }
                let label = term.map { formula.factors[$0].label }.joined(separator: ":")
                throw TabularError.formula("the term '\(label)' reads the column '\(shared)', which the response '\(response.name)' is computed from: a predictor derived from the response predicts it perfectly (complete separation); remove it from the right-hand side")
            }
        }
    }

    /// Warnings for categorical factors that have a single level in the kept rows: treatment coding
    /// gives them no column, so their terms vanish from the design (as patsy does silently and R
    /// refuses with "contrasts can be applied only to factors with 2 or more levels").
    static func singleLevelWarnings(_ encoding: DesignEncoding, selection: RowSelection) -> [String] {
        var used = Set<Int>()
        for column in encoding.columns { for part in column { used.insert(part.factor) } }
        var out = [String]()
        for (f, coding) in encoding.factors.enumerated()
        where coding.kind == .categorical && coding.levels.count <= 1 && !used.contains(f) {
            let label = encoding.formula.factors[f].label
            let level = coding.levels.first.map { " ('\($0)')" } ?? ""
            let dropped = selection.droppedRowCount > 0 ? " after dropping \(selection.droppedRowCount) row(s) with missing values" : ""
            out.append("'\(label)' has a single level\(level)\(dropped): it is constant and gets no design column, so the terms using it are dropped from the model")
        }
        return out
    }

    private static func learnCoding(_ factor: FormulaFactor, table: Table, selection: RowSelection) throws -> FactorCoding {
        switch factor {
        case .transform:
            return FactorCoding(name: factor.name, kind: .numeric)
        case .column(let name):
            switch try table.column(named: name) {
            case .numeric: return FactorCoding(name: name, kind: .numeric)
            case .categorical(let c):
                try rejectNumericLookingText(c, name: name)
                let levels = presentLevels(c, selection)
                return FactorCoding(name: name, kind: .categorical, levels: levels, reference: levels.first)
            }
        case .categorical(let name, let reference):
            let levels: [String]
            switch try table.column(named: name) {
            case .categorical(let c): levels = presentLevels(c, selection)
            case .numeric(let values):
                let distinct = Set(selection.gather(values)).sorted()
                var seen = Set<String>()
                levels = distinct.map(FormulaExpression.formatNumber).filter { seen.insert($0).inserted }
            }
            if let reference, !levels.contains(reference) {
                let shown = levels.prefix(30).map { "'\($0)'" }.joined(separator: ", ")
                throw TabularError.formula("reference level '\(reference)' is not a level of '\(name)'; levels are: \(shown)\(levels.count > 30 ? ", …" : "")")
            }
            return FactorCoding(name: name, kind: .categorical, levels: levels, reference: reference ?? levels.first)
        }
    }

    /// Levels of `column` that occur in the kept rows, in the column's (sorted) order.
    private static func presentLevels(_ column: CategoricalColumn, _ selection: RowSelection) -> [String] {
        var present = [Bool](repeating: false, count: column.levels.count)
        column.codes.withUnsafeBufferPointer { codes in
            if let rows = selection.rows {
                for r in rows where codes[r] >= 0 { present[Int(codes[r])] = true }
            } else {
                for code in codes where code >= 0 { present[Int(code)] = true }
            }
        }
        return column.levels.indices.filter { present[$0] }.map { column.levels[$0] }
    }
}
