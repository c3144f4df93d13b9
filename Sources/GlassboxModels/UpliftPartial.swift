import GlassboxCore
import GlassboxTabular

/// The partial statistics of one partition of rows for one pass of a distributed uplift fit
/// (docs/scale.md §7). The levels pass holds the partition's arms tally (rows read, experiment rows per
/// arm, treatment values found, column kinds) and the level information of its experiment rows; every
/// later pass holds, per active component (``UpliftFitState/isActive(_:)``), the ``LogisticPartial`` of that
/// component's pass over the partition's rows of its arm (and control's, for the learners other than
/// two-model; nil for another component), and the rows at an estimated propensity of 0 or 1 of the arms
/// whose propensity is to be checked.
package struct UpliftPartial: Sendable, Codable, Equatable {
    package static let formatName = "glassbox-uplift-partial"
    /// The newest version written; a partial has its state's version (``UpliftFitState/version(for:)``).
    package static let currentVersion = 2

    package var format: String
    package var version: Int
    /// SHA-256 of the bytes of the state file the partial was computed for.
    package var stateSHA256: String
    /// The state's pass number.
    package var pass: Int
    package var kind: UpliftFitState.Kind
    /// Rows of the partition (every arm).
    package var rowsRead: Int?
    package var arms: UpliftChunkArms.Tally?
    package var levels: DesignLevels?
    /// Complete experiment rows per arm (levels pass, learners other than two-model).
    package var keptPerArm: [Int]?
    /// One entry per component of the state.
    package var components: [LogisticPartial?]?
    /// Per treated arm (index k − 1): rows whose estimated propensity is within 1e-8 of 0 or 1, for the
    /// arms of ``UpliftFitState/armsToCheck`` (nil for the others).
    package var extremePropensities: [Int?]?
    /// Per treated arm, the X-learner's effect sums over the partition's rows, when the state asks for them
    /// (``UpliftFitState/needsEffects``).
    package var effectSums: [UpliftFitState.EffectSums]?
}

extension UpliftPartial {
    /// Computes the partial of `table`'s rows for the pass `state` asks for.
    /// - Parameters:
    ///   - state: the fit's state (its request says which pass).
    ///   - stateSHA256: the SHA-256 of the state file's bytes, recorded so the merge can check it.
    ///   - table: the partition's rows (any number, including none).
    /// - Throws: ``ModelError/invalidFitState(_:)`` first when the state claims more design columns than a model
    ///   can have (``UpliftFitState/checkPassColumns(name:)``). The memory budget is the caller's check, before the
    ///   rows are read (``UpliftFitState/checkPassMemory(name:partials:limit:)``).
    package static func compute(state: UpliftFitState, stateSHA256: String, table: Table) throws -> UpliftPartial {
        guard state.status == LogisticFitState.running, let kind = state.request else {
            throw ModelError.invalidFitState("the state is finished (status '\(state.status)'): there is no pass to compute")
        }
        try state.checkPassColumns(name: "the state")
        var partial = UpliftPartial(format: formatName, version: UpliftFitState.version(for: state.training.learner), stateSHA256: stateSHA256,
                                    pass: state.pass, kind: kind, rowsRead: nil, arms: nil, levels: nil, keptPerArm: nil, components: nil,
                                    extremePropensities: nil, effectSums: nil)
        let parsed = try Formula.parse(state.training.formula)
        var arms = UpliftChunkArms(treatment: state.training.treatment, formulaColumns: parsed.sourceColumns)
        let codes = table.rowCount == 0 ? [] : try arms.codes(in: table)
        switch kind {
        case .levels:
            partial.rowsRead = table.rowCount
            partial.arms = arms.tally
            let armCount = state.training.treatment.treated.count + 1
            var kept = [Int](repeating: 0, count: armCount)
            if table.rowCount == 0 {
                partial.levels = DesignLevels(rowsRead: 0, rowsKept: 0, missingByColumn: [:], columns: [:])
            } else {
                let experimentRows = codes.indices.filter { codes[$0] >= 0 }
                let experiment = try UpliftRows.selecting(experimentRows, of: table)
                let collected = try DesignLevels.collectKeepingRows(parsed, table: experiment, extraColumns: [])
                partial.levels = collected.levels
                // Complete experiment rows per arm, all arms in one scan of the kept rows.
                kept = UpliftRows.countsByArm(collected.keptRows.map { codes[experimentRows[$0]] }, arms: armCount)
            }
            if state.training.learner != .twoModel { partial.keptPerArm = kept }
        case .components where state.training.learner != .twoModel:
            (partial.components, partial.extremePropensities, partial.effectSums) = try armPasses(state: state, stateSHA256: stateSHA256, table: table, codes: codes)
        case .components:
            // Component k fits the rows of arm k (0 control), in partition order; the arms' rows come from one scan.
            let rowsOfArm = UpliftRows.indicesByArm(codes, arms: state.components.count)
            partial.components = try state.components.enumerated().map { k, component in
                guard component.status == LogisticFitState.running else { return nil }
                let rows = try UpliftRows.selecting(rowsOfArm[k], of: table)
                return try LogisticPartial.compute(state: component, stateSHA256: stateSHA256, table: rows)
            }
        }
        return partial
    }
}
