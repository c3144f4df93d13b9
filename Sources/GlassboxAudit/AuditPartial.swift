import Foundation
import GlassboxCore
import GlassboxTabular

/// What one partition of a data set contributes to a bias audit, so that partitions audited apart
/// (Spark executors, shards of a file) merge into exactly the audit of the whole data.
///
/// A partial holds the audit's own inputs for the partition's complete rows — score, 0/1 outcome,
/// optional case weight and each row's group label per attribute (codes into the partition's sorted
/// labels) — plus the rows read and the missing counts per column. ``merged(_:)`` concatenates
/// partials in partition order and recodes the labels to their union, giving the very ``AuditData``
/// the whole table yields; the audit then runs once on it (``BiasAudit/run(_:configuration:progress:)``),
/// so every number is computed by the same code, in the same order, as on one machine.
///
/// Why rows and not only per-group tallies: the group tallies (``GroupTally``: integer counts and exact
/// sums of the weighted cells, scores and squared errors) merge exactly, but the rest of the audit needs
/// the rows in score order: the `--top` cut is a rank over all rows, with ties at the cut broken in file
/// order; calibration bins are cut at each group's own ranks; AUC and the calibration slope sweep the
/// rows sorted by (score, row). A partial that keeps the rows is the smallest statistic from which all of
/// those come out bit for bit today: one score, one outcome and one group code per attribute per complete
/// row, the audit's projection of the partition. `docs/design/bounded-audit.md` plans bounded partials.
package struct AuditPartial: Sendable, Equatable, Codable {
    /// The value of ``kind`` in every audit partial.
    package static let kindName = "glassbox.audit-partial"
    /// The format version written and accepted.
    package static let currentVersion = 1

    /// One audited attribute of the partition: its column, the labels that occur (sorted as
    /// ``GroupAttribute/levels``) and each complete row's label as an index into them.
    package struct Attribute: Sendable, Equatable, Codable {
        package var name: String
        package var levels: [String]
        package var codes: [Int32]
    }

    package var kind = AuditPartial.kindName
    package var version = AuditPartial.currentVersion
    /// What the score is (its column, or the model's predictions).
    package var scoreName: String?
    /// The outcome column or expression.
    package var outcomeName: String?
    /// The case weights column, if any.
    package var weightColumn: String?
    /// Data rows of the partition.
    package var rowsRead: Int
    /// Rows with a missing score, outcome or weight, per column.
    package var missingByColumn: [String: Int]
    /// Score of each complete row, in file order.
    package var scores: [Double]
    /// Outcome (0 or 1) of each complete row.
    package var outcomes: [UInt8]
    /// Case weight of each complete row (nil: unweighted).
    package var weights: [Double]?
    /// One entry per group column, in the order given.
    package var attributes: [Attribute]

    /// The partial of `data` (the audit rows of one partition).
    package init(_ data: AuditData, weightColumn: String?) {
        scoreName = data.scoreName
        outcomeName = data.outcomeName
        self.weightColumn = weightColumn
        rowsRead = data.rowsRead
        missingByColumn = data.missingByColumn
        scores = data.scores
        outcomes = data.outcomes.map { $0 == 1 ? 1 : 0 }
        weights = data.weights
        attributes = data.attributes.map { Attribute(name: $0.name, levels: $0.levels, codes: $0.codes) }
    }

    /// The rows of all `parts`, in the order given (partition order), as one audit input: scores,
    /// outcomes and weights concatenated; each attribute's labels the union of the parts' labels in
    /// ``CategoricalColumn/precedes(_:_:)`` order with ``GroupAttribute/missingLabel`` last, codes
    /// remapped to it; rows read and missing counts summed.
    ///
    /// - Throws: ``AuditError/badPartial(part:message:)`` when a part is malformed or the parts were
    ///   made with different score, outcome, weight or group columns, or one attribute of a part has more than
    ///   ``GroupAttribute/maximumLabels`` labels; ``AuditError/tooManyLabels(attribute:count:limit:)`` at the
    ///   part whose labels take an attribute's union beyond that cap (the count is the union of the parts up to
    ///   and including it, the later parts' labels not added);
    ///   ``AuditError/noRowsLeft(rowsRead:missingByColumn:)`` when no part has a complete row.
    package static func merged(_ parts: [AuditPartial]) throws -> AuditData {
        guard let first = parts.first else { throw AuditError.badPartial(part: 0, message: "no partials to merge") }
        for (p, part) in parts.enumerated() {
            try part.validate(part: p)
            guard part.scoreName == first.scoreName, part.outcomeName == first.outcomeName, part.weightColumn == first.weightColumn,
                  part.attributes.map(\.name) == first.attributes.map(\.name) else {
                throw AuditError.badPartial(part: p, message: "was made with other score, outcome, weight or group columns than partial 1")
            }
        }
        var rows = AuditRowAccumulator(shapedLike: first, store: InMemoryAuditRows(attributes: first.attributes.count, weighted: first.weights != nil))
        for part in parts { try rows.append(part) }
        return try rows.data()
    }

    /// Checks what ``merged(_:)`` relies on: kind and version, equal row counts, outcomes 0/1, weights
    /// non-negative and finite, labels distinct and codes in range, counts non-negative.
    func validate(part p: Int) throws {
        func bad(_ message: String) -> AuditError { .badPartial(part: p, message: message) }
        guard kind == Self.kindName else { throw bad("is not an audit partial (kind '\(kind)')") }
        guard version == Self.currentVersion else { throw bad("has format version \(version); this glassbox reads version \(Self.currentVersion)") }
        let n = scores.count
        guard rowsRead >= n, missingByColumn.values.allSatisfy({ $0 >= 0 && $0 <= rowsRead }) else { throw bad("has inconsistent row counts") }
        guard outcomes.count == n, outcomes.allSatisfy({ $0 <= 1 }) else { throw bad("needs one outcome, 0 or 1, per score") }
        guard !scores.contains(where: \.isNaN) else { throw bad("has a missing score") }
        guard (weights == nil) == (weightColumn == nil) else { throw bad("has weights without a weights column, or the reverse") }
        if let weights {
            guard weights.count == n, weights.allSatisfy({ $0 >= 0 && $0.isFinite }) else { throw bad("needs one non-negative finite weight per score") }
        }
        guard !attributes.isEmpty else { throw bad("has no group attribute") }
        for attribute in attributes {
            guard attribute.codes.count == n else { throw bad("attribute '\(attribute.name)' needs one code per score") }
            guard attribute.levels.count <= GroupAttribute.maximumLabels else {
                throw bad("attribute '\(attribute.name)' has \(attribute.levels.count) labels, more than the \(GroupAttribute.maximumLabels) an audit reports per attribute")
            }
            guard Set(attribute.levels).count == attribute.levels.count else { throw bad("attribute '\(attribute.name)' repeats a label") }
            let levels = Int32(attribute.levels.count)
            guard attribute.codes.allSatisfy({ $0 >= 0 && $0 < levels }) else { throw bad("attribute '\(attribute.name)' has a code outside its labels") }
        }
    }
}

