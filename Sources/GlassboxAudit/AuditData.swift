import GlassboxCore
import GlassboxTabular

/// The rows an audit runs on: score, binary outcome, optional case weight, and group attributes,
/// after dropping rows whose score, outcome or weight is missing (as R's `na.omit`; a missing group
/// value is kept as the `(missing)` group).
///
/// The rows are in memory (a table read whole, a merge of partials, or a streamed audit's
/// ``ProjectedAuditData`` read once by ``ProjectedAuditData/loaded()``).
package struct AuditData: Sendable {
    /// One attribute's name and labels (its codes are kept apart).
    package struct AttributeLabels: Sendable, Equatable {
        package var name: String
        package var levels: [String]
    }

    /// The score of every row.
    package let scores: [Double]
    /// The outcome (0 or 1) of every row.
    package let outcomes: [Double]
    /// The case weight of every row; nil when unweighted.
    package let weights: [Double]?
    /// Attribute a's code of every row, indexing `attributeLabels[a].levels`.
    private let codes: [[Int32]]
    /// Name and labels of each attribute, in the order given.
    package let attributeLabels: [AttributeLabels]
    package var rowsRead: Int
    /// Rows with a missing value, per column (a row can count under several columns).
    package var missingByColumn: [String: Int]
    /// What the score is (its column name, or a description of a model's predictions), for the reports.
    package var scoreName: String?
    /// The outcome column's name, for the reports.
    package var outcomeName: String?
    /// For rows read from a projection cache (``ProjectedAuditData/loaded()``): the cache, the row budget M of the
    /// rank statistics' windows and where their window-ordered cache goes; ``BiasAudit`` then sweeps AUC and
    /// calibration from the cache window by window
    /// (``GroupRankStatistics/compute(_:levels:extraCodes:overall:include:bins:probability:rowBudget:temporaryDirectory:exactSumsOnly:)``,
    /// the same bits). Nil: from the rows in memory.
    package var rankSource: (cache: ProjectionCache, rowBudget: Int, temporaryDirectory: TemporaryDirectory)?

    /// One attribute per `--group` column, in the order given.
    package var attributes: [GroupAttribute] {
        attributeLabels.indices.map { GroupAttribute(name: attributeLabels[$0].name, levels: attributeLabels[$0].levels, codes: codes[$0]) }
    }

    package var rowsUsed: Int { scores.count }
    package var rowsDropped: Int { rowsRead - rowsUsed }

    package init(scores: [Double], outcomes: [Double], weights: [Double]?, attributes: [GroupAttribute],
                rowsRead: Int? = nil, missingByColumn: [String: Int] = [:]) {
        self.init(scores: scores, outcomes: outcomes, weights: weights, codes: attributes.map(\.codes),
                  attributes: attributes.map { AttributeLabels(name: $0.name, levels: $0.levels) },
                  rowsRead: rowsRead ?? scores.count, missingByColumn: missingByColumn)
    }

    /// The rows given column by column: `codes[a]` index `attributes[a].levels`.
    init(scores: [Double], outcomes: [Double], weights: [Double]?, codes: [[Int32]], attributes: [AttributeLabels],
         rowsRead: Int, missingByColumn: [String: Int]) {
        self.scores = scores
        self.outcomes = outcomes
        self.weights = weights
        self.codes = codes
        attributeLabels = attributes
        self.rowsRead = rowsRead
        self.missingByColumn = missingByColumn
    }

    /// Builds the audit rows from a table.
    ///
    /// - Parameters:
    ///   - scores: precomputed scores (NaN = missing), e.g. a model's predictions; otherwise `scoreColumn` is read.
    /// - Throws: ``AuditError`` — score not numeric, outcome not binary (listing the values), group
    ///   column missing, bad weights, or no rows left.
    package static func from(table: Table, scores precomputed: [Double]? = nil, scoreColumn: String?, outcome: String,
                            groups: [String], weights weightColumn: String? = nil) throws -> AuditData {
        var score: [Double]
        var scoreName = scoreColumn ?? "score"
        if let precomputed {
            score = precomputed
            scoreName = scoreColumn ?? "(model score)"
        } else {
            guard let scoreColumn else { throw AuditError.invalidSetting("give a score column or a model") }
            switch try table.column(named: scoreColumn) {
            case .numeric(let v): score = v
            case .categorical(let c):
                throw AuditError.scoreNotNumeric(column: scoreColumn, example: c.firstTextExample)
            }
        }
        let y = try AuditOutcome.column(outcome).values(in: table)
        var w: [Double]?
        if let weightColumn {
            switch try table.column(named: weightColumn) {
            case .numeric(let v):
                if let bad = v.first(where: { !$0.isNaN && ($0 < 0 || !$0.isFinite) }) {
                    throw AuditError.badWeights(column: weightColumn, message: "must be non-negative and finite; found \(label(bad))")
                }
                w = v
            case .categorical:
                throw AuditError.badWeights(column: weightColumn, message: "must be numeric")
            }
        }
        try requireGroups(groups, in: table)

        var missing = [scoreName: 0, outcome: 0]
        if let weightColumn { missing[weightColumn] = 0 }
        // Rows with a missing value, found in one scan; the row index list is built only when some are dropped.
        let complete = !score.contains { $0.isNaN } && !y.contains { $0.isNaN } && !(w?.contains { $0.isNaN } ?? false)
        var rows: [Int]?
        if !complete {
            var kept = [Int]()
            kept.reserveCapacity(table.rowCount)
            for i in 0..<table.rowCount {
                var keep = true
                if score[i].isNaN { missing[scoreName]! += 1; keep = false }
                if y[i].isNaN { missing[outcome]! += 1; keep = false }
                if let w, let wc = weightColumn, w[i].isNaN { missing[wc]! += 1; keep = false }
                if keep { kept.append(i) }
            }
            guard !kept.isEmpty else { throw AuditError.noRowsLeft(rowsRead: table.rowCount, missingByColumn: missing) }
            rows = kept
        }
        guard table.rowCount > 0 else { throw AuditError.noRowsLeft(rowsRead: table.rowCount, missingByColumn: missing) }
        let attributes = try groups.map { GroupAttribute(name: $0, column: try table.column(named: $0), selected: rows) }
        var data = rows.map { rows in
            AuditData(scores: rows.map { score[$0] }, outcomes: rows.map { y[$0] }, weights: w.map { w in rows.map { w[$0] } },
                      attributes: attributes, rowsRead: table.rowCount, missingByColumn: missing)
        } ?? AuditData(scores: score, outcomes: y, weights: w, attributes: attributes, rowsRead: table.rowCount, missingByColumn: missing)
        data.scoreName = precomputed != nil && scoreColumn == nil ? "the model's predicted probability" : scoreName
        data.outcomeName = outcome
        return data
    }

    /// Builds the audit rows from a table with any binary outcome (``AuditOutcome``): a column, a 0/1
    /// array aligned to the table's rows, or a formula response expression such as `I(decile_score >= 5)`.
    ///
    /// - Throws: ``AuditError`` as ``from(table:scores:scoreColumn:outcome:groups:weights:)``, and
    ///   ``AuditError/badOutcomeExpression(expression:message:)`` for an expression that does not parse or evaluate.
    package static func from(table: Table, scores precomputed: [Double]? = nil, scoreColumn: String?, outcome: AuditOutcome,
                            groups: [String], weights weightColumn: String? = nil) throws -> AuditData {
        if case .column(let name) = outcome {
            return try from(table: table, scores: precomputed, scoreColumn: scoreColumn, outcome: name, groups: groups, weights: weightColumn)
        }
        var extended = table
        let y = try outcome.values(in: table)
        let name = outcome.name
        // The outcome enters as a column of its own name, so that every check and message below is the column path's.
        var column = name
        while table.hasColumn(column) { column += "_" }
        try extended.append(name: column, column: .numeric(y))
        var data = try from(table: extended, scores: precomputed, scoreColumn: scoreColumn, outcome: column, groups: groups, weights: weightColumn)
        if column != name, let missing = data.missingByColumn.removeValue(forKey: column) { data.missingByColumn[name] = missing }
        data.outcomeName = name
        return data
    }

    /// Throws ``AuditError/missingGroupColumn(_:available:)`` for the first of `groups` that is not a column of `table`.
    static func requireGroups(_ groups: [String], in table: Table) throws {
        if let missing = groups.first(where: { !table.hasColumn($0) }) {
            throw AuditError.missingGroupColumn(missing, available: table.columnNames)
        }
    }

    /// `x` as the reports print a data value: whole numbers without a decimal point.
    static func label(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
    }
}
