import GlassboxCore
import GlassboxTabular

/// Concatenates audit partials (``AuditPartial``) one at a time, in order, into the ``AuditData`` of
/// all their rows, without keeping the partials: the merge of `glassbox merge audit` (rows in memory,
/// ``InMemoryAuditRows``) and the chunk loop of a streamed audit (``StreamingAuditReader``, rows in a
/// ``ProjectionCache`` through ``ProjectionCacheWriter``).
///
/// Labels are coded provisionally in order of first appearance while rows arrive; ``data()`` sorts each
/// attribute's labels as a whole-table attribute sorts them (``CategoricalColumn/precedes(_:_:)``,
/// ``GroupAttribute/missingLabel`` last) and has the store recode the rows, so the result is the very
/// ``AuditData`` the whole table yields. Memory besides the store: the labels and the missing counts, at
/// most ``GroupAttribute/maximumLabels`` per attribute: ``append(_:)`` refuses a partial whose labels would
/// take the union beyond it before adding any of them, so a read stops at the chunk (or partial) where the
/// union crosses the cap, not after the whole file.
struct AuditRowAccumulator<Store: AuditRowStore> {
    private var store: Store
    private var names: [String]
    private var labelIndex: [[String: Int32]]
    private var labels: [[String]]
    private var rowsRead = 0
    private var missing = [String: Int]()
    private let scoreName: String?
    private let outcomeName: String?

    /// An empty accumulation into `store` for partials shaped like `first` (same columns).
    init(shapedLike first: AuditPartial, store: Store) {
        self.store = store
        names = first.attributes.map(\.name)
        labelIndex = names.map { _ in [:] }
        labels = names.map { _ in [] }
        scoreName = first.scoreName
        outcomeName = first.outcomeName
    }

    /// Appends the rows of `part` (validated, and made with the same columns as the first: each attribute's
    /// labels distinct).
    /// - Throws: ``AuditError/tooManyLabels(attribute:count:limit:)`` when an attribute's labels united with
    ///   those of the partials appended before number more than ``GroupAttribute/maximumLabels``, naming that union's size (the
    ///   labels seen so far, which may be fewer than the whole data's); nothing of `part` is appended then.
    ///   The store's errors (a cache that cannot be written).
    mutating func append(_ part: AuditPartial) throws {
        // The new labels are counted, not added, before the check: the union held never exceeds the cap,
        // and a partial's own labels (its chunk's, already in memory) are only looked up.
        for a in names.indices {
            let seen = labelIndex[a]
            let union = labels[a].count + part.attributes[a].levels.reduce(0) { $0 + (seen[$1] == nil ? 1 : 0) }
            try GroupAttribute.checkLabelCount(union, of: names[a])
        }
        rowsRead += part.rowsRead
        missing.merge(part.missingByColumn, uniquingKeysWith: +)
        let codes = names.indices.map { a in
            let attribute = part.attributes[a]
            let remap = attribute.levels.map { level -> Int32 in
                if let code = labelIndex[a][level] { return code }
                let code = Int32(labels[a].count)
                labelIndex[a][level] = code
                labels[a].append(level)
                return code
            }
            return attribute.codes.map { remap[Int($0)] }
        }
        try store.append(scores: part.scores, outcomes: part.outcomes, weights: part.weights, codes: codes)
    }

    /// The accumulated rows as one audit input, labels sorted and codes recoded.
    /// - Throws: ``AuditError/noRowsLeft(rowsRead:missingByColumn:)`` when no row is complete; the store's errors.
    consuming func data() throws -> Store.Output {
        guard store.count > 0 else { throw AuditError.noRowsLeft(rowsRead: rowsRead, missingByColumn: missing) }
        var sortedLabels = [[String]](), recode = [[Int32]]()
        for a in names.indices {
            let missingLabel = GroupAttribute.missingLabel
            let present = labels[a].filter { $0 != missingLabel }.sorted(by: CategoricalColumn.precedes)
            let sorted = present + (labels[a].contains(missingLabel) ? [missingLabel] : [])
            let position = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, Int32($0)) })
            sortedLabels.append(sorted)
            recode.append(labels[a].map { position[$0]! })
        }
        let header = AuditRowsHeader(attributes: names.indices.map { AuditData.AttributeLabels(name: names[$0], levels: sortedLabels[$0]) },
                                     rowsRead: rowsRead, missingByColumn: missing, scoreName: scoreName, outcomeName: outcomeName)
        return try store.output(recoding: recode, header: header)
    }
}

/// What ``AuditRowAccumulator`` keeps besides the rows: the attributes' sorted labels, the counts and the names.
struct AuditRowsHeader {
    var attributes: [AuditData.AttributeLabels]
    var rowsRead: Int
    var missingByColumn: [String: Int]
    var scoreName: String?
    var outcomeName: String?
}

/// Where ``AuditRowAccumulator`` keeps the rows: arrays (``InMemoryAuditRows``) or a projection cache
/// (``ProjectionCacheWriter``).
protocol AuditRowStore {
    /// The accumulated audit input: ``AuditData`` (in memory) or ``ProjectedAuditData`` (in a cache).
    associatedtype Output
    /// Rows appended so far.
    var count: Int { get }
    /// Appends rows: `codes[a]` are attribute a's provisional codes (order of first appearance).
    mutating func append(scores: [Double], outcomes: [UInt8], weights: [Double]?, codes: [[Int32]]) throws
    /// The rows, attribute a's provisional code k replaced by `recode[a][k]`, with `header`.
    consuming func output(recoding recode: [[Int32]], header: AuditRowsHeader) throws -> Output
}

/// The rows of a merge, in memory: score, outcome and weight as doubles, 4 bytes per code.
struct InMemoryAuditRows: AuditRowStore {
    private var scores = [Double]()
    private var outcomes = [Double]()
    private var weights: [Double]?
    private var codes: [[Int32]]

    init(attributes: Int, weighted: Bool) {
        codes = Array(repeating: [], count: attributes)
        weights = weighted ? [] : nil
    }

    var count: Int { scores.count }

    mutating func append(scores: [Double], outcomes: [UInt8], weights: [Double]?, codes: [[Int32]]) throws {
        self.scores += scores
        self.outcomes += outcomes.map(Double.init)
        if let weights { self.weights? += weights }
        for a in self.codes.indices { self.codes[a] += codes[a] }
    }

    consuming func output(recoding recode: [[Int32]], header: AuditRowsHeader) throws -> AuditData {
        var codes = [[Int32]]()
        swap(&codes, &self.codes)
        for a in codes.indices {
            let map = recode[a]
            for i in codes[a].indices { codes[a][i] = map[Int(codes[a][i])] }
        }
        var data = AuditData(scores: scores, outcomes: outcomes, weights: weights, codes: codes, attributes: header.attributes,
                             rowsRead: header.rowsRead, missingByColumn: header.missingByColumn)
        data.scoreName = header.scoreName
        data.outcomeName = header.outcomeName
        return data
    }
}

extension ProjectionCacheWriter {
    consuming func output(recoding recode: [[Int32]], header: AuditRowsHeader) throws -> ProjectedAuditData {
        ProjectedAuditData(cache: try finish(recoding: recode), attributeLabels: header.attributes, rowsRead: header.rowsRead,
                           missingByColumn: header.missingByColumn, scoreName: header.scoreName, outcomeName: header.outcomeName)
    }
}
