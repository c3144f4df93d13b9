import GlassboxTabular

/// The rows an explainer works on: complete in every column it reads (rows with a missing value are
/// dropped and counted, as R's `na.omit`), with the binary outcome and case weights when given.
package struct ExplainData: Sendable {
    /// The kept rows, holding only the columns the explainer reads.
    package var table: Table
    /// The 0/1 outcome per kept row, when there is one.
    package var outcome: [Double]?
    /// The outcome's name (the model's response), when there is one.
    package var outcomeName: String?
    /// Case weights per kept row (finite, non-negative, not all zero).
    package var weights: [Double]?
    /// Treatment indicator per kept row (1 treated, 0 control), for uplift metrics (``ImportanceMetric/qini``).
    package var treatment: [Double]?
    /// Row index in the input table of each kept row.
    package var rowIndices: [Int]
    /// Rows of the input table.
    package var rowsRead: Int
    /// Rows dropped for a missing value.
    package var rowsDropped: Int { rowsRead - rowIndices.count }

    /// Data with the given parts; ``forModel(_:table:weights:withOutcome:extraColumns:)`` builds them from a model's encoding.
    package init(table: Table, outcome: [Double]?, outcomeName: String?, weights: [Double]?, rowIndices: [Int], rowsRead: Int,
                treatment: [Double]? = nil) {
        self.table = table
        self.treatment = treatment
        self.outcome = outcome
        self.outcomeName = outcomeName
        self.weights = weights
        self.rowIndices = rowIndices
        self.rowsRead = rowsRead
    }

    /// Rows for a model: the outcome is the model formula's response (evaluated as in training),
    /// read only when `withOutcome`.
    package static func forModel(_ encoding: DesignEncoding, table: Table, weights: String?, withOutcome: Bool,
                                 extraColumns: [String] = []) throws -> ExplainData {
        let extras = (weights.map { [$0] } ?? []) + extraColumns
        let design = try DesignBuilder.rows(encoding, in: table, requireResponse: withOutcome, extraColumns: extras)
        let rows = design.rowIndices
        guard !rows.isEmpty else { throw ExplainError.invalidData("no rows left after dropping rows with missing values") }
        let kept = try table.gathering(rows: rows, columns: encoding.predictorColumns + extras)
        let name = withOutcome ? encoding.responseName : nil
        if let y = design.response, let name { try checkBinary(y, name: name) }
        return ExplainData(table: kept, outcome: design.response, outcomeName: name,
                           weights: try weights.map { try weightValues($0, table: kept) }, rowIndices: rows, rowsRead: table.rowCount)
    }

    /// Rows for a set of columns with an optional outcome column (0/1).
    package static func forColumns(_ columns: [String], outcome: String?, weights: String?, table: Table) throws -> ExplainData {
        var needed = [String]()
        for c in columns + [outcome, weights].compactMap({ $0 }) where !needed.contains(c) { needed.append(c) }
        for c in needed where !table.hasColumn(c) { _ = try table.column(named: c) }
        let rows = try table.completeRows(needed)
        guard !rows.isEmpty else { throw ExplainError.invalidData("no rows left after dropping rows with missing values") }
        let kept = try table.gathering(rows: rows, columns: needed)
        var y: [Double]?
        if let outcome {
            guard case .numeric(let v) = try kept.column(named: outcome) else {
                throw ExplainError.outcomeNotBinary(name: outcome, example: .nan)
            }
            try checkBinary(v, name: outcome)
            y = v
        }
        return ExplainData(table: kept, outcome: y, outcomeName: outcome,
                           weights: try weights.map { try weightValues($0, table: kept) }, rowIndices: rows, rowsRead: table.rowCount)
    }

    static func checkBinary(_ y: [Double], name: String) throws {
        if let bad = y.first(where: { $0 != 0 && $0 != 1 }) { throw ExplainError.outcomeNotBinary(name: name, example: bad) }
    }

    static func weightValues(_ name: String, table: Table) throws -> [Double] {
        guard case .numeric(let w) = try table.column(named: name) else {
            throw ExplainError.invalidData("weights '\(name)' must be numeric")
        }
        if let bad = w.first(where: { !($0.isFinite && $0 >= 0) }) {
            throw ExplainError.invalidData("weights '\(name)' must be finite and non-negative, but hold \(bad)")
        }
        guard w.contains(where: { $0 > 0 }) else { throw ExplainError.invalidData("weights '\(name)' are zero for every row") }
        return w
    }

    /// Case weights at `rows` (nil when unweighted).
    func weights(at rows: [Int]?) -> [Double]? {
        guard let weights else { return nil }
        return rows.map { $0.map { weights[$0] } } ?? weights
    }
}
