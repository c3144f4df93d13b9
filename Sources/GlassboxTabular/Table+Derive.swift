/// Derived columns and the combined row preparation (derive, then filter) the command line applies.
extension Table {
    /// A copy with one new column per definition `NAME=EXPR` (see `RowExpression` for the language),
    /// evaluated in order on every row, so a later definition may use an earlier one. The result is
    /// numeric (comparisons give 1 or 0, missing stays missing) or text (a categorical column or a
    /// quoted string), and is appended after the existing columns.
    ///
    /// - Throws: ``TabularError/expressionSyntax(expression:position:message:)`` for a definition that
    ///   does not parse; ``TabularError/expression(_:)`` for a name that is already a column, an unknown
    ///   column, text used as a number or a division by zero (each naming the derived column).
    public func deriving(_ definitions: [String]) throws -> Table {
        var out = self
        for definition in definitions {
            let derived = try DerivedColumn(parsing: definition)
            let context = "the derived column '\(derived.name)'"
            if out.hasColumn(derived.name) {
                throw TabularError.expression("\(context) clashes with an existing column of that name; choose another name")
            }
            let column: Column
            switch try derived.expression.evaluate(on: out, context: context) {
            case .numbers(let values): column = .numeric(values)
            case .constant(let v): column = .numeric([Double](repeating: v, count: out.rowCount))
            case .categorical(_, let c): column = .categorical(c)
            case .text(let s): column = .categorical(CategoricalColumn(levels: [s], codes: [Int32](repeating: 0, count: out.rowCount)))
            }
            try out.append(name: derived.name, column: column)
        }
        return out
    }

    /// Derives the columns `derivations` defines (``deriving(_:)``), then keeps the rows every filter in
    /// `filters` holds for (``filtered(where:)``), so a filter may use a derived column. The summary is
    /// nil when there is no filter.
    public func prepared(deriving derivations: [String], where filters: [String]) throws -> (table: Table, summary: FilterSummary?) {
        let derived = derivations.isEmpty ? self : try deriving(derivations)
        if filters.isEmpty { return (derived, nil) }
        let (table, summary) = try derived.filtered(where: filters)
        return (table, summary)
    }

    /// The source columns `filters` and `derivations` read (in first-use order, derived names left out)
    /// and the derived names: what a reader that parses only some columns must add to its list, and
    /// remove from it. Throws the syntax errors of ``filtered(where:)`` and ``deriving(_:)``.
    public static func columnsRead(deriving derivations: [String], where filters: [String]) throws -> (read: [String], derived: [String]) {
        var read = [String](), seen = Set<String>(), derived = [String]()
        func note(_ columns: [String]) {
            for c in columns where !derived.contains(c) && seen.insert(c).inserted { read.append(c) }
        }
        for definition in derivations {
            let d = try DerivedColumn(parsing: definition)
            note(d.expression.columns)
            derived.append(d.name)
        }
        for filter in filters { note(try RowExpression(parsing: filter).columns) }
        return (read, derived)
    }
}