extension AuditPartial {
    /// The partial as compact JSON (keys sorted; numbers as Swift prints them, which read back to the
    /// same bits; a non-finite score as "Infinity"/"-Infinity").
    package func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return [UInt8](try encoder.encode(self)) + [UInt8(ascii: "\n")]
    }

    /// Reads a partial written by ``encoded()``; `part` (0-based) names it in errors.
    /// - Throws: ``AuditError/badPartial(part:message:)`` when the bytes are not an audit partial.
    package static func decode(_ bytes: [UInt8], part: Int) throws -> AuditPartial {
        do {
            return try JSONFormat.decoder().decode(AuditPartial.self, from: Data(bytes))
        } catch {
            throw AuditError.badPartial(part: part, message: "is not a readable audit partial (\(String(describing: error).prefix(200)))")
        }
    }
}

extension Table {
    /// The audit partial of this table (one partition of a larger data set): the same rows, scores,
    /// outcome and groups ``biasAudit(scores:scoreColumn:outcome:groups:weights:configuration:progress:)``
    /// would use, kept for ``AuditPartial/merged(_:)``. A partition whose every row has a missing score,
    /// outcome or weight gives a partial with no rows (its missing counts still merge).
    package func auditPartial(scores: [Double]? = nil, scoreColumn: String?, outcome: AuditOutcome, groups: [String],
                              weights: String? = nil) throws -> AuditPartial {
        let partial = try uncappedAuditPartial(scores: scores, scoreColumn: scoreColumn, outcome: outcome, groups: groups, weights: weights)
        // A worker refuses what the merge would: no partial of an attribute beyond the audit's label cap.
        for attribute in partial.attributes { try GroupAttribute.checkLabelCount(attribute.levels.count, of: attribute.name) }
        return partial
    }

    /// ``auditPartial(scores:scoreColumn:outcome:groups:weights:)`` without the label cap: for a chunk of a streamed
    /// read, whose labels ``AuditRowAccumulator`` checks as they join the union of the chunks before it.
    func uncappedAuditPartial(scores: [Double]?, scoreColumn: String?, outcome: AuditOutcome, groups: [String],
                              weights: String?) throws -> AuditPartial {
        do {
            let data = try AuditData.from(table: self, scores: scores, scoreColumn: scoreColumn, outcome: outcome, groups: groups, weights: weights)
            return AuditPartial(data, weightColumn: weights)
        } catch AuditError.noRowsLeft(let rowsRead, let missing) {
            try AuditData.requireGroups(groups, in: self)
            var empty = AuditData(scores: [], outcomes: [], weights: weights == nil ? nil : [],
                                  attributes: groups.map { GroupAttribute(name: $0, levels: [], codes: []) },
                                  rowsRead: rowsRead, missingByColumn: missing)
            empty.scoreName = scores != nil && scoreColumn == nil ? "the model's predicted probability" : (scoreColumn ?? "score")
            empty.outcomeName = outcome.name
            return AuditPartial(empty, weightColumn: weights)
        }
    }
}
