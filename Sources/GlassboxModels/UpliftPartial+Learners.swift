import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxTabular

extension UpliftPartial {
    /// The passes of the S-learner's, X-learner's and class transformation's components over a partition (docs/scale.md
    /// §7): per active component, the logistic partial over the partition's rows of its arm followed by its
    /// control rows (file order within each), with the design, outcome and weights `UpliftModel.fit` gives
    /// that component; and per arm whose estimated propensity is to be checked, its rows at 0 or 1.
    static func armPasses(state: UpliftFitState, stateSHA256: String, table: Table, codes: [Int]) throws
        -> (components: [LogisticPartial?], extremes: [Int?]?, effects: [UpliftFitState.EffectSums]?) {
        guard let encoding = state.encoding, let kept = state.keptPerArm else { throw ModelError.invalidFitState("the state has no design encoding") }
        // The partition's complete experiment rows: design, outcome and arm code per row.
        var x = Matrix(rows: 0, columns: encoding.termNames.count), y = [Double](), arm = [Int]()
        let experimentRows = codes.indices.filter { codes[$0] >= 0 }
        if !experimentRows.isEmpty {
            let design = try encoding.apply(to: try UpliftRows.selecting(experimentRows, of: table), requireResponse: true)
            x = design.x
            y = design.response ?? []
            arm = design.rowIndices.map { codes[experimentRows[$0]] }
        }
        try LogisticRegression.validateValues(y: y, responseName: encoding.responseName ?? "outcome", weights: nil, weightsName: "weights")

        // Every arm's rows in one scan of the arm codes.
        let rowsOfArm = UpliftRows.indicesByArm(arm, arms: state.training.treatment.treated.count + 1)
        /// Arm `a`'s rows and then control's, and T per row.
        func armRows(_ a: Int) -> (design: Matrix, y: [Double], t: [Double]) {
            let treated = rowsOfArm[a], control = rowsOfArm[0]
            let rows = treated + control
            return (x.selectingRows(rows), rows.map { y[$0] }, .init(repeating: 1, count: treated.count) + .init(repeating: 0, count: control.count))
        }
        /// Arm `a`'s rows alone (T is that of the arm).
        func ownRows(_ a: Int) -> (design: Matrix, y: [Double], t: [Double]) {
            let rows = rowsOfArm[a]
            return (x.selectingRows(rows), rows.map { y[$0] }, .init(repeating: a == 0 ? 0 : 1, count: rows.count))
        }
        /// e(x) per row of arm `a`'s design: the fitted propensity model's, or the design's treated share.
        func propensities(_ a: Int, _ design: Matrix) throws -> [Double] {
            guard let k = state.propensityComponent(arm: a) else {
                return .init(repeating: Double(kept[a]) / Double(kept[a] + kept[0]), count: design.rows)
            }
            guard let fit = try state.components[k].replayedFit(responseName: state.label(state.plan[k])).fit else {
                throw ModelError.invalidFitState("the propensity of arm \(a) is not fitted")
            }
            return try UpliftComponent(role: .propensity, logistic: fit).predict(design: design)
        }

        let plan = state.plan
        let components: [LogisticPartial?] = try plan.indices.map { k in
            guard state.isActive(k) else { return nil }
            // An outcome model (X-learner) fits its arm's rows alone, the others the arm's rows and control's.
            let outcomeOnly = plan[k].role == .treatedOutcome || plan[k].role == .controlOutcome
            let rows = outcomeOnly ? ownRows(plan[k].arm) : armRows(plan[k].arm)
            var design = rows.design, outcome = rows.y, weights: [Double]? = nil
            switch plan[k].role {
            case .treatedOutcome, .controlOutcome:
                break
            case .jointOutcome:
                design = design.withInteractions(treatment: rows.t)
            case .propensity:
                outcome = rows.t
            case .transformedOutcome:
                // As `UpliftModel.fit`: Z = YT + (1 − Y)(1 − T), weighted 1/(2e) treated and 1/(2(1 − e)) control.
                // Unit weights sum and multiply as no weights do, so the weights are always given.
                let e = try propensities(plan[k].arm, design)
                outcome = zip(rows.y, rows.t).map { $0 * $1 + (1 - $0) * (1 - $1) }
                weights = rows.t.indices.map { rows.t[$0] == 1 ? 0.5 / e[$0] : 0.5 / (1 - e[$0]) }
            default:
                throw ModelError.invalidFitState("component \(k) has the role \(plan[k].role.rawValue), which is not distributed")
            }
            return try LogisticPartial.compute(state: state.components[k], stateSHA256: stateSHA256, design: design, y: outcome,
                                               weights: weights, responseName: state.label(plan[k]))
        }
        let effects = state.needsEffects ? try state.effectSums(x: x, y: y, arm: arm) : nil
        let check = state.armsToCheck
        guard !check.isEmpty else { return (components, nil, effects) }
        let extremes: [Int?] = try (1...state.training.treatment.treated.count).map { a in
            guard check.contains(a) else { return nil }
            let e = try propensities(a, armRows(a).design)
            return e.reduce(0) { $0 + ($1 < 1e-8 || $1 > 1 - 1e-8 ? 1 : 0) }
        }
        return (components, extremes, effects)
    }
}
