import GlassboxTabular

/// `--derive` and `--where` applied to each read chunk of a streamed file (docs/scale.md §3–4): derivations
/// and filters are row-wise, so a chunk prepared on its own holds the rows and values the whole prepared
/// table holds for those records. Checks each column's kind against the earlier chunks (``ColumnKinds``)
/// and sums the filters' counts over the chunks.
struct StreamedChunkPreparation {
    /// Derived columns (`NAME = EXPR`), computed before the filters.
    let derivations: [String]
    /// Row filters, all of which must hold.
    let filters: [String]
    /// What the streamed run is, for the column-kind message ("streamed scoring").
    let operation: String
    private var kinds: ColumnKinds
    /// The filters' counts summed over the chunks prepared so far (nil without filters).
    private(set) var filterSummary: FilterSummary?

    init(derivations: [String], filters: [String], operation: String) {
        self.derivations = derivations
        self.filters = filters
        self.operation = operation
        kinds = ColumnKinds(streamed: operation)
    }

    /// `table` (one chunk) derived and filtered.
    mutating func prepare(_ table: Table) throws -> Table {
        try kinds.check(table)
        let (prepared, filtered) = try table.prepared(deriving: derivations, where: filters)
        if let filtered {
            var sum = filterSummary ?? FilterSummary(filters: filtered.filters, rowsBefore: 0, rowsKept: 0, rowsMissing: 0)
            sum.rowsBefore += filtered.rowsBefore
            sum.rowsKept += filtered.rowsKept
            sum.rowsMissing += filtered.rowsMissing
            filterSummary = sum
        }
        return prepared
    }
}
