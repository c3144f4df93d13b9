import GlassboxCore
import GlassboxTabular

extension UpliftFitState {
    /// The state after adding `partials` (the pass the state asks for, in partition order), and the model
    /// file — the one ``UpliftModel/fit(formula:on:treatment:manifest:onWarning:progress:)`` writes for the
    /// same rows — when every component is finished: ``UpliftPassMerger`` fed the partials in order (a merge that
    /// reads partials from files adds each as it is read instead, holding one at a time).
    /// - Parameter provenance: the manifest template (Glassbox version, BLAS, time); its command line and
    ///   data record are replaced by the state's ``source`` and the merged row counts.
    package func merging(_ partials: [(name: String, partial: UpliftPartial)], provenance: Provenance) throws
        -> (state: UpliftFitState, model: UpliftModelFile?) {
        var merger = try UpliftPassMerger(state: self)
        for (name, partial) in partials { try merger.add(partial, name: name) }
        return try merger.finished(provenance: provenance)
    }

    /// The state after a merged pass (``pass`` already counted): running with the components' next requests, or
    /// done with the model file.
    func concluded(provenance: Provenance) throws -> (state: UpliftFitState, model: UpliftModelFile?) {
        var next = self
        guard next.isFinished else {
            next.request = .components
            return (next, nil)
        }
        next.status = LogisticFitState.done
        next.request = nil
        return (next, try next.modelFile(provenance: provenance))
    }

    /// The levels pass's merged arms tally, levels, rows read and complete rows per arm set; then each
    /// component's first request.
    mutating func setLevels(arms: UpliftChunkArms, levels merged: DesignLevels, rowsRead rows: Int, keptPerArm: [Int]?) throws {
        var arms = arms
        try arms.finish()
        let parsed = try Formula.parse(training.formula)
        let (encoding, warnings) = try merged.encoding(parsed, extraColumns: [])
        if training.learner != .twoModel { self.keptPerArm = try checkedKeptRows(keptPerArm ?? [], rowsKept: merged.rowsKept) }
        rowsRead = rows
        self.arms = arms.tally
        levels = merged
        self.encoding = encoding
        designWarnings = warnings
        let options = training.componentTraining
        components = try plan.map { plan in
            var component = try LogisticFitState(training: options, source: .init(commandLine: [], dataName: "-", dataSHA256: ""))
            component.encoding = encoding
            component.designTerms = designTerms(plan, termNames: encoding.termNames)
            return try component.replayedFit(responseName: label(plan)).state
        }
    }

    /// The partitions' complete rows per arm, added: they must add up to the rows kept; then `UpliftModel.fit`'s
    /// checks that control and every arm keep rows, in its order and with its messages.
    private func checkedKeptRows(_ kept: [Int], rowsKept: Int) throws -> [Int] {
        let treatment = training.treatment
        guard kept.count == treatment.treated.count + 1, kept.reduce(0, +) == rowsKept else {
            throw ModelError.invalidFitState("the partials' complete rows per arm add up to \(kept.reduce(0, +)), their levels to \(rowsKept) (was a partial edited?)")
        }
        if kept[0] == 0 { throw ModelError.unsupportedOption("no control rows ('\(treatment.control)') remain to fit the uplift model") }
        for (k, name) in treatment.treated.enumerated() where kept[k + 1] == 0 {
            throw ModelError.unsupportedOption("no treated rows ('\(name)') remain to fit the uplift model")
        }
        return kept
    }

    /// `UpliftModel.fit`'s check of an estimated propensity, once per arm after its fit: refused (with its
    /// message) when the fit found separation or any row's propensity is within 1e-8 of 0 or 1.
    /// - Parameter extremes: per arm checked, the partials' rows at an extreme propensity, added.
    mutating func checkPropensities(of arms: [Int], extremes: [Int]) throws {
        for (a, extreme) in zip(arms, extremes) {
            guard let k = propensityComponent(arm: a), let fit = try components[k].replayedFit(responseName: label(plan[k])).fit else {
                throw ModelError.invalidFitState("the propensity of arm \(a) is not fitted")
            }
            if fit.separation != .none || extreme > 0 {
                throw ModelError.separatedPropensity(treated: training.treatment.treated[a - 1], rows: extreme, separation: fit.separation.rawValue)
            }
            checkedPropensities = (checkedPropensities ?? []) + [a]
        }
    }

