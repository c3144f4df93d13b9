import GlassboxCore
import GlassboxTabular

/// A logistic regression fitted from an R-style formula and a ``Table`` in one call:
/// the design is built from the formula, rows with a missing value in a model column (or in the weights
/// or cluster column) are dropped and counted, and the result is a ``LogisticModelFile`` ready to save,
/// inspect or score. This is what `glassbox train logistic` does.
///
/// Maximum likelihood by Newton/IRLS agrees with statsmodels `Logit` / R `glm(family = binomial)`; with an
/// L1/L2 ``penalty`` with scikit-learn `LogisticRegression(C = 1/λ)` (intercept unpenalised). Case weights
/// are frequency weights as statsmodels GLM `freq_weights`; cluster-robust errors use statsmodels' default
/// small-sample correction G/(G−1)·(N−1)/(N−K).
///
/// ```swift
/// var training = LogisticTraining(formula: "voted ~ age + C(race)")
/// training.clusterColumn = "household"
/// let model = try training.fit(table, provenance: Provenance(commandLine: [], data: nil, blas: BLASLibrary.path))
/// ```
///
/// ``fit(_:provenance:onWarning:progress:)`` consumes the table: passed its last use (`consume table`), the
/// table is released once its design matrix is built, before the fit, so a large input is not held twice.
public struct LogisticTraining: Sendable {
    /// The model, as `outcome ~ predictors` (the outcome must be 0/1, e.g. `I(score >= 5) ~ …`).
    public var formula: String
    /// A numeric column of case (frequency) weights, or nil for none.
    public var weightsColumn: String?
    /// A column of cluster ids (any type) for cluster-robust standard errors, or nil.
    public var clusterColumn: String?
    /// No penalty (maximum likelihood), L1 or L2 (penalised fits report no standard errors).
    public var penalty: Penalty
    /// The covariance of an unpenalised fit without clusters: nonrobust or HC0–HC3 (``CovarianceType/cluster``
    /// is used whenever ``clusterColumn`` is set).
    public var covariance: CovarianceType
    /// The fit stops when the relative change in deviance is below this.
    public var tolerance: Double
    /// At most this many Newton iterations.
    public var maxIterations: Int

    /// A training specification; every setting but the formula has the CLI's default.
    public init(formula: String, weightsColumn: String? = nil, clusterColumn: String? = nil, penalty: Penalty = .none,
                covariance: CovarianceType = .nonrobust, tolerance: Double = 1e-10, maxIterations: Int = 100) {
        self.formula = formula
        self.weightsColumn = weightsColumn
        self.clusterColumn = clusterColumn
        self.penalty = penalty
        self.covariance = covariance
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }

    /// What the fit needs from the table: the design, the outcome, weights and cluster codes of the rows kept.
    package struct PreparedData: Sendable {
        package var encoding: DesignEncoding
        /// The design matrix of the rows kept (its `response` is moved to ``outcome``).
        package var design: DesignMatrix
        package var outcome: [Double]
        package var weights: [Double]?
        /// Cluster codes 0..<G in order of first appearance.
        package var clusters: [Int]?
        /// Rows of the table before rows with missing values were dropped.
        package var rowsRead: Int
    }

    /// Builds the design of `table` (throws when the formula has no outcome, a weights column holds text,
    /// or the cluster column has fewer than two values). The design builder's warnings go to `warn` as soon
    /// as the design is built, before the weights and clusters are checked.
    ///
    /// The formula's columns are removed from `table` while the design is built (the weights and cluster
    /// columns stay until they are read): when the caller holds the only copy of the table, each column is
    /// freed once copied into the design, so the table and the design matrix are never held whole at once.
    package func prepare(_ table: inout Table, warn: (String) -> Void = { _ in }) throws -> PreparedData {
        let parsed = try Formula.parse(formula)
        guard parsed.hasResponse else { throw ModelError.formulaWithoutOutcome(formula: formula) }
        let extras = [weightsColumn, clusterColumn].compactMap { $0 }
        var (encoding, design) = try DesignBuilder.fit(parsed, releasing: &table, extraColumns: extras)
        design.warnings.forEach(warn)
        guard let y = design.response else { throw ModelError.formulaWithoutOutcome(formula: formula) }
        design.response = nil
        let weights = try weightsColumn.map { try Self.numericValues(table, $0, rows: design.rowIndices) }
        let clusters = try clusterColumn.map { try Self.clusterCodes(table, $0, rows: design.rowIndices) }
        return PreparedData(encoding: encoding, design: design, outcome: y, weights: weights, clusters: clusters,
                            rowsRead: table.rowCount)
    }

