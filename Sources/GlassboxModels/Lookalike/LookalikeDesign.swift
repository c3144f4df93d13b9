import GlassboxTabular

/// The design matrix and seed flags of a lookalike training table.
///
/// Checks, in order: the formula has no response (`~ a + b`), the seed column exists and holds only
/// seed / non-seed values with both present (``LookalikeSeeds/read(_:column:requireBoth:)``), the
/// formula does not use the seed column, no feature is missing in every row; then the rows with a
/// missing feature value are dropped and seeds and non-seeds must both remain. With `oneHot` (the
/// `similarity` method) every level of a categorical gets an indicator (``SimilarityEncoding``);
/// otherwise the regression design's treatment coding (``DesignBuilder``).
package struct LookalikeDesign: Sendable {
    /// The design encoding (terms, factor codings) the model file keeps.
    public var encoding: DesignEncoding
    /// The design of the rows kept; ``DesignMatrix/warnings`` holds the design's notes (dropped rows…).
    public var design: DesignMatrix
    /// The seed column read.
    public var seedColumn: String
    /// Seed flag per design row.
    public var seeds: [Bool]
    /// Rows of the table the design was built from (kept and dropped).
    public var tableRowCount: Int

    /// Builds the design of `formula` (features only) on `table`, with the seed flags of `seedColumn`.
    /// `onWarning` hears each design warning (``DesignMatrix/warnings``) as soon as the design is
    /// built, before the seed counts of the kept rows are checked.
    public init(_ table: Table, formula text: String, seedColumn: String, oneHot: Bool = false,
                onWarning: ((String) -> Void)? = nil) throws {
        let formula = try Formula.parse(text)
        if formula.hasResponse { throw ModelError.formulaHasResponse }
        let allSeeds = try LookalikeSeeds.read(table, column: seedColumn, requireBoth: true)
        if formula.sourceColumns.contains(seedColumn) { throw ModelError.formulaUsesSeedColumn(column: seedColumn) }
        for name in formula.sourceColumns where table.hasColumn(name) {
            if try table.column(named: name).missingCount == table.rowCount {
                throw ModelError.featureEntirelyMissing(column: name)
            }
        }
        (encoding, design) = oneHot ? try SimilarityEncoding.fit(formula, on: table) : try DesignBuilder.fit(formula, on: table)
        for warning in design.warnings { onWarning?(warning) }
        self.seedColumn = seedColumn
        tableRowCount = table.rowCount
        seeds = design.rowIndices.map { allSeeds[$0] }
        let count = seeds.reduce(0) { $0 + ($1 ? 1 : 0) }
        if count == 0 { throw ModelError.noSeeds(column: seedColumn, rows: seeds.count) }
        if count == seeds.count { throw ModelError.everyRowSeed(column: seedColumn, rows: seeds.count) }
    }

    /// The number of seeds among the design rows.
    public var seedCount: Int { seeds.reduce(0) { $0 + ($1 ? 1 : 0) } }
}
