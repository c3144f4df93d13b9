import GlassboxCore
import GlassboxMetrics
import GlassboxTabular

/// The settings of an uplift evaluation (those of `glassbox evaluate uplift`), passed to the public entry
/// points as parameters.
package struct UpliftEvaluationSettings: Sendable, Equatable {
    /// Population shares for uplift@k, each in (0, 1).
    package var ks: [Double]
    /// Bins of the by-percentile table (10 = deciles).
    package var bins: Int
    /// Bootstrap resamples for the Qini AUC and uplift AUC intervals (0 = none).
    package var bootstrap: Int
    /// Seed of the bootstrap.
    package var seed: UInt64

    /// The defaults are those of `glassbox evaluate uplift`.
    package init(ks: [Double] = [0.1, 0.2, 0.3], bins: Int = 10, bootstrap: Int = 200, seed: UInt64 = 1) {
        self.ks = ks
        self.bins = bins
        self.bootstrap = bootstrap
        self.seed = seed
    }
}

/// Predicted uplift evaluated on experiment data, one ``UpliftEvaluation`` per treatment arm against
/// control (scikit-uplift's Qini AUC, uplift AUC, uplift@k and uplift by percentile, the average
/// effect with Neyman's interval).
///
/// Each arm is evaluated on the rows in control or that arm with a 0/1 outcome and a finite score.
/// Build it with ``UpliftModelFile/evaluate(on:treatment:outcome:ks:bins:bootstrap:seed:progress:)`` for a model, or
/// ``init(scoreColumn:on:treatment:outcome:ks:bins:bootstrap:seed:progress:)`` for a column of scores (a vendor's
/// persuasion score, say).
public struct UpliftModelEvaluation: Sendable {
    /// One treatment arm's evaluation.
    public struct Arm: Sendable {
        /// The treated value of this arm.
        public var treated: String
        /// The control value it is compared with.
        public var control: String
        /// Qini AUC, uplift AUC, uplift@k, by-percentile table, curves and average effect.
        public var evaluation: UpliftEvaluation
        /// The experiment rows evaluated (control and this arm, with an outcome and a score), in table
        /// order; ``UpliftModelEvaluation/table(of:)`` gives them as a table.
        public var rows: [Int]
        /// The 0/1 outcome of each of ``rows``.
        public var outcomes: [Double]
        /// The treatment flag (1 treated, 0 control) of each of ``rows``.
        public var treatment: [Double]
    }

    /// The outcome's name: the column given, else the model formula's response.
    public var outcome: String
    /// The treatment column and the values evaluated.
    public var treatment: UpliftTreatment
    /// The control and treated rows of the table evaluated.
    package var experiment: UpliftRows
    /// One evaluation per treated value, in arm order.
    public var arms: [Arm]
    /// Rows evaluated in at least one arm.
    public var rowsUsed: Int

    /// Experiment rows evaluated in no arm (no outcome or no score).
    public var rowsDropped: Int { experiment.table.rowCount - rowsUsed }

    /// The rows `arm` was evaluated on (control and that arm, with an outcome and a score) as a table,
    /// every column of the table evaluated, in table order: the data to explain one arm's uplift on.
    public func table(of arm: Arm) throws -> Table {
        try experiment.table(rows: arm.rows)
    }

    /// Evaluates a column of predicted uplift, the same scores for every treated value.
    /// - Parameters:
    ///   - scoreColumn: the numeric column of predicted uplift; rows where it is missing are skipped.
    ///   - outcome: the 0/1 outcome column; rows where it is missing are skipped.
    ///   - ks: population shares for uplift@k, each in (0, 1).
    ///   - bins: bins of the by-percentile table (10 = deciles).
    ///   - bootstrap: bootstrap resamples for the Qini AUC and uplift AUC intervals (0 = none).
    ///   - seed: the seed of the bootstrap.
    /// - Throws: ``ModelError`` when a column is missing or not numeric, the outcome is not binary, or an
    ///   arm has no treated or no control row left; ``UpliftMetricsError`` (through ``ModelError``, naming
    ///   the arm) when a metric cannot be computed.
    public init(scoreColumn: String, on table: Table, treatment: UpliftTreatment, outcome: String, ks: [Double] = [0.1, 0.2, 0.3],
                bins: Int = 10, bootstrap: Int = 200, seed: UInt64 = 1, progress: ProgressObserver? = nil) throws {
        let settings = UpliftEvaluationSettings(ks: ks, bins: bins, bootstrap: bootstrap, seed: seed)
        let rows = try UpliftRows(table, treatment: treatment)
        let values = try Self.numeric(rows.table, scoreColumn)
        let outcomes = try Self.outcomes(rows.table, column: outcome, name: outcome, fallback: nil)
        try self.init(rows, treatment: treatment, outcome: outcome, outcomes: outcomes,
                      scores: [[Double]](repeating: values, count: treatment.treated.count), settings: settings, progress: progress)
    }

