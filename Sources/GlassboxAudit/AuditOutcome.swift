import GlassboxTabular

/// The binary outcome of an audit: a table column, any 0/1 array aligned to the table's rows, or a
/// formula response expression evaluated on the table (`I(decile_score >= 5)`, `I(party == "DEM")`).
/// Missing values are NaN; every other value must be 0 or 1.
public enum AuditOutcome: Sendable, Equatable {
    /// A numeric 0/1 column of the table.
    case column(String)
    /// Values aligned to the table's rows (NaN = missing), named `name` in the reports.
    case values([Double], name: String)
    /// A response expression in the formula language (``Formula``), evaluated as the
    /// response of `expression ~ 1`; rows where it cannot be evaluated (a missing input) are missing.
    case expression(String)

    /// The name the reports use: the column, the given name, or the expression's text.
    public var name: String {
        switch self {
        case .column(let name), .values(_, let name): name
        case .expression(let text): text
        }
    }

    /// The outcome per table row (NaN = missing), checked to be binary.
    ///
    /// - Throws: ``AuditError/outcomeNotBinary(column:valuesFound:)`` (listing the values found),
    ///   ``AuditError/badOutcomeExpression(expression:message:)``, or a `TabularError` for a column that does not exist.
    public func values(in table: Table) throws -> [Double] {
        let v: [Double]
        switch self {
        case .column(let name):
            switch try table.column(named: name) {
            case .numeric(let values): v = values
            case .categorical(let c): throw AuditError.outcomeNotBinary(column: name, valuesFound: Array(c.levels.prefix(20)))
            }
        case .values(let values, _):
            guard values.count == table.rowCount else {
                throw AuditError.invalidSetting("the outcome has \(values.count) values for a table of \(table.rowCount) rows")
            }
            v = values
        case .expression(let text):
            v = try Self.evaluate(text, on: table)
        }
        var found = Set<Double>()
        for x in v where !x.isNaN && x != 0 && x != 1 { found.insert(x); if found.count > 20 { break } }
        if !found.isEmpty {
            var all = found
            for x in v where !x.isNaN { all.insert(x); if all.count > 30 { break } }
            throw AuditError.outcomeNotBinary(column: name, valuesFound: all.sorted().prefix(20).map(AuditData.label))
        }
        return v
    }

    /// `text` as the response of `text ~ 1` on every row of `table` (NaN where an input is missing).
    private static func evaluate(_ text: String, on table: Table) throws -> [Double] {
        let design: DesignMatrix
        do {
            let formula = try Formula.parse(text + " ~ 1", requireResponse: true)
            design = try DesignBuilder.fit(formula, on: table).1
        } catch let error as TabularError {
            throw AuditError.badOutcomeExpression(expression: text, message: error.message)
        }
        var y = [Double](repeating: .nan, count: table.rowCount)
        if let response = design.response {
            for (k, row) in design.rowIndices.enumerated() { y[row] = response[k] }
        }
        return y
    }
}
