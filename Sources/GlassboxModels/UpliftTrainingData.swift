import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxTabular

/// An experiment made ready for an uplift fit: the formula's design matrix over the control and
/// treated rows, each design row's arm, and the row counts a manifest records.
///
/// Building it is the first half of ``UpliftModel/fit(formula:on:treatment:progress:)``; build it
/// yourself to see the design's warnings or counts before fitting, then call ``UpliftModel/fit(_:progress:)``.
package struct UpliftTrainingData: Sendable {
    /// The formula's encoding (levels, reference categories, term names), saved with the model.
    public var encoding: DesignEncoding
    /// The design over the experiment rows complete in every model column (R's `na.omit`).
    public var design: DesignMatrix
    /// The 0/1 outcome per design row.
    public var outcomes: [Double]
    /// Per design row: 0 for control, k ∈ 1…K for `treatment.treated[k − 1]`.
    public var arms: [Int]
    /// The treatment column, its treated values and its control value.
    public var treatment: UpliftTreatment
    /// Rows of the table given.
    public var rowsRead: Int
    /// Rows in control or one of the treatments.
    public var experimentRows: Int
    /// Rows in another arm or with no treatment value (not used).
    public var otherRows: Int

    /// Builds the design of `formula` (R/patsy syntax, `outcome ~ predictors`) on the rows of `table`
    /// in control or one of `treatment`'s treated values.
    /// - Throws: ``ModelError`` when the formula has no outcome or uses the treatment column (the learner
    ///   adds the treatment itself), or the treatment values are not found; ``TabularError`` for a
    ///   formula that does not parse or names a missing column.
    public init(formula: String, table: Table, treatment: UpliftTreatment) throws {
        let parsed = try Formula.parse(formula)
        guard parsed.hasResponse else {
            throw ModelError.unsupportedOption("the formula \"\(formula)\" has no outcome: write it as \"outcome ~ predictors\"")
        }
        if parsed.sourceColumns.contains(treatment.column) {
            throw ModelError.unsupportedOption("the formula uses the treatment column '\(treatment.column)'; leave it out: the learner adds the treatment itself")
        }
        let rows = try UpliftRows(table, treatment: treatment)
        let (encoding, design) = try DesignBuilder.fit(parsed, on: rows.table)
        guard let y = design.response else { throw ModelError.unsupportedOption("the formula's outcome could not be built") }
        self.encoding = encoding
        self.design = design
        outcomes = y
        arms = design.rowIndices.map { rows.arms[$0] }
        self.treatment = treatment
        rowsRead = table.rowCount
        experimentRows = rows.table.rowCount
        otherRows = rows.otherRows
    }

    /// Experiment rows dropped for a missing value in a model column.
    public var droppedRowCount: Int { design.droppedRowCount }

    /// The manifest's description of the data, for a file at `path` with digest `sha256`.
    public func dataSource(path: String, sha256: String) -> Provenance.DataSource {
        .init(path: path, sha256: sha256, rowsRead: rowsRead, rowsUsed: design.x.rows, rowsDropped: design.droppedRowCount,
              missingByColumn: design.droppedByColumn)
    }
}

extension UpliftModel {
    /// Fits one uplift model per treatment arm against control on prepared training data
    /// (see ``fit(x:termNames:y:arm:treatments:control:responseName:progress:)`` for the learners).
    package func fit(_ data: UpliftTrainingData, progress: ProgressObserver? = nil) throws -> UpliftFit {
        try fit(x: data.design.x, termNames: data.encoding.termNames, y: data.outcomes, arm: data.arms, treatments: data.treatment.treated,
                control: data.treatment.control, responseName: data.encoding.responseName ?? "outcome", progress: progress)
    }

    /// Fits an uplift model from a formula and a table in one call, returning the model file that
    /// `glassbox train uplift` writes (encoding, treatment coding, options, every arm's components,
    /// warnings and `manifest`). When `manifest` names a data source, its row counts are filled in:
    /// rows read (the whole table), rows used, experiment rows dropped for a missing model value and
    /// missing values per column; rows in other arms are the rows read less the used and dropped ones.
    ///
    /// ```swift
    /// let model = UpliftModel(learner: .twoModel)
    /// let file = try model.fit(formula: "voted ~ age + voted_2022", on: table,
    ///                          treatment: UpliftTreatment(column: "canvassed", treated: ["1"], control: "0"))
    /// ```
    /// - Parameters:
    ///   - formula: `outcome ~ predictors`; the outcome must be 0/1 and the formula must not use the treatment column.
    ///   - table: the experiment; rows in other arms are ignored, rows with a missing model value dropped.
    ///   - treatment: the treatment column, its treated values (one model per value) and its control value.
    ///   - manifest: the provenance saved with the model (default: no command line, no data source).
    ///   - onWarning: hears each design warning (dropped rows, rare levels…) as soon as the design is built,
    ///     before the fit.
    public func fit(formula: String, on table: Table, treatment: UpliftTreatment, manifest: Provenance? = nil,
                    onWarning: ((String) -> Void)? = nil, progress: ProgressObserver? = nil) throws -> UpliftModelFile {
        let data = try UpliftTrainingData(formula: formula, table: table, treatment: treatment)
        for warning in data.design.warnings { onWarning?(warning) }
        let fit = try fit(data, progress: progress)
        var provenance = manifest ?? Provenance(commandLine: [], data: nil, blas: BLASLibrary.path)
        if let source = provenance.data {
            // Row counts come from the design; the row filters and derived columns the caller recorded stay.
            var counted = data.dataSource(path: source.path, sha256: source.sha256)
            counted.filters = source.filters
            counted.derivedColumns = source.derivedColumns
            provenance.data = counted
        }
        return UpliftModelFile(encoding: data.encoding, treatment: treatment, model: self, fit: fit, manifest: provenance)
    }
}
