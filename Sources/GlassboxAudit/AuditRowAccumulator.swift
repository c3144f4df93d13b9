import GlassboxTabular

/// Concatenates audit partials (``AuditPartial``) one at a time, in order, into the ``AuditData`` of
/// all their rows, without keeping the partials: the merge of `glassbox merge audit` and the chunk
/// loop of a streamed audit (``StreamingAuditReader``).
///
/// Labels are coded provisionally in order of first appearance while rows arrive; ``data()`` sorts each
/// attribute's labels as a whole-table attribute sorts them (``CategoricalColumn/precedes(_:_:)``,
/// ``GroupAttribute/missingLabel`` last) and recodes the rows in place, so the result is the very
/// ``AuditData`` the whole table yields. Memory: the complete rows' score, outcome, optional weight and
/// one 4-byte code per attribute.
struct AuditRowAccumulator {
    private var scores = [Double]()
    private var outcomes = [Double]()
    private var weights: [Double]?
    private var names: [String]
    private var labelIndex: [[String: Int32]]
    private var labels: [[String]]
    private var codes: [[Int32]]
    private var rowsRead = 0
    private var missing = [String: Int]()
    private let scoreName: String?
    private let outcomeName: String?

    /// An empty accumulation for partials shaped like `first` (same columns).
    init(shapedLike first: AuditPartial) {
        names = first.attributes.map(\.name)
        labelIndex = names.map { _ in [:] }
        labels = names.map { _ in [] }
        codes = names.map { _ in [] }
        weights = first.weightColumn == nil ? nil : []
        scoreName = first.scoreName
        outcomeName = first.outcomeName
    }

    /// Appends the rows of `part` (validated, and made with the same columns as the first).
    mutating func append(_ part: AuditPartial) {
        rowsRead += part.rowsRead
        missing.merge(part.missingByColumn, uniquingKeysWith: +)
        scores += part.scores
        outcomes += part.outcomes.map(Double.init)
        if let w = part.weights { weights? += w }
        for a in names.indices {
            let attribute = part.attributes[a]
            let remap = attribute.levels.map { level -> Int32 in
                if let code = labelIndex[a][level] { return code }
                let code = Int32(labels[a].count)
                labelIndex[a][level] = code
                labels[a].append(level)
                return code
            }
            codes[a] += attribute.codes.map { remap[Int($0)] }
        }
    }

    /// The accumulated rows as one audit input, labels sorted and codes recoded.
    /// - Throws: ``AuditError/noRowsLeft(rowsRead:missingByColumn:)`` when no row is complete.
    consuming func data() throws -> AuditData {
        guard !scores.isEmpty else { throw AuditError.noRowsLeft(rowsRead: rowsRead, missingByColumn: missing) }
        let attributes = names.indices.map { a in
            let missingLabel = GroupAttribute.missingLabel
            let present = labels[a].filter { $0 != missingLabel }.sorted(by: CategoricalColumn.precedes)
            let sorted = present + (labels[a].contains(missingLabel) ? [missingLabel] : [])
            let position = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, Int32($0)) })
            let recode = labels[a].map { position[$0]! }
            var recoded = [Int32]()
            swap(&recoded, &codes[a])
            for i in recoded.indices { recoded[i] = recode[Int(recoded[i])] }
            return GroupAttribute(name: names[a], levels: sorted, codes: recoded)
        }
        var data = AuditData(scores: scores, outcomes: outcomes, weights: weights, attributes: attributes,
                             rowsRead: rowsRead, missingByColumn: missing)
        data.scoreName = scoreName
        data.outcomeName = outcomeName
        return data
    }
}