    /// The model file of the finished components: each arm's treated outcome model and the control model.
    private func modelFile(provenance: Provenance) throws -> UpliftModelFile {
        guard let encoding, let levels, let rowsRead else { throw ModelError.invalidFitState("the state has no design encoding") }
        var fits = [LogisticFit]()
        var rows = [Int]()
        guard training.learner == .twoModel else { return try armsModelFile(provenance: provenance) }
        for k in components.indices {
            guard let fit = try components[k].replayedFit(responseName: label(plan[k])).fit,
                  let summary = components[k].history.first?.summary else {
                throw ModelError.invalidFitState("component \(k) is not finished")
            }
            fits.append(fit)
            rows.append(summary.rows)
        }
        let control = UpliftComponent(role: .controlOutcome, logistic: fits[0])
        let arms = training.treatment.treated.enumerated().map { index, name in
            let k = index + 1
            return UpliftModel.armFit(treated: name, treatedRows: rows[k], controlRows: rows[0],
                                      components: [UpliftComponent(role: .treatedOutcome, logistic: fits[k]), control],
                                      warnings: UpliftModel.componentWarnings(.treatedOutcome, fits[k]) + UpliftModel.componentWarnings(.controlOutcome, fits[0]))
        }
        return try assembled(arms, provenance: provenance)
    }

    /// The model file of the S-learner's, X-learner's or class transformation's finished components, each arm's
    /// components in `UpliftModel.fit`'s order with its warnings (none from a propensity model).
    private func armsModelFile(provenance: Provenance) throws -> UpliftModelFile {
        guard let kept = keptPerArm else { throw ModelError.invalidFitState("the state has no rows per arm") }
        let plan = plan
        let arms = try training.treatment.treated.enumerated().map { index, name in
            let a = index + 1
            if training.learner == .xLearner {
                let (parts, warnings) = try xLearnerArm(a, kept: kept)
                return UpliftModel.armFit(treated: name, treatedRows: kept[a], controlRows: kept[0], components: parts, warnings: warnings)
            }
            var parts = [UpliftComponent](), warnings = [String]()
            for role in [UpliftComponent.Role.jointOutcome, .transformedOutcome, .propensity] {
                guard let k = plan.firstIndex(of: ComponentPlan(role: role, arm: a)) else { continue }
                guard let fit = try components[k].replayedFit(responseName: label(plan[k])).fit else {
                    throw ModelError.invalidFitState("component \(k) is not finished")
                }
                parts.append(UpliftComponent(role: role, logistic: fit))
                if role != .propensity { warnings += UpliftModel.componentWarnings(role, fit) }
            }
            return UpliftModel.armFit(treated: name, treatedRows: kept[a], controlRows: kept[0], components: parts, warnings: warnings)
        }
        return try assembled(arms, provenance: provenance)
    }

    /// The model file of fitted `arms`, with the state's provenance.
    private func assembled(_ arms: [UpliftArmFit], provenance: Provenance) throws -> UpliftModelFile {
        guard let encoding, let levels, let rowsRead else { throw ModelError.invalidFitState("the state has no design encoding") }
        let model = training.model
        let fit = UpliftFit(learner: model.learner, propensity: model.propensity, control: training.treatment.control, arms: arms)
        var manifest = provenance
        manifest.commandLine = source.commandLine
        manifest.data = .init(path: source.dataName, sha256: source.dataSHA256, rowsRead: rowsRead, rowsUsed: levels.rowsKept,
                              rowsDropped: levels.rowsRead - levels.rowsKept, missingByColumn: levels.missingByColumn)
        return UpliftModelFile(encoding: encoding, treatment: training.treatment, model: model, fit: fit, manifest: manifest)
    }
}