    init(_ rows: UpliftRows, treatment spec: UpliftTreatment, outcome: String, outcomes: [Double], scores: [[Double]],
         settings: UpliftEvaluationSettings, progress: ProgressObserver?) throws {
        var arms = [Arm]()
        var used = Set<Int>()
        for (a, name) in spec.treated.enumerated() {
            let keep = rows.arms.indices.filter { (rows.arms[$0] == 0 || rows.arms[$0] == a + 1) && !outcomes[$0].isNaN && scores[a][$0].isFinite }
            let t = keep.map { rows.arms[$0] == 0 ? 0.0 : 1.0 }
            guard t.contains(1), t.contains(0) else {
                throw ModelError.unsupportedOption("no \(t.contains(1) ? "control" : "treated") rows with an outcome and a score remain for '\(name)'")
            }
            used.formUnion(keep)
            let y = keep.map { outcomes[$0] }
            do {
                let evaluation = try UpliftEvaluation(outcomes: y, uplift: keep.map { scores[a][$0] }, treatment: t, ks: settings.ks,
                                                      bins: settings.bins, bootstrap: settings.bootstrap, seed: settings.seed, progress: progress)
                arms.append(Arm(treated: name, control: spec.control, evaluation: evaluation, rows: keep, outcomes: y, treatment: t))
            } catch let error as UpliftMetricsError {
                throw ModelError.unsupportedOption("'\(name)': \(error.description)")
            }
        }
        self.outcome = outcome
        treatment = spec
        experiment = rows
        self.arms = arms
        rowsUsed = used.count
    }

    /// The 0/1 outcome per row of `table`: column `column` when given, else `fallback` (NaN where unknown).
    static func outcomes(_ table: Table, column: String?, name: String, fallback: [Double]?) throws -> [Double] {
        let values = try column.map { try numeric(table, $0) } ?? fallback ?? [Double](repeating: .nan, count: table.rowCount)
        if let bad = values.first(where: { !$0.isNaN && $0 != 0 && $0 != 1 }) {
            throw ModelError.unsupportedOption("outcome '\(name)' must be binary (0 or 1), but holds \(bad)")
        }
        return values
    }

    static func numeric(_ table: Table, _ name: String) throws -> [Double] {
        guard case .numeric(let values) = try table.column(named: name) else {
            throw ModelError.unsupportedOption("column '\(name)' must be numeric, but it holds text")
        }
        return values
    }
}

extension UpliftModelFile {
    /// Evaluates the model's predicted uplift on experiment data, per treatment arm against control:
    /// what `glassbox evaluate uplift MODEL` computes.
    /// - Parameters:
    ///   - table: the experiment; rows in other arms are ignored.
    ///   - treatment: the treatment column and values (default: the model's); every treated value must be
    ///     one the model was trained on.
    ///   - outcome: the 0/1 outcome column (default: the model formula's response).
    ///   - ks: population shares for uplift@k, each in (0, 1).
    ///   - bins: bins of the by-percentile table (10 = deciles).
    ///   - bootstrap: bootstrap resamples for the Qini AUC and uplift AUC intervals (0 = none).
    ///   - seed: the seed of the bootstrap.
    /// - Throws: ``ModelError`` when a treated value is not one of the model's, the outcome is not binary,
    ///   an arm has no treated or control row with an outcome and a score, or a metric cannot be computed;
    ///   ``TabularError`` when a model column is missing.
    public func evaluate(on table: Table, treatment: UpliftTreatment? = nil, outcome: String? = nil, ks: [Double] = [0.1, 0.2, 0.3],
                         bins: Int = 10, bootstrap: Int = 200, seed: UInt64 = 1, progress: ProgressObserver? = nil) throws -> UpliftModelEvaluation {
        let settings = UpliftEvaluationSettings(ks: ks, bins: bins, bootstrap: bootstrap, seed: seed)
        let spec = treatment ?? self.treatment
        let rows = try UpliftRows(table, treatment: spec)
        let n = rows.table.rowCount
        var scores = [[Double]](repeating: [Double](repeating: .nan, count: n), count: spec.treated.count)
        let design = try DesignBuilder.apply(encoding, to: rows.table, requireResponse: outcome == nil, extraColumns: outcome.map { [$0] } ?? [])
        let predictions = try upliftFit.predict(design.x)
        for (a, name) in spec.treated.enumerated() {
            guard let p = predictions.first(where: { $0.treated == name }) else {
                throw ModelError.unsupportedOption("the model has no uplift for treatment '\(name)'; it was trained on: \(self.treatment.treated.joined(separator: ", "))")
            }
            for (k, row) in design.rowIndices.enumerated() { scores[a][row] = p.uplift[k] }
        }
        let name = outcome ?? encoding.responseName ?? "outcome"
        var response: [Double]?
        if outcome == nil, let y = design.response {
            var values = [Double](repeating: .nan, count: n)
            for (k, row) in design.rowIndices.enumerated() { values[row] = y[k] }
            response = values
        }
        let outcomes = try UpliftModelEvaluation.outcomes(rows.table, column: outcome, name: name, fallback: response)
        return try UpliftModelEvaluation(rows, treatment: spec, outcome: name, outcomes: outcomes, scores: scores,
                                         settings: settings, progress: progress)
    }
}