    /// `prepare(&table, warn:)` on a copy of `table`: the caller's table keeps its columns (and its storage
    /// stays alive while the design is built).
    package func prepare(_ table: Table, warn: (String) -> Void = { _ in }) throws -> PreparedData {
        var copy = table
        return try prepare(&copy, warn: warn)
    }

    /// Fits the model to prepared data. `provenance` names the data file and command; its data row counts
    /// (read, used, dropped, missing per column) are filled in here.
    package func fit(_ data: PreparedData, provenance: Provenance, progress: ProgressObserver? = nil) throws -> LogisticModelFile {
        let design = data.design, encoding = data.encoding
        let model = LogisticRegression(penalty: penalty, covariance: clusterColumn != nil ? .cluster : covariance, tolerance: tolerance,
                                       maxIterations: maxIterations, hasIntercept: encoding.interceptIndex == 0)
        guard design.x.rows > 0 else { throw ModelError.noObservations }
        let fit = try model.fit(x: design.x, y: data.outcome, termNames: encoding.termNames, responseName: encoding.responseName ?? "outcome",
                                weights: data.weights, weightsName: weightsColumn ?? "weights", clusters: data.clusters, progress: progress)
        var manifest = provenance
        manifest.data?.rowsRead = data.rowsRead
        manifest.data?.rowsUsed = design.x.rows
        manifest.data?.rowsDropped = design.droppedRowCount
        manifest.data?.missingByColumn = design.droppedByColumn
        return LogisticModelFile(encoding: encoding, model: model, fit: fit, weights: weightsColumn, cluster: clusterColumn, manifest: manifest)
    }

    /// Fits the model to `table`: builds the design (rows with a missing model, weights or cluster value
    /// dropped and counted), releases the table, then fits.
    /// - Parameters:
    ///   - table: the data; pass its last use (`consume table`) to free it before the fit.
    ///   - provenance: names the data file and command; its data row counts (read, used, dropped, missing
    ///     per column) are filled in here.
    ///   - onWarning: hears each design warning (dropped rows, rare levels…) as soon as the design is built,
    ///     before the weights and clusters are checked.
    /// - Throws: ``ModelError`` when the formula has no outcome, the weights column holds text, the cluster
    ///   column has fewer than two values, no row remains, or the fit fails; ``TabularError`` for a formula
    ///   or column error.
    public func fit(_ table: consuming Table, provenance: Provenance, onWarning: ((String) -> Void)? = nil,
                    progress: ProgressObserver? = nil) throws -> LogisticModelFile {
        var owned = consume table
        let data = try prepare(&owned) { onWarning?($0) }
        _ = consume owned
        return try fit(data, provenance: provenance, progress: progress)
    }

    /// Values of a numeric column at the given rows (weights must be numeric).
    package static func numericValues(_ table: Table, _ name: String, rows: [Int]) throws -> [Double] {
        guard case .numeric(let values) = try table.column(named: name) else { throw ModelError.columnNotNumeric(name: name) }
        return rows.map { values[$0] }
    }

    /// Cluster ids (any column type) at the given rows, recoded to 0..<G in order of first appearance.
    static func clusterCodes(_ table: Table, _ name: String, rows: [Int]) throws -> [Int] {
        var codes = [Int]()
        codes.reserveCapacity(rows.count)
        switch try table.column(named: name) {
        case .numeric(let values):
            var map = [Double: Int]()
            for r in rows { codes.append(map[values[r]] ?? { let c = map.count; map[values[r]] = c; return c }()) }
        case .categorical(let c):
            var map = [Int32: Int]()
            for r in rows { codes.append(map[c.codes[r]] ?? { let k = map.count; map[c.codes[r]] = k; return k }()) }
        }
        let distinct = Set(codes).count
        if distinct < 2 { throw ModelError.tooFewClusters(column: name, count: distinct) }
        return codes
    }
}
