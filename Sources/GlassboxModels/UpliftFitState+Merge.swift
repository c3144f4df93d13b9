import GlassboxCore
import GlassboxTabular

extension UpliftFitState {
    /// The state after adding `partials` (the pass the state asks for, in partition order), and the model
    /// file — the one ``UpliftModel/fit(formula:on:treatment:manifest:onWarning:progress:)`` writes for the
    /// same rows — when every component is finished.
    /// - Parameter provenance: the manifest template (Glassbox version, BLAS, time); its command line and
    ///   data record are replaced by the state's ``source`` and the merged row counts.
    package func merging(_ partials: [(name: String, partial: UpliftPartial)], provenance: Provenance) throws
        -> (state: UpliftFitState, model: UpliftModelFile?) {
        guard status == LogisticFitState.running, let request else { throw ModelError.invalidFitState("the state is finished: there is nothing to merge") }
        guard !partials.isEmpty else { throw ModelError.invalidFitState("no partials to merge") }
        try checkPassColumns(name: "the state")
        var next = self
        next.pass += 1
        switch request {
        case .levels:
            try next.mergeLevels(partials)
        case .components:
            try next.mergeComponents(partials)
        }
        guard next.isFinished else {
            next.request = .components
            return (next, nil)
        }
        next.status = LogisticFitState.done
        next.request = nil
        return (next, try next.modelFile(provenance: provenance))
    }

    /// The arms and levels of the experiment rows; then each component's first request.
    private mutating func mergeLevels(_ partials: [(name: String, partial: UpliftPartial)]) throws {
        let parsed = try Formula.parse(training.formula)
        let treatment = training.treatment
        var arms = UpliftChunkArms(treatment: treatment, formulaColumns: parsed.sourceColumns)
        var merged: DesignLevels?
        var rows = 0
        for (name, part) in partials {
            guard let tally = part.arms, let levels = part.levels, let read = part.rowsRead, read >= 0 else {
                throw ModelError.invalidFitState("\(name) holds no arms, levels and row count")
            }
            try arms.merge(tally, in: name)
            try ModelError.checkCounts(levels, in: name)
            if merged == nil { merged = levels } else { try merged!.merge(levels) }
            try ModelError.checkCounts(merged!, in: name)
            rows = try ModelError.addingRowCount(read, to: rows, in: name)
        }
        try arms.finish()
        guard let merged else { throw ModelError.noObservations }
        let (encoding, warnings) = try merged.encoding(parsed, extraColumns: [])
        if training.learner != .twoModel { keptPerArm = try mergedKeptRows(partials, rowsKept: merged.rowsKept) }
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

    /// The partitions' complete rows per arm, added; then `UpliftModel.fit`'s checks that control and every
    /// arm keep rows, in its order and with its messages.
    private func mergedKeptRows(_ partials: [(name: String, partial: UpliftPartial)], rowsKept: Int) throws -> [Int] {
        let treatment = training.treatment
        var kept = [Int](repeating: 0, count: treatment.treated.count + 1)
        for (name, part) in partials {
            guard let counts = part.keptPerArm, counts.count == kept.count else {
                throw ModelError.invalidFitState("\(name) holds no complete rows of the state's \(kept.count) arms")
            }
            for a in kept.indices { kept[a] = try ModelError.addingRowCount(counts[a], to: kept[a], in: name) }
        }
        guard kept.reduce(0, +) == rowsKept else {
            throw ModelError.invalidFitState("the partials' complete rows per arm add up to \(kept.reduce(0, +)), their levels to \(rowsKept) (was a partial edited?)")
        }
        if kept[0] == 0 { throw ModelError.unsupportedOption("no control rows ('\(treatment.control)') remain to fit the uplift model") }
        for (k, name) in treatment.treated.enumerated() where kept[k + 1] == 0 {
            throw ModelError.unsupportedOption("no treated rows ('\(name)') remain to fit the uplift model")
        }
        return kept
    }

    /// Each active component's pass, merged and replayed on its own history; then the propensity checks.
    private mutating func mergeComponents(_ partials: [(name: String, partial: UpliftPartial)]) throws {
        let active = components.indices.filter(isActive)
        let check = armsToCheck
        let effects = needsEffects
        for (name, part) in partials {
            guard let parts = part.components, parts.count == components.count else {
                throw ModelError.invalidFitState("\(name) holds no partials of the state's \(components.count) component fits")
            }
            for k in components.indices where (parts[k] == nil) == active.contains(k) {
                let status = active.contains(k) ? "active" : components[k].status == LogisticFitState.done ? "done" : "waiting for its propensity check"
                throw ModelError.invalidFitState("\(name): component \(k) is \(status) but the partial \(parts[k] == nil ? "lacks" : "holds") its pass")
            }
            let extremes = part.extremePropensities ?? []
            guard check.isEmpty ? extremes.allSatisfy({ $0 == nil })
                    : extremes.count == training.treatment.treated.count && extremes.indices.allSatisfy({ (extremes[$0] != nil) == check.contains($0 + 1) && (extremes[$0] ?? 0) >= 0 }) else {
                throw ModelError.invalidFitState("\(name): its propensity checks are not those of the arms \(check) the state asks for")
            }
            guard effects == (part.effectSums != nil) else {
                throw ModelError.invalidFitState("\(name): the state asks for \(effects ? "" : "no ")effect sums; the partial \(effects ? "lacks" : "holds") them")
            }
        }
        if effects { effectSums = try mergedEffectSums(partials) }
        for k in active {
            let parts = partials.map { (name: "\($0.name), component \(k)", partial: $0.partial.components![k]!) }
            for part in parts {
                guard part.partial.kind == components[k].request?.kind, part.partial.pass == components[k].pass else {
                    throw ModelError.invalidFitState("\(part.name) holds a \(part.partial.kind.rawValue) pass \(part.partial.pass); the component asks for \(components[k].request?.kind.rawValue ?? "none") pass \(components[k].pass)")
                }
            }
            // A two-model arm without complete rows fails as the single-machine fit does, control first.
            if training.learner == .twoModel, components[k].request?.kind == .summary, parts.allSatisfy({ ($0.partial.summary?.rows ?? 0) == 0 }) {
                let value = k == 0 ? "control rows ('\(training.treatment.control)')" : "treated rows ('\(training.treatment.treated[k - 1])')"
                throw ModelError.unsupportedOption("no \(value) remain to fit the uplift model")
            }
            components[k] = try components[k].mergingPass(parts, responseName: label(plan[k])).state
        }
        try checkPropensities(of: check, partials)
    }

    /// `UpliftModel.fit`'s check of an estimated propensity, once per arm after its fit: refused (with its
    /// message) when the fit found separation or any row's propensity is within 1e-8 of 0 or 1.
    private mutating func checkPropensities(of arms: [Int], _ partials: [(name: String, partial: UpliftPartial)]) throws {
        for a in arms {
            var extreme = 0
            for (name, part) in partials { extreme = try ModelError.addingRowCount(part.extremePropensities![a - 1]!, to: extreme, in: name) }
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
