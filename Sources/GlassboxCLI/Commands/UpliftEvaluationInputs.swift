import GlassboxModels
import GlassboxTabular

/// What `evaluate uplift` and `report` evaluate: per treatment arm the uplift score of every row of
/// `rows.table`, and the 0/1 outcome (NaN where unavailable), so both give the same numbers.
struct UpliftEvaluationInputs {
    var outcomeName: String
    var outcomes: [Double]
    /// scores[a][row]: the uplift of arm a (NaN where the model has no value).
    var scores: [[Double]]

    /// From a model file's predictions; the outcome is the `outcome` column when given, else the model's response.
    init(file: UpliftModelFile, treatment spec: UpliftTreatment, rows: UpliftRows, outcome: String?) throws {
        outcomes = [Double](repeating: .nan, count: rows.table.rowCount)
        scores = [[Double]](repeating: outcomes, count: spec.treated.count)
        let design = try DesignBuilder.apply(file.encoding, to: rows.table, requireResponse: outcome == nil,
                                             extraColumns: outcome.map { [$0] } ?? [])
        let predictions = try file.upliftFit.predict(design.x)
        for (a, name) in spec.treated.enumerated() {
            guard let p = predictions.first(where: { $0.treated == name }) else {
                throw CLIError(description: "the model has no uplift for treatment '\(name)'; it was trained on: \(file.treatment.treated.joined(separator: ", "))")
            }
            for (k, row) in design.rowIndices.enumerated() { scores[a][row] = p.uplift[k] }
        }
        outcomeName = outcome ?? file.encoding.responseName ?? "outcome"
        if outcome == nil, let response = design.response {
            for (k, row) in design.rowIndices.enumerated() { outcomes[row] = response[k] }
        }
        try readOutcome(outcome, rows: rows)
    }

    /// From a score column shared by every arm and an outcome column.
    init(uplift: String, treatment spec: UpliftTreatment, rows: UpliftRows, outcome: String?) throws {
        let values = try numericValues(rows.table, uplift, rows: Array(0..<rows.table.rowCount))
        outcomes = [Double](repeating: .nan, count: rows.table.rowCount)
        scores = [[Double]](repeating: values, count: spec.treated.count)
        outcomeName = outcome ?? ""
        try readOutcome(outcome, rows: rows)
    }

    private mutating func readOutcome(_ outcome: String?, rows: UpliftRows) throws {
        if let outcome { outcomes = try numericValues(rows.table, outcome, rows: Array(0..<rows.table.rowCount)) }
        if let bad = outcomes.first(where: { !$0.isNaN && $0 != 0 && $0 != 1 }) {
            throw CLIError(description: "outcome '\(outcomeName)' must be binary (0 or 1), but holds \(bad)")
        }
    }

    /// Arm `a`'s rows (control or arm a, with an outcome and a finite score) and their treatment flags.
    func arm(_ a: Int, name: String, rows: UpliftRows) throws -> (keep: [Int], treatment: [Double]) {
        let keep = rows.arms.indices.filter { (rows.arms[$0] == 0 || rows.arms[$0] == a + 1) && !outcomes[$0].isNaN && scores[a][$0].isFinite }
        let t = keep.map { rows.arms[$0] == 0 ? 0.0 : 1.0 }
        guard t.contains(1), t.contains(0) else {
            throw CLIError(description: "no \(t.contains(1) ? "control" : "treated") rows with an outcome and a score remain for '\(name)'")
        }
        return (keep, t)
    }
}
